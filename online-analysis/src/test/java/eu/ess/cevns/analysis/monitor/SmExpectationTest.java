package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.physics.ExpectedRate;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The on-window expectation: each enabled channel's share of the mass at its own threshold, scaled
 * by the POT, with the rate integral computed once per (threshold, on window).
 */
class SmExpectationTest {
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
        SmExpectation e = new SmExpectation(csi, R);
        double expected = perPot(csi, 1.0, W) * POT;
        assertTrue(expected > 0);
        assertEquals(expected, e.events(thresholds(16, 1.0), W, POT), 1e-12 * expected);
        assertEquals(1, e.cachedPairs(), "16 channels at one threshold and window: one rate integral");
        assertEquals(0, e.events(thresholds(16, 1.0), W, 0), "no beam, nothing expected");
    }

    @Test
    void eachChannelCountsItsShareAtItsOwnThreshold() {
        DetectorConfig csi = ConfigLoader.shippedDetector("csi-cryogenic");
        SmExpectation e = new SmExpectation(csi, R);
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
        SmExpectation e = new SmExpectation(csi, R);
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
        SmExpectation e = new SmExpectation(d, R);
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
}
