package eu.ess.cevns.analysis.stats;

import eu.ess.cevns.config.AlarmLimits;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The verdict's boundaries are the alarm limits' (excessLowSigma 3, excessMinExpected 20 by default) and the 2σ agreement band. */
class ExcessVerdictTest {
    static final AlarmLimits L = AlarmLimits.DEFAULT;

    @Test
    void nothingToSayBeforeDataAndBelowTheExpectedEventsTheAlarmWaitsFor() {
        assertEquals(ExcessVerdict.Level.NONE, ExcessVerdict.of(Double.NaN, Double.NaN, 30, L).level());
        assertEquals("waiting for beam-on and beam-off data", ExcessVerdict.of(Double.NaN, 1, 30, L).text());
        ExcessVerdict few = ExcessVerdict.of(0, 3, L.excessMinExpected() - 0.1, L);
        assertEquals(ExcessVerdict.Level.NONE, few.level(), "far below in numbers, but fewer expected than the alarm waits for");
        assertEquals(ExcessVerdict.Level.NONE, ExcessVerdict.of(30, 0, 30, L).level(), "no error, no comparison");
    }

    @Test
    void bandsAroundTheExpectation() {
        // expected 100, error 10: pull = (excess - 100) / 10
        assertEquals(ExcessVerdict.Level.AS_EXPECTED, ExcessVerdict.of(80, 10, 100, L).level(), "pull -2 is inside the band");
        assertEquals(ExcessVerdict.Level.AS_EXPECTED, ExcessVerdict.of(120, 10, 100, L).level(), "pull +2 is inside the band");
        assertEquals(ExcessVerdict.Level.ABOVE, ExcessVerdict.of(121, 10, 100, L).level());
        assertEquals(ExcessVerdict.Level.BELOW, ExcessVerdict.of(79, 10, 100, L).level());
        assertEquals(ExcessVerdict.Level.BELOW, ExcessVerdict.of(70, 10, 100, L).level(), "pull -3 is not yet beyond excessLowSigma 3");
        ExcessVerdict far = ExcessVerdict.of(69, 10, 100, L);
        assertEquals(ExcessVerdict.Level.FAR_BELOW, far.level());
        assertEquals("FAR BELOW expectation (0.69 ± 0.10 of expected)", far.text());
        assertEquals(-3.1, far.pull(), 1e-12);
    }

    @Test
    void farBelowFollowsTheSiteLimit() {
        AlarmLimits strict = new AlarmLimits(10, 1, 0.01, 1, 0.05, 20, 5, 30, 1.5, 20,
                AlarmLimits.DEFAULT_DELAYS, AlarmLimits.DEFAULT_MAX_SHELVE_HOURS);
        assertEquals(ExcessVerdict.Level.FAR_BELOW, ExcessVerdict.of(84, 10, 100, strict).level(),
                "pull -1.6 is beyond a site's excessLowSigma of 1.5, even inside the 2σ band");
        assertEquals(ExcessVerdict.Level.AS_EXPECTED, ExcessVerdict.of(84, 10, 100, L).level());
    }

    @Test
    void theSystematicErrorOfTheExpectationAddsInQuadratureSoALongRunDoesNotDriftOutOfTheBand() {
        // a long run: 10000 expected, excess 11000 ± 100 (stat): 10 σ above on statistics alone, but the
        // expectation carries 10 % flux uncertainty (1000 events): pull = 1000 / √(100² + 1000²) = 0.995
        assertEquals(ExcessVerdict.Level.ABOVE, ExcessVerdict.of(11000, 100, 10000, L).level());
        ExcessVerdict v = ExcessVerdict.of(11000, 100, 10000, 1000, L);
        assertEquals(ExcessVerdict.Level.AS_EXPECTED, v.level());
        assertEquals(1000 / Math.sqrt(100 * 100 + 1000 * 1000), v.pull(), 1e-12);
        assertEquals("growing as expected (1.10 ± 0.10 of expected)", v.text(), "the error shown is the total");
        assertEquals(ExcessVerdict.Level.FAR_BELOW, ExcessVerdict.of(6000, 100, 10000, 1000, L).level(),
                "4 combined standard errors low is still far below");
        assertEquals(ExcessVerdict.of(80, 10, 100, L), ExcessVerdict.of(80, 10, 100, 0, L), "no systematic error: as before");
    }
}
