package eu.ess.cevns.daq.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import eu.ess.cevns.daq.readout.ReadoutLoss;

import java.time.Instant;

/**
 * A run as its {@code run.json} describes it: number, state, start and stop time (stop is null
 * while it runs), the operator's comment, the counters written at stop (or at recovery), and what
 * the readout's sequence numbers showed during the run ({@code readout}: lost, late and resynced
 * packets per source; absent for runs written before it was kept and for runs closed by recovery).
 */
public record RunInfo(int number, State state, Instant start, Instant stop, String comment,
                      long waveforms, long pulses, long dropped, String stopComment,
                      @JsonInclude(JsonInclude.Include.NON_NULL) ReadoutLoss readout) {

    /** A run without readout loss counts (running, or closed by recovery). */
    public RunInfo(int number, State state, Instant start, Instant stop, String comment,
                   long waveforms, long pulses, long dropped, String stopComment) {
        this(number, state, start, stop, comment, waveforms, pulses, dropped, stopComment, null);
    }

    /** Stored state of a run. */
    public enum State { RUNNING, STOPPED, ABORTED }
}
