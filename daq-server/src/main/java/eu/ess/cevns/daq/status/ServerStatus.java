package eu.ess.cevns.daq.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.readout.RejectReason;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.StoreCounters;
import eu.ess.cevns.daq.timing.BeamCounters;
import eu.ess.cevns.daq.timing.BeamTimingClient;

/**
 * The server's own sections of {@code /api/status}: {@code run}, {@code readout}, {@code store}
 * and {@code beam}, with the field names of the operator contract (DESIGN §7).
 */
public final class ServerStatus {
    private ServerStatus() {
    }

    public static StatusSection run(RunControl runs) {
        return section("run", s -> {
            RunInfo r = runs.current();
            if (r == null) {
                s.putNull("number");
            } else {
                s.put("number", r.number());
            }
            s.put("state", runs.state().name());
            s.put("start", r == null || r.start() == null ? null : r.start().toString());
            s.put("stop", r == null || r.stop() == null ? null : r.stop().toString());
            s.put("comment", r == null ? "" : r.comment());
        });
    }

    public static StatusSection readout(ReadoutCounters counters) {
        return section("readout", s -> {
            ReadoutCounters.Snapshot c = counters.snapshot();
            s.put("packets", c.packets());
            s.put("heartbeats", c.heartbeats());
            s.put("waveforms", c.waveforms());
            s.put("bytes", c.bytes());
            s.put("lostPackets", c.lostPackets());
            s.put("reordered", c.reordered());
            ObjectNode rejected = s.putObject("rejected");
            rejected.put("total", c.rejectedTotal());
            for (RejectReason r : RejectReason.all()) {
                rejected.put(r.key(), c.rejected(r));
            }
            s.put("tcpConnections", c.tcpConnections());
            s.put("tcpClosedGarbage", c.tcpClosedGarbage());
            s.put("tcpSkippedBytes", c.tcpSkippedBytes());
        });
    }

    public static StatusSection store(StoreCounters counters) {
        return section("store", s -> {
            s.put("waveforms", counters.waveforms());
            s.put("bytes", counters.bytes());
            s.put("pulses", counters.pulses());
            s.put("noRunWaveforms", counters.noRunWaveforms());
            s.put("dropped", counters.dropped());
        });
    }

    /**
     * Beam from ESS timing: beam present as EPICS last reported it (UNKNOWN while timing is down or
     * silent, or beam present is not known), the connection (charge and beam-present PVs), the
     * pulses of the run by state and the protons on target of its ON pulses, the power and mode,
     * and the offset between readout and EPICS clocks.
     */
    public static StatusSection beam(BeamTimingClient timing, BeamCounters counters) {
        return section("beam", s -> {
            s.put("state", timing.beamNow().name());
            s.put("timing", timing.isConnected() ? "CONNECTED" : "DISCONNECTED");
            s.put("timingFresh", timing.isLive());
            ObjectNode p = s.putObject("pulses");
            p.put("on", counters.pulsesOn());
            p.put("off", counters.pulsesOff());
            p.put("unknown", counters.pulsesUnknown());
            s.put("potOn", counters.potOn());
            s.put("chargeOnUc", counters.chargeOnUc());
            s.put("powerMw", timing.powerMw());
            s.put("mode", timing.mode());
            s.put("lastChargeUc", timing.lastChargeUc());
            s.put("epicsUpdates", timing.updates());
            s.put("clockOffsetUs", counters.lastClockOffsetNs() / 1e3);
            s.put("maxClockOffsetUs", counters.maxAbsClockOffsetNs() / 1e3);
        });
    }

    private static StatusSection section(String name, java.util.function.Consumer<ObjectNode> writer) {
        return StatusSection.of(name, writer);
    }
}
