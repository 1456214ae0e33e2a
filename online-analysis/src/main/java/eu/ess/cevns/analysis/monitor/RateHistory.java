package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.stats.OnOff;

import java.util.ArrayList;
import java.util.List;

/**
 * The run so far, recorded every {@link #FIRST_SPACING_PULSES} pulses at first: a rate history
 * that replays identically. When it holds {@link #MAX_POINTS} points every other one is dropped
 * (those left are at multiples of twice the spacing) and the spacing doubles, so a long run keeps
 * its whole story at coarser steps in bounded memory, and a replay drops the same points.
 */
final class RateHistory {
    /** Pulses per point at the start of a run: ten seconds of beam at 14 Hz. */
    static final int FIRST_SPACING_PULSES = 14 * 10;
    static final int MAX_POINTS = 720;

    private final List<AnalysisSummary.HistoryPoint> points = new ArrayList<>(MAX_POINTS);
    private long spacingPulses = FIRST_SPACING_PULSES;
    private long pulses;

    /** Counts a pulse; true when a point is due ({@link #add} it now). */
    boolean countPulse() {
        return ++pulses % spacingPulses == 0;
    }

    /** Pulses counted so far. */
    long pulses() {
        return pulses;
    }

    long spacingPulses() {
        return spacingPulses;
    }

    /**
     * Records the run as it stands after {@link #pulses()} pulses; the excess and its error are NaN
     * while {@code alpha} is (no off live time yet).
     */
    void add(double pot, long onCounts, long offCounts, double alpha, double expected) {
        OnOff m = Double.isNaN(alpha) ? null : new OnOff(onCounts, offCounts, alpha);
        points.add(new AnalysisSummary.HistoryPoint(pulses, pot, onCounts, offCounts, alpha,
                m == null ? Double.NaN : m.excess(), m == null ? Double.NaN : m.excessError(), expected));
        if (points.size() >= MAX_POINTS) {
            // keep the 2nd, 4th, ...: the points at multiples of the doubled spacing
            int kept = points.size() / 2;
            for (int i = 0; i < kept; i++) {
                points.set(i, points.get(2 * i + 1));
            }
            points.subList(kept, points.size()).clear();
            spacingPulses *= 2;
        }
    }

    /** A copy of the points, oldest first. */
    List<AnalysisSummary.HistoryPoint> points() {
        return List.copyOf(points);
    }
}
