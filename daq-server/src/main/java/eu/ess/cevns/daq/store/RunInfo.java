package eu.ess.cevns.daq.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import eu.ess.cevns.daq.readout.ReadoutLoss;

import java.time.Instant;
import java.util.Map;

/**
 * A run as its {@code run.json} describes it: number, state, start and stop time (stop is null
 * while it runs), the operator's comment, the counters written at stop (or at recovery): the
 * waveforms dropped, in all and by reason ({@link DropReason} keys), why it stopped
 * ({@link StopReason} key), and what the readout's sequence numbers showed ({@code readout}: lost,
 * late and resynced packets per source); and what a run list needs without reading the queue: the
 * beam the run saw ({@code beam}, written at stop), what the live analysis found at its end
 * ({@code analysis}, written by the analysis when it has read the run's last record), and the
 * quality flag ({@code quality}, set by people at any time). A field a {@code run.json} does not
 * have (written before it was kept, or not known yet) reads as null: unknown, not zero.
 */
public record RunInfo(int number, State state, Instant start, Instant stop, String comment,
                      long waveforms, long pulses, long dropped, String stopComment, String stopReason,
                      Map<String, Long> droppedByReason,
                      @JsonInclude(JsonInclude.Include.NON_NULL) ReadoutLoss readout,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Beam beam,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Analysis analysis,
                      @JsonInclude(JsonInclude.Include.NON_NULL) RunQuality quality) {

    /** Stored state of a run. */
    public enum State { RUNNING, STOPPED, ABORTED }

    /**
     * The beam of the run as the pulse join counted it: protons on target of the ON pulses, the
     * pulses by state, and the beam-on time (ON pulses × the ESS pulse period).
     */
    public record Beam(double potOn, long pulsesOn, long pulsesOff, long pulsesUnknown, double beamOnS) {
    }

    /**
     * The live analysis at the run's end: the excess (beam-on minus α × beam-off events) with its
     * standard error, the beam-correlated expectation with its systematic error, the significance,
     * the verdict in words, and when it was recorded. A number the analysis did not know is null.
     */
    public record Analysis(Double excess, Double excessError, Double expected, Double expectedSyst, Double significance,
                           String verdict, Instant time) {
    }

    /** A run without the sections that come later (running, or closed by recovery). */
    public RunInfo(int number, State state, Instant start, Instant stop, String comment, long waveforms, long pulses, long dropped,
                   String stopComment) {
        this(number, state, start, stop, comment, waveforms, pulses, dropped, stopComment, null, null, null, null, null, null);
    }

    /** A run closed without the readout's loss counts (by recovery, or by a store without readout). */
    public RunInfo(int number, State state, Instant start, Instant stop, String comment, long waveforms, long pulses, long dropped,
                   String stopComment, String stopReason, Map<String, Long> droppedByReason) {
        this(number, state, start, stop, comment, waveforms, pulses, dropped, stopComment, stopReason, droppedByReason, null);
    }

    /** A stopped run as the store ended it: counters, why, drops by reason, and the readout's losses. */
    public RunInfo(int number, State state, Instant start, Instant stop, String comment, long waveforms, long pulses, long dropped,
                   String stopComment, String stopReason, Map<String, Long> droppedByReason, ReadoutLoss readout) {
        this(number, state, start, stop, comment, waveforms, pulses, dropped, stopComment, stopReason, droppedByReason, readout,
                null, null, null);
    }

    /** A run just started. */
    public static RunInfo running(int number, Instant start, String comment) {
        return new RunInfo(number, State.RUNNING, start, null, comment, 0, 0, 0, "");
    }

    public RunInfo withBeam(Beam b) {
        return new RunInfo(number, state, start, stop, comment, waveforms, pulses, dropped, stopComment, stopReason, droppedByReason,
                readout, b, analysis, quality);
    }

    public RunInfo withAnalysis(Analysis a) {
        return new RunInfo(number, state, start, stop, comment, waveforms, pulses, dropped, stopComment, stopReason, droppedByReason,
                readout, beam, a, quality);
    }

    public RunInfo withQuality(RunQuality q) {
        return new RunInfo(number, state, start, stop, comment, waveforms, pulses, dropped, stopComment, stopReason, droppedByReason,
                readout, beam, analysis, q);
    }

    /** Seconds from start to stop (to {@code now} while running); NaN without a start. */
    public double durationS(Instant now) {
        if (start == null) {
            return Double.NaN;
        }
        Instant end = stop != null ? stop : now;
        return (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
    }
}
