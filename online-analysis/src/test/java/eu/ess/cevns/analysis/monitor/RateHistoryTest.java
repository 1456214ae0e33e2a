package eu.ess.cevns.analysis.monitor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The rate history: a point per spacing of pulses, halved when full, the same points for any replay. */
class RateHistoryTest {
    static final int SPACING = RateHistory.FIRST_SPACING_PULSES;

    /** Counts {@code pulses} pulses, adding a point (pot = pulses) whenever one is due. */
    static void pulses(RateHistory h, long pulses) {
        for (long i = 0; i < pulses; i++) {
            if (h.countPulse()) {
                h.add(h.pulses(), h.pulses() / 10, 0, 1, 0.5);
            }
        }
    }

    @Test
    void aPointIsDueEveryTenSecondsOfBeam() {
        assertEquals(140, SPACING, "14 Hz × 10 s");
        RateHistory h = new RateHistory();
        pulses(h, 3 * SPACING - 1);
        List<AnalysisSummary.HistoryPoint> p = h.points();
        assertEquals(2, p.size());
        assertEquals(SPACING, p.get(0).pulses());
        assertEquals(2 * SPACING, p.get(1).pulses());
        assertTrue(h.countPulse(), "the third point is due at the next pulse");
    }

    @Test
    void whenFullEveryOtherPointGoesAndTheSpacingDoubles() {
        RateHistory h = new RateHistory();
        pulses(h, (long) RateHistory.MAX_POINTS * SPACING);
        List<AnalysisSummary.HistoryPoint> p = h.points();
        assertEquals(RateHistory.MAX_POINTS / 2, p.size());
        assertEquals(2L * SPACING, h.spacingPulses());
        for (int i = 0; i < p.size(); i++) {
            assertEquals(2L * SPACING * (i + 1), p.get(i).pulses(), "point " + i + " at a multiple of the new spacing");
            assertEquals(p.get(i).pulses(), p.get(i).pot(), "each point kept its own numbers");
        }
        pulses(h, 2L * SPACING);
        p = h.points();
        assertEquals(RateHistory.MAX_POINTS / 2 + 1, p.size(), "one point per doubled spacing from here");
        assertEquals((long) RateHistory.MAX_POINTS * SPACING + 2L * SPACING, p.get(p.size() - 1).pulses());
    }

    @Test
    void theExcessOfAPointIsKnownOnceAlphaIs() {
        RateHistory h = new RateHistory();
        for (int i = 0; i < SPACING - 1; i++) {
            h.countPulse();
        }
        assertTrue(h.countPulse());
        h.add(1e17, 10, 4, Double.NaN, 0.1);
        for (int i = 0; i < SPACING - 1; i++) {
            h.countPulse();
        }
        assertTrue(h.countPulse());
        h.add(2e17, 10, 4, 0.5, 0.2);
        AnalysisSummary.HistoryPoint waiting = h.points().get(0);
        assertTrue(Double.isNaN(waiting.excess()) && Double.isNaN(waiting.excessError()) && Double.isNaN(waiting.alpha()));
        assertEquals(0.1, waiting.expected());
        AnalysisSummary.HistoryPoint p = h.points().get(1);
        assertEquals(new AnalysisSummary.HistoryPoint(2 * SPACING, 2e17, 10, 4, 0.5, 10 - 0.5 * 4, Math.sqrt(10 + 0.25 * 4), 0.2), p);
    }

    @Test
    void thePointsHandedOutDoNotChangeLater() {
        RateHistory h = new RateHistory();
        pulses(h, SPACING);
        List<AnalysisSummary.HistoryPoint> first = h.points();
        pulses(h, SPACING);
        assertEquals(1, first.size());
        assertThrows(UnsupportedOperationException.class, () -> first.add(first.get(0)));
    }
}
