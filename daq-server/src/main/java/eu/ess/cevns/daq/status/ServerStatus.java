package eu.ess.cevns.daq.status;

import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.DropReason;
import eu.ess.cevns.daq.store.StoreCounters;
import eu.ess.cevns.daq.store.StoreWriter;
import eu.ess.cevns.daq.timing.BeamCounters;
import eu.ess.cevns.daq.timing.BeamTimingClient;
import eu.ess.cevns.daq.timing.PulseJoin;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The server's own sections of the status, read from the parts that keep them: run control, the
 * store's counters, and beam timing with the run's pulse counts.
 */
public final class ServerStatus {
    private ServerStatus() {
    }

    public static StatusSnapshot.Run run(RunControl runs) {
        RunInfo r = runs.current();
        return new StatusSnapshot.Run(r == null ? OptionalInt.empty() : OptionalInt.of(r.number()), runs.state(),
                r == null ? null : r.start(), r == null ? null : r.stop(), r == null ? "" : r.comment());
    }

    public static StatusSnapshot.Store store(StoreWriter w) {
        StoreCounters c = w.counters();
        Map<DropReason, Long> byReason = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.all()) {
            byReason.put(r, c.dropped(r));
        }
        return new StatusSnapshot.Store(c.waveforms(), c.bytes(), c.pulses(), c.noRunWaveforms(), c.dropped(), byReason, w.state(),
                w.stateMessage(), w.syncStatus());
    }

    /**
     * Beam from ESS timing: beam present as EPICS last reported it (UNKNOWN while timing is down or
     * silent, or beam present is not known), the connection (charge and beam-present PVs), the
     * pulses of the run by state and the protons on target of its ON pulses, the power and mode,
     * the offset between readout and EPICS clocks, and the pulse join's timeouts.
     */
    public static StatusSnapshot.Beam beam(BeamTimingClient timing, BeamCounters c, PulseJoin join) {
        return new StatusSnapshot.Beam(timing.beamNow(), timing.isConnected(), timing.isLive(), c.pulsesOn(), c.pulsesOff(),
                c.pulsesUnknown(), c.potOn(), c.chargeOnUc(), timing.powerMw(), timing.mode(), timing.lastChargeUc(),
                timing.updates(), c.lastClockOffsetNs() / 1e3, c.maxAbsClockOffsetNs() / 1e3,
                new StatusSnapshot.Join(join.waitTimeouts(), join.offClockTimeouts(), join.lastOffClockNs() / 1e3));
    }
}
