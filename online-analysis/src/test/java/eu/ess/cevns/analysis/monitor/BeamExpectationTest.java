package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.physics.BeamNeutronRate;
import eu.ess.cevns.analysis.physics.ExpectedRate;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.config.BeamNeutrons;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.Systematics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The on-window expectation: each enabled channel's share of the mass at its own threshold, scaled
 * by the POT and the boost, with the rate integral computed once per (threshold, on window); CEvNS
 * plus the detector file's beam-related neutrons, with the systematic error of the sum.
 */
class BeamExpectationTest {
    static final BeamWindows W = new BeamWindows(0, 2871, 63_557, 66_428);
    static final double POT = 1e20;
    static final double R = 0.3;

    static double[] thresholds(int slots, double keVnr) {
        double[] t = new double[slots];
        Arrays.fill(t, keVnr);
        return t;
    }

    /** Events per POT of the whole detector at one threshold, straight from the rate model. */
    static double perPot(DetectorConfig d, double thresholdKeVnr, BeamWindows w) {
        return new ExpectedRate(d).eventsInWindow(thresholdKeVnr, new Exposure(1, R, d.distanceM()), w.onStartUs(), w.onEndUs());
    }

    @Test
    void withEveryChannelAtOneThresholdItIsTheWholeDetectorsRate() {
        DetectorConfig csi = ConfigLoader.shippedDetector("csi-cryogenic");
        BeamExpectation e = new BeamExpectation(csi, new ExpectationInputs(R, 1));
        double expected = perPot(csi, 1.0, W) * POT;
        assertTrue(expected > 0);
        assertEquals(expected, e.events(thresholds(16, 1.0), W, POT), 1e-12 * expected);
        assertEquals(1, e.cachedPairs(), "16 channels at one threshold and window: one rate integral");
        assertEquals(0, e.events(thresholds(16, 1.0), W, 0), "no beam, nothing expected");
    }

    @Test
    void eachChannelCountsItsShareAtItsOwnThreshold() {
        DetectorConfig csi = ConfigLoader.shippedDetector("csi-cryogenic");
        BeamExpectation e = new BeamExpectation(csi, new ExpectationInputs(R, 1));
        double[] t = thresholds(16, 1.0);
        t[3] = 5.0;
        double expected = (15 * perPot(csi, 1.0, W) + perPot(csi, 5.0, W)) / 16 * POT;
        assertEquals(expected, e.events(t, W, POT), 1e-12 * expected);
        assertTrue(e.events(t, W, POT) < e.events(thresholds(16, 1.0), W, POT), "a higher threshold expects fewer");
        assertEquals(2, e.cachedPairs());
    }

    @Test
    void theCacheKeyIsTheThresholdAndTheOnWindow() {
        DetectorConfig csi = ConfigLoader.shippedDetector("csi-cryogenic");
        BeamExpectation e = new BeamExpectation(csi, new ExpectationInputs(R, 1));
        double atStart = e.events(thresholds(16, 1.0), W, POT);
        e.events(thresholds(16, 1.0), new BeamWindows(0, 2871, 50_000, 52_871), POT);
        assertEquals(1, e.cachedPairs(), "the off window does not enter the expectation");
        double shorter = e.events(thresholds(16, 1.0), new BeamWindows(0, 1000, 63_557, 66_428), POT);
        assertEquals(2, e.cachedPairs());
        assertTrue(shorter < atStart, "a shorter on window catches fewer delayed neutrinos");
        e.events(thresholds(16, 1.0), new BeamWindows(100, 1000, 63_557, 66_428), POT);
        assertEquals(3, e.cachedPairs(), "the start of the on window is part of the key");
        assertEquals(atStart, e.events(thresholds(16, 1.0), W, POT), "back where it was: the same number");
        assertEquals(3, e.cachedPairs());
    }

    @Test
    void aDisabledChannelHasNoShareAndItsThresholdDoesNotMatter() {
        DetectorConfig d = TestDetectors.twoDigitizers();
        BeamExpectation e = new BeamExpectation(d, new ExpectationInputs(R, 1));
        double[] t = new double[12];
        Arrays.fill(t, 0, 4, 1.0);
        t[10] = 2.0;
        t[11] = 3.0;
        // five enabled channels (0-3 at 1 keVnr, 10 at 2 keVnr), a fifth of the mass each
        double expected = (4 * perPot(d, 1.0, W) + perPot(d, 2.0, W)) / 5 * POT;
        assertEquals(expected, e.events(t, W, POT), 1e-12 * expected);
        t[11] = 40;
        assertEquals(expected, e.events(t, W, POT), 1e-12 * expected);
        assertEquals(2, e.cachedPairs());
    }

    @Test
    void beamRelatedNeutronsAddToTheCevnsAndTheSystematicsAddInQuadrature() {
        DetectorConfig csi = ConfigLoader.shippedDetector("csi-cryogenic");
        BeamExpectation e = new BeamExpectation(csi, new ExpectationInputs(R, 1));
        BeamExpectation.Value v = e.value(thresholds(16, 1.0), W, POT);
        double cevns = perPot(csi, 1.0, W) * POT;
        assertEquals(cevns, v.cevns(), 1e-12 * cevns);
        // the file's 3.0e-21 per proton above 1 keVnr, times the fraction arriving in the on window
        double brn = 3.0e-21 * POT * new BeamNeutronRate(csi).windowFraction(W.onStartUs(), W.onEndUs());
        assertEquals(brn, v.brn(), 1e-12 * brn);
        assertEquals(cevns + brn, v.total(), 1e-12 * cevns);
        // flux 10 % and form factor 5 % of CEvNS; quenching 10 % and 0.1 keVnr of threshold through the rate; BRN 25 %
        double q = (perPot(csi, 0.9, W) - perPot(csi, 1.1, W)) / 2 * POT;
        double t = (perPot(csi, 0.9, W) - perPot(csi, 1.1, W)) / 2 * POT;
        double syst = Math.sqrt(Math.pow(0.10 * cevns, 2) + Math.pow(0.05 * cevns, 2) + q * q + t * t + Math.pow(0.25 * brn, 2));
        assertEquals(syst, v.syst(), 1e-9 * syst);
        assertTrue(v.syst() > 0.1 * cevns, "at least the flux: " + v.syst());
    }

    @Test
    void theBoostScalesEveryBeamCorrelatedPartAlike() {
        DetectorConfig csi = ConfigLoader.shippedDetector("csi-cryogenic");
        BeamExpectation.Value one = new BeamExpectation(csi, new ExpectationInputs(R, 1)).value(thresholds(16, 1.0), W, POT);
        BeamExpectation.Value boosted = new BeamExpectation(csi, new ExpectationInputs(R, 3e4)).value(thresholds(16, 1.0), W, POT);
        assertEquals(3e4 * one.cevns(), boosted.cevns(), 1e-9 * boosted.cevns());
        assertEquals(3e4 * one.brn(), boosted.brn(), 1e-9 * boosted.brn());
        assertEquals(3e4 * one.syst(), boosted.syst(), 1e-9 * boosted.syst());
    }

    @Test
    void aDetectorWithoutNeutronsOrSystematicsExpectsCevnsAloneWithoutError() {
        DetectorConfig bare = ConfigLoader.shippedDetector("csi-cryogenic").withBeamNeutrons(BeamNeutrons.NONE)
                .withSystematics(Systematics.NONE);
        BeamExpectation.Value v = new BeamExpectation(bare, new ExpectationInputs(R, 1)).value(thresholds(16, 1.0), W, POT);
        assertEquals(0, v.brn());
        assertEquals(0, v.syst());
        assertEquals(perPot(bare, 1.0, W) * POT, v.cevns(), 1e-12 * v.cevns());
    }
}
