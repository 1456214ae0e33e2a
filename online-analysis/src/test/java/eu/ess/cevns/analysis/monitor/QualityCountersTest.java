package eu.ess.cevns.analysis.monitor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The quality cuts: one reason per rejected waveform, in order, and the threshold inclusive. */
class QualityCountersTest {

    @Test
    void eachRejectedWaveformIsCountedForItsFirstReasonOnly() {
        QualityCounters q = new QualityCounters();
        boolean[][] flags = {{true, true}, {true, false}, {false, true}, {false, false}, {false, false}, {false, false}};
        double[] keVnr = {0.1, 10, 0.1, 0.5, 1.0, 7.0};
        int passed = 0;
        for (int i = 0; i < flags.length; i++) {
            q.countWaveform();
            if (q.pass(flags[i][0], flags[i][1], keVnr[i], 1.0)) {
                passed++;
            }
        }
        assertEquals(new AnalysisSummary.Quality(6, 1, 2, 1), q.snapshot(), "waveforms, below threshold, pile-up, saturated");
        assertEquals(2, passed, "exactly at threshold passes, as above it");
        assertEquals(passed, q.snapshot().accepted());
    }

    @Test
    void anEnergyThatIsNotANumberIsBelowEveryThreshold() {
        QualityCounters q = new QualityCounters();
        assertFalse(q.pass(false, false, Double.NaN, 0));
        assertFalse(QualityCounters.accepts(false, false, Double.NaN, 0));
        assertEquals(1, q.snapshot().belowThreshold());
    }

    @Test
    void whatTheTapIsToldAgreesWithWhatTheCutsCount() {
        for (boolean pileUp : new boolean[] {false, true}) {
            for (boolean saturated : new boolean[] {false, true}) {
                for (double e : new double[] {0.5, 1.0, 2.0, Double.NaN}) {
                    assertEquals(new QualityCounters().pass(pileUp, saturated, e, 1.0), QualityCounters.accepts(pileUp, saturated, e, 1.0),
                            "pileUp " + pileUp + " saturated " + saturated + " keVnr " + e);
                }
            }
        }
    }
}
