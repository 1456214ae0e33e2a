package eu.ess.cevns.analysis.physics;

import eu.ess.cevns.config.BeamNeutrons;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Beam-related neutrons as numbers: the rate at another threshold, per MW·h, in a window, and draws from the spectrum. */
class BeamNeutronRateTest {
    static final DetectorConfig CSI = ConfigLoader.shippedDetector("csi-cryogenic");

    static DetectorConfig with(BeamNeutrons b) {
        return CSI.withBeamNeutrons(b);
    }

    static BeamNeutrons.Spectrum exponential(double slope) {
        return new BeamNeutrons.Spectrum(BeamNeutrons.Spectrum.Model.EXPONENTIAL, slope, List.of());
    }

    @Test
    void anExponentialSpectrumCarriesTheRateToAnotherThresholdAsExpMinusDeltaOverSlope() {
        BeamNeutronRate r = new BeamNeutronRate(with(new BeamNeutrons(1e-20, 0, exponential(20), 1.5, 0.25)));
        assertEquals(1e-20, r.eventsPerProton(CSI.thresholdKeVnr()), 1e-32, "the file gives the rate above the detector threshold");
        assertEquals(1e-20 * Math.exp(-(5 - 1) / 20.0), r.eventsPerProton(5), 1e-32);
        assertEquals(1e-20 * Math.exp(1 / 20.0), r.eventsPerProton(0), 1e-32, "below the detector threshold: more");
        assertEquals(r.eventsPerProton(5) - r.eventsPerProton(10), r.eventsPerProton(5, 10), 1e-32);
        assertEquals(0.25, r.normUncertainty());
    }

    @Test
    void aRatePerMWhIsARatePerProtonAtTheEssProtonEnergy() {
        // 1 MW·h = 3.6e9 J; a 2 GeV proton carries 2e9 × 1.602176634e-19 J: 1.1235e19 protons per MW·h
        assertEquals(3.6e9 / (2e9 * 1.602176634e-19), BeamNeutronRate.protonsPerMWh(2.0), 1e6);
        BeamNeutronRate perMWh = new BeamNeutronRate(with(new BeamNeutrons(0, 100, exponential(20), 0, 0.1)));
        assertEquals(100 / BeamNeutronRate.protonsPerMWh(2.0), perMWh.eventsPerProton(CSI.thresholdKeVnr()), 1e-30);
    }

    @Test
    void aTableIsIntegratedPiecewiseLinearly() {
        // density 2 at 1 keVnr falling linearly to 0 at 11 keVnr: total area 10 above 1 keVnr; above 6: 2.5 (a quarter)
        BeamNeutrons.Spectrum t = new BeamNeutrons.Spectrum(BeamNeutrons.Spectrum.Model.TABLE, 0,
                List.of(new BeamNeutrons.Point(1, 2), new BeamNeutrons.Point(11, 0)));
        BeamNeutronRate r = new BeamNeutronRate(with(new BeamNeutrons(8e-21, 0, t, 0, 0.2)));
        assertEquals(8e-21, r.eventsPerProton(1.0), 1e-33);
        assertEquals(2e-21, r.eventsPerProton(6.0), 1e-33);
        assertEquals(0, r.eventsPerProton(11.0), 1e-33, "nothing beyond the table");
        assertEquals(8e-21, r.eventsPerProton(0.2), 1e-33, "nothing below it either");
        SplittableRandom random = new SplittableRandom(7);
        int above6 = 0;
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            double e = r.drawKeVnr(random, 1.0);
            assertTrue(e >= 1 && e <= 11, "drawn inside the table: " + e);
            if (e >= 6) {
                above6++;
            }
        }
        // a quarter above 6 keVnr, within 4 binomial standard deviations (√(n·0.25·0.75) = 87)
        assertEquals(n / 4.0, above6, 4 * Math.sqrt(n * 0.25 * 0.75));
    }

    @Test
    void drawsFromAnExponentialHaveItsSlopeAsMeanAboveTheMinimum() {
        BeamNeutronRate r = new BeamNeutronRate(with(new BeamNeutrons(1e-20, 0, exponential(20), 1.5, 0.25)));
        SplittableRandom random = new SplittableRandom(11);
        int n = 40_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += r.drawKeVnr(random, 3) - 3;
        }
        // mean 20, standard error 20/√n = 0.1
        assertEquals(20, sum / n, 0.4);
    }

    @Test
    void theyFollowTheProtonPulseWithTheirDelay() {
        BeamNeutronRate r = new BeamNeutronRate(with(new BeamNeutrons(1e-20, 0, exponential(20), 1.5, 0.25)));
        assertEquals(1, r.windowFraction(0, 1e5), 1e-12, "all of them arrive within a pulse period");
        double late = 1 - r.windowFraction(0, TimingProfile.PULSE_US);
        // after the pulse end: (τ/P)·(1 − e^{−P/τ}) ≈ τ/P of them, still on their way
        assertEquals(1.5 / TimingProfile.PULSE_US, late, 1e-9);
        assertEquals(0.5, r.windowFraction(0, TimingProfile.PULSE_US / 2), 1e-3, "half in the first half of the pulse");
        assertEquals(TimingProfile.promptFraction(0, 1000), TimingProfile.fractionWithDelay(0, 1000, 0), 0, "no delay: prompt");
    }

    @Test
    void noneExpectsNothing() {
        BeamNeutronRate r = new BeamNeutronRate(with(BeamNeutrons.NONE));
        assertFalse(r.present());
        assertEquals(0, r.eventsPerProton(0));
    }
}
