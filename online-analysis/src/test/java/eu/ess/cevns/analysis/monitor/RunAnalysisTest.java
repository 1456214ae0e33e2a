package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.timing.BeamState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/** The run analysis fed records directly: exposure, window changes mid-run, rate history. */
class RunAnalysisTest {
    static final double CHARGE_UC = 71.4;

    static RunAnalysis started() {
        RunAnalysis a = new RunAnalysis(0.3);
        a.onRunStart(7, Instant.EPOCH, "t", "t", "", RunConfigSnapshot.write(ConfigLoader.defaultSite(Path.of("data"), "csi-cryogenic")));
        return a;
    }

    @Test
    void exposureFollowsTheWindowsInForceAtEachPulse() {
        RunAnalysis a = started();
        for (int i = 0; i < 100; i++) {
            a.onPulse(i, CHARGE_UC, BeamState.ON.code());
        }
        a.onConfigChange(Instant.EPOCH, "expert", "OnWindowEnd", "2871.0", "1000.0");
        for (int i = 0; i < 100; i++) {
            a.onPulse(100 + i, CHARGE_UC, BeamState.ON.code());
        }
        a.onPulse(200, 0, BeamState.OFF.code());
        a.onPulse(201, Double.NaN, BeamState.UNKNOWN.code());
        AnalysisSummary s = a.summary();
        assertEquals(200, s.exposure().pulsesOn());
        assertEquals(1, s.exposure().pulsesOff());
        assertEquals(1, s.exposure().pulsesUnknown());
        assertEquals((100 * 2871 + 100 * 1000) / 1e6, s.exposure().onLiveS(), 1e-9);
        assertEquals(200 * 2871 / 1e6, s.exposure().offLiveS(), 1e-9, "the off window did not change");
        assertEquals(1000 / 1e6, s.exposure().beamOffLiveS(), 1e-9, "a beam-off pulse counts the on window in force");
        // POT = charge / e: 200 × 71.4 µC / 1.602176634e-19 C
        assertEquals(200 * CHARGE_UC * 1e-6 / 1.602176634e-19, s.exposure().pot(), 1e6);
        assertTrue(s.excess().expected() > 0);
        assertEquals(7, s.run());
    }

    @Test
    void theRateHistoryHasAPointPerMinuteOfBeam() {
        RunAnalysis a = started();
        int pulses = 2 * RateHistory.FIRST_SPACING_PULSES + 10;
        for (int i = 0; i < pulses; i++) {
            a.onPulse(i, CHARGE_UC, BeamState.ON.code());
        }
        AnalysisSummary s = a.summary();
        assertEquals(2, s.history().size());
        assertEquals(RateHistory.FIRST_SPACING_PULSES, s.history().get(0).pulses());
        assertEquals(2 * RateHistory.FIRST_SPACING_PULSES, s.history().get(1).pulses());
        assertEquals(2 * s.history().get(0).pot(), s.history().get(1).pot(), 1e6);
        assertEquals(2 * s.history().get(0).expected(), s.history().get(1).expected(), 1e-9 * s.history().get(1).expected(),
                "the expectation grows with the POT");
        assertEquals(0, s.history().get(1).onCounts());
    }

    @Test
    void aThresholdChangeAppliesFromWhereItWasRecorded() {
        RunAnalysis a = started();
        for (int i = 0; i < 10; i++) {
            a.onPulse(i, CHARGE_UC, BeamState.ON.code());
        }
        double before = a.expected();
        for (int ch = 0; ch < 16; ch++) {
            a.onConfigChange(Instant.EPOCH, "expert", "Ch" + ch + ":Threshold", "1.0", "5.0");
        }
        assertTrue(a.expected() < before, "a higher threshold expects fewer events: " + a.expected() + " vs " + before);
    }

    @Test
    void theExpectationUsesTheInputsTheRunRecordedTheDefaultsForAnOldRunOrAnOverride() {
        SiteConfig demo = ConfigLoader.defaultSite(Path.of("data"), "csi-cryogenic").withExpectation(new ExpectationInputs(0.3, 3e4));
        String recorded = RunConfigSnapshot.write(demo);
        RunAnalysis plain = withPulses(new RunAnalysis(), RunConfigSnapshot.write(TestDetectors.csiSite()));
        RunAnalysis boosted = withPulses(new RunAnalysis(), recorded);
        assertEquals(new ExpectationInputs(0.3, 3e4), boosted.expectationInputs(), "what the run recorded, no flag needed");
        assertEquals(3e4 * plain.expected(), boosted.expected(), 1e-9 * boosted.expected());
        AnalysisSummary.Expectation e = boosted.summary().expectation();
        assertEquals(3e4, e.boost());
        assertEquals(e.total(), boosted.summary().excess().expected(), 0, "the verdict compares with CEvNS + BRN");
        assertTrue(e.brn() > 0 && e.cevns() > e.brn(), "csi-cryogenic's placeholder neutrons: a tenth of CEvNS: " + e);

        // a run recorded before the inputs were: replayed as before, with r = 0.3 and no boost
        String old = recorded.replaceAll("(?s)expectation:\\n(  [^\\n]*\\n)+", "");
        assertFalse(old.contains("boost"), old);
        assertEquals(ExpectationInputs.DEFAULT, withPulses(new RunAnalysis(), old).expectationInputs());
        // the command line's --r replaces r and the boost
        RunAnalysis overridden = withPulses(new RunAnalysis(9000), recorded);
        assertEquals(new ExpectationInputs(9000, 1), overridden.expectationInputs());
        double cevns = plain.summary().expectation().cevns();
        assertEquals(cevns * 9000 / 0.3, overridden.summary().expectation().cevns(), 1e-9 * cevns * 3e4, "CEvNS scales with r");
        assertEquals(plain.summary().expectation().brn(), overridden.summary().expectation().brn(), 0, "the neutrons do not");
    }

    static RunAnalysis withPulses(RunAnalysis a, String config) {
        a.onRunStart(1, Instant.EPOCH, "t", "t", "", config);
        for (int i = 0; i < 100; i++) {
            a.onPulse(i, CHARGE_UC, BeamState.ON.code());
        }
        return a;
    }
}
