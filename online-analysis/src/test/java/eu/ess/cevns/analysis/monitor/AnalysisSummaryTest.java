package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.beam.BeamExposure;
import eu.ess.cevns.analysis.stats.ExcessVerdict;
import eu.ess.cevns.analysis.stats.OnOff;
import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.daq.timing.BeamState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The summary's parts built from their sources, and the normalisations built from the parts. */
class AnalysisSummaryTest {
    /** A limit of one expected event, so that the verdict has something to say with small numbers. */
    static final AlarmLimits LIMITS = new AlarmLimits(10, 1, 0.01, 1, 0.05, 20, 5, 30, 3, 1,
                AlarmLimits.DEFAULT_DELAYS, AlarmLimits.DEFAULT_MAX_SHELVE_HOURS);

    @Test
    void theExcessPartCarriesEachNumberOfTheOnOffMeasurementInItsPlace() {
        AnalysisSummary.Excess x = AnalysisSummary.Excess.of(130, 400, 0.25, 12.5, LIMITS);
        OnOff m = new OnOff(130, 400, 0.25);
        assertEquals(0.25, x.alpha());
        assertEquals(130 - 0.25 * 400, x.value(), 1e-12);
        assertEquals(Math.sqrt(130 + 0.0625 * 400), x.error(), 1e-12);
        assertEquals(m.liMaSignificance(), x.significance());
        assertNotEquals(x.value(), x.significance(), "two different numbers, so that a swap would show");
        assertTrue(x.low68() < x.value() && x.value() < x.high68(), x.low68() + " .. " + x.high68());
        assertEquals(m.interval(0.6827).lower(), x.low68());
        assertEquals(m.interval(0.6827).upper(), x.high68());
        assertEquals(12.5, x.expected());
        assertEquals(ExcessVerdict.of(30, Math.sqrt(155), 12.5, LIMITS), x.verdict());
        assertNotEquals(ExcessVerdict.Level.NONE, x.verdict().level());
    }

    @Test
    void beforeThereIsOffLiveTimeTheExcessWaitsButTheExpectationIsKnown() {
        AnalysisSummary.Excess x = AnalysisSummary.Excess.of(5, 0, Double.NaN, 0.75, LIMITS);
        for (double v : new double[] {x.alpha(), x.value(), x.error(), x.significance(), x.low68(), x.high68()}) {
            assertTrue(Double.isNaN(v), x.toString());
        }
        assertEquals(0.75, x.expected());
        assertSame(ExcessVerdict.WAITING, x.verdict());
    }

    @Test
    void theExposurePartIsTheBeamExposureWithTheTargetMass() {
        BeamExposure e = new BeamExposure();
        BeamWindows w = new BeamWindows(0, 2000, 60_000, 64_000);
        e.onPulse(BeamState.ON.code(), 71.4, w);
        e.onPulse(BeamState.ON.code(), 71.4, w);
        e.onPulse(BeamState.OFF.code(), 0, w);
        e.onPulse(BeamState.UNKNOWN.code(), Double.NaN, w);
        e.onPulse(BeamState.UNKNOWN.code(), Double.NaN, w);
        e.onPulse(BeamState.UNKNOWN.code(), Double.NaN, w);
        AnalysisSummary.Exposure x = AnalysisSummary.Exposure.of(e, 22.5);
        assertEquals(new AnalysisSummary.Exposure(e.pot(), 0.004, 0.008, 0.002, 2, 1, 3, 22.5), x);
        assertEquals(2 / 14.0 / 86400, x.beamDays(), 1e-18);
    }

    @Test
    void theNormalisationsDivideTheExcessByPotAndByKgDays() {
        long oneDayOfPulses = EssPulse.RATE_HZ * 86_400L;
        AnalysisSummary s = summary(new AnalysisSummary.Exposure(4e20, 1, 1, 0, oneDayOfPulses, 0, 0, 2.0), 10, 3);
        assertEquals(1.0, s.exposure().beamDays());
        assertEquals(2.5, s.excessPer1e20Pot(), 1e-12);
        assertEquals(0.75, s.excessErrorPer1e20Pot(), 1e-12);
        assertEquals(5.0, s.excessPerKgDay(), 1e-12);
        assertEquals(1.5, s.excessErrorPerKgDay(), 1e-12);
        AnalysisSummary none = summary(new AnalysisSummary.Exposure(0, 0, 0, 0, 0, 0, 0, 2.0), 10, 3);
        assertTrue(Double.isNaN(none.excessPer1e20Pot()) && Double.isNaN(none.excessErrorPer1e20Pot()));
        assertTrue(Double.isNaN(none.excessPerKgDay()) && Double.isNaN(none.excessErrorPerKgDay()));
    }

    static AnalysisSummary summary(AnalysisSummary.Exposure exposure, double excess, double error) {
        return new AnalysisSummary(1, false, 0, new AnalysisSummary.Counts(0, 0, 0, 0),
                new AnalysisSummary.Excess(1, excess, error, 0, 0, 0, 0, ExcessVerdict.WAITING), exposure,
                new AnalysisSummary.Quality(0, 0, 0, 0), new EventHistograms(1).snapshot(), List.of());
    }
}
