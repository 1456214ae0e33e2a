package eu.ess.cevns.daq.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import eu.ess.cevns.daq.readout.ReadoutLoss;

import java.time.Instant;
import java.util.Map;

/**
 * A run as its {@code run.json} describes it: number, state, start and stop time (stop is null
 * while it runs), the operator's comment, and the counters written at stop (or at recovery): the
 * waveforms dropped, in all and by reason ({@link DropReason} keys), why it stopped
 * ({@link StopReason} key), and what the readout's sequence numbers showed during the run
 * ({@code readout}: lost, late and resynced packets per source). A {@code run.json} written before
 * these were kept reads them as null (unknown, not zero); runs closed by recovery have no
 * {@code readout}.
 */
public record RunInfo(int number, State state, Instant start, Instant stop, String comment,
                      long waveforms, long pulses, long dropped, String stopComment, String stopReason,
                      Map<String, Long> droppedByReason, @JsonInclude(JsonInclude.Include.NON_NULL) ReadoutLoss readout) {

    /** Stored state of a run. */
    public enum State { RUNNING, STOPPED, ABORTED }

    /** A run as {@code run.json} described it before the stop reason, the drops by reason and the readout loss were kept. */
    public RunInfo(int number, State state, Instant start, Instant stop, String comment, long waveforms, long pulses, long dropped,
                   String stopComment) {
        this(number, state, start, stop, comment, waveforms, pulses, dropped, stopComment, null, null, null);
    }

    /** A run without readout loss counts (closed by recovery, or by a store without readout). */
    public RunInfo(int number, State state, Instant start, Instant stop, String comment, long waveforms, long pulses, long dropped,
                   String stopComment, String stopReason, Map<String, Long> droppedByReason) {
        this(number, state, start, stop, comment, waveforms, pulses, dropped, stopComment, stopReason, droppedByReason, null);
    }

    /** A run just started. */
    public static RunInfo running(int number, Instant start, String comment) {
        return new RunInfo(number, State.RUNNING, start, null, comment, 0, 0, 0, "", null, null, null);
    }
}
