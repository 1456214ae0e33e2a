package eu.ess.cevns.daq.store;

import java.time.Instant;
import java.util.Map;

/**
 * A run as its {@code run.json} describes it: number, state, start and stop time (stop is null
 * while it runs), the operator's comment, and the counters written at stop (or at recovery): the
 * waveforms dropped, in all and by reason ({@link DropReason} keys), and why it stopped
 * ({@link StopReason} key). A {@code run.json} written before those two were kept reads them as null.
 */
public record RunInfo(int number, State state, Instant start, Instant stop, String comment,
                      long waveforms, long pulses, long dropped, String stopComment, String stopReason,
                      Map<String, Long> droppedByReason) {

    /** Stored state of a run. */
    public enum State { RUNNING, STOPPED, ABORTED }

    /** A run as {@code run.json} described it before the stop reason and the drops by reason were kept. */
    public RunInfo(int number, State state, Instant start, Instant stop, String comment, long waveforms, long pulses, long dropped,
                   String stopComment) {
        this(number, state, start, stop, comment, waveforms, pulses, dropped, stopComment, null, null);
    }

    /** A run just started. */
    public static RunInfo running(int number, Instant start, String comment) {
        return new RunInfo(number, State.RUNNING, start, null, comment, 0, 0, 0, "", null, null);
    }
}
