package eu.ess.cevns.daq.store;

import java.time.Instant;

/**
 * A run as its {@code run.json} describes it: number, state, start and stop time (stop is null
 * while it runs), the operator's comment, and the counters written at stop (or at recovery).
 */
public record RunInfo(int number, State state, Instant start, Instant stop, String comment,
                      long waveforms, long pulses, long dropped, String stopComment) {

    /** Stored state of a run. */
    public enum State { RUNNING, STOPPED, ABORTED }
}
