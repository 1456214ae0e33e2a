package eu.ess.cevns.daq.store;

import java.time.Instant;
import java.util.List;

/**
 * Receives the records of a run as {@link RunReader} reads them. Every method has a default that
 * ignores the record, so a consumer implements only what it needs.
 */
public interface RecordVisitor {
    default void onRunStart(int run, Instant start, String softwareVersion, String who, String comment, String config) {
    }

    /** A waveform; the flyweight is valid during this call only. */
    default void onWaveform(StoredWaveform waveform) {
    }

    default void onPulse(long t0Ns, double chargeUc, int beamState) {
    }

    default void onConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
    }

    default void onAlarm(Instant time, int severity, boolean raised, String name, String message) {
    }

    /**
     * What a person did about an alarm ({@code action}: an {@link AlarmActionRecord.Action} code;
     * a code this version does not know is passed as it is). {@code shelvedUntil} is null except
     * for a shelve. An act made while no run was recording is written at the start of the next run,
     * with its own time.
     */
    default void onAlarmAction(Instant time, int action, String name, String who, String reason, Instant shelvedUntil) {
    }

    default void onRunStop(Instant stop, boolean aborted, long waveforms, long pulses, long dropped, String who, String comment) {
    }

    /** A logbook entry written while the run was open (tags in the order given, possibly none). */
    default void onLogEntry(Instant time, String who, String text, List<String> tags) {
    }

    /** The run flagged good, bad or check (the flag's text; "code N" for a code this version does not know). */
    default void onRunQuality(Instant time, String who, String flag, String reason) {
    }

    /** A record of a kind or schema version this software does not know; it was skipped. */
    default void onUnknown(int kind, int version, long length) {
    }
}
