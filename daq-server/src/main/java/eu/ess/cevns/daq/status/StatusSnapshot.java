package eu.ess.cevns.daq.status;

import eu.ess.cevns.daq.alarm.Alarm;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.run.RunState;
import eu.ess.cevns.daq.store.DropReason;
import eu.ess.cevns.daq.store.StoreState;
import eu.ess.cevns.daq.store.SyncStatus;
import eu.ess.cevns.daq.timing.BeamState;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The server's status at one moment, typed: what {@code /api/status} serves (as JSON, through
 * {@link StatusJson}), what the status PVs publish, what the alarm rules judge and what the metrics
 * read. One of these is taken every second for the PVs and alarms, and one on each request. Parts
 * attached by extensions (the live analysis) are in {@link #part}, under their own type.
 *
 * @param rates waveform and packet rates over the last second, as the once-a-second sampling measured them
 */
public record StatusSnapshot(Instant time, Run run, ReadoutCounters.Snapshot readout, Store store, Beam beam, Alarms alarms,
                             List<Channel> channels, Rates rates, Map<StatusPart<?>, Object> parts) {

    public StatusSnapshot {
        channels = List.copyOf(channels);
        // a part may hold null (nothing known yet), which Map.copyOf refuses; order is the JSON's order
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** The value extension part {@code part} had when this snapshot was taken, or null if it was not attached. */
    public <T> T part(StatusPart<T> part) {
        return part.type().cast(parts.get(part));
    }

    /** This snapshot with another alarm section (the alarm evaluation of this very snapshot). */
    public StatusSnapshot withAlarms(Alarms a) {
        return new StatusSnapshot(time, run, readout, store, beam, a, channels, rates, parts);
    }

    /** This snapshot with the rates the sampling measured. */
    public StatusSnapshot withRates(Rates r) {
        return new StatusSnapshot(time, run, readout, store, beam, alarms, channels, r, parts);
    }

    /** The current or last run: {@code number} empty before the first run. */
    public record Run(OptionalInt number, RunState state, Instant start, Instant stop, String comment) {
        public boolean running() {
            return state == RunState.RUNNING;
        }
    }

    /**
     * What the run store has done (per run, except the drops, since start): the drops in all and by
     * reason, what the store is doing ({@code stateMessage} says why it refuses, if it does), and its
     * sync policy with what its syncs did.
     */
    public record Store(long waveforms, long bytes, long pulses, long noRunWaveforms, long dropped,
                        Map<DropReason, Long> droppedByReason, StoreState state, String stateMessage, SyncStatus sync) {
        public Store {
            droppedByReason = Map.copyOf(droppedByReason);
        }

        /** A store that does not sync. */
        public Store(long waveforms, long bytes, long pulses, long noRunWaveforms, long dropped, Map<DropReason, Long> droppedByReason,
                     StoreState state, String stateMessage) {
            this(waveforms, bytes, pulses, noRunWaveforms, dropped, droppedByReason, state, stateMessage, SyncStatus.NONE);
        }

        /** A recording store whose drops were all for want of room in the ring (tests). */
        public Store(long waveforms, long bytes, long pulses, long noRunWaveforms, long dropped) {
            this(waveforms, bytes, pulses, noRunWaveforms, dropped, Map.of(DropReason.RING_FULL, dropped), StoreState.RECORDING, "");
        }

        public long dropped(DropReason reason) {
            return droppedByReason.getOrDefault(reason, 0L);
        }
    }

    /**
     * Beam from ESS timing: beam present as EPICS last reported it, the connection, the run's pulses
     * by state and the protons on target of its ON pulses, power, mode, and the clock offset between
     * readout and EPICS, and the pulse join's timeouts (why pulses stayed UNKNOWN).
     */
    public record Beam(BeamState state, boolean timingConnected, boolean timingFresh, long pulsesOn, long pulsesOff,
                       long pulsesUnknown, double potOn, double chargeOnUc, double powerMw, String mode, double lastChargeUc,
                       long epicsUpdates, double clockOffsetUs, double maxClockOffsetUs, Join join) {
    }

    /**
     * The pulse join's timeouts since start: pulses stored UNKNOWN because their EPICS data did not
     * come within {@code timing.joinWaitMs} while timing was live; of those, how many had an EPICS
     * pulse within half a period but beyond {@code timing.t0ToleranceUs} (the clocks disagree; the
     * last such offset in µs), the rest none at all (the data came late or never).
     */
    public record Join(long timeouts, long offClockTimeouts, double lastOffClockUs) {
        public static final Join NONE = new Join(0, 0, 0);
    }

    /**
     * The alarms the crew sees ({@code active}: raised and not shelved, whether active, acknowledged
     * or cleared and waiting for an acknowledgement; most severe first), the highest severity among
     * them, the free space the evaluation measured (-1 unknown), and the shelved alarms.
     */
    public record Alarms(List<Alarm> active, Severity severity, long diskFreeBytes, List<Alarm> shelved) {
        public static final Alarms NONE = new Alarms(List.of(), Severity.NO_ALARM, -1);

        public Alarms {
            active = List.copyOf(active);
            shelved = List.copyOf(shelved);
        }

        public Alarms(List<Alarm> active, Severity severity, long diskFreeBytes) {
            this(active, severity, diskFreeBytes, List.of());
        }

        /** How many of the listed alarms wait for someone to acknowledge them. */
        public long unacknowledged() {
            return active.stream().filter(Alarm::unacknowledged).count();
        }
    }

    /** One configured, enabled channel: waveforms since start, recent rate, seconds silent, threshold in force. */
    public record Channel(int id, String digitizer, long waveforms, double rateHz, double silentS, double thresholdKeVnr) {
    }

    /** Rates over the last second of sampling; 0 until two samples exist. */
    public record Rates(double waveformsPerS, double packetsPerS) {
        public static final Rates NONE = new Rates(0, 0);
    }
}
