package eu.ess.cevns.analysis.physics;

import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.Nucleus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The reach: the counting, statistics-only numbers checked by hand against the rate model, the
 * neutron-radius precision falling as 1/√exposure, the NSI region holding the Standard Model and the
 * second, degenerate band that counting cannot exclude, and shrinking with exposure; the default
 * statistics no better than statistics alone.
 */
class ReachTest {
    static final DetectorConfig CSI = ConfigLoader.shippedDetector("csi-cryogenic");
    static final BeamWindows W = BeamWindows.DEFAULT;
    /** One ESS year: 5 MW of 2 GeV protons for 5000 h (Baxter et al. 2020). */
    static final double YEAR = Exposure.potPerYear(5, 2, 5000);

    static Reach.Input counting(double pot) {
        double max = new ExpectedRate(CSI).maxRecoilKeV();
        return new Reach.Input(CSI, pot, 0.3, 1, W.onStartUs(), W.onEndUs(), List.of(new Reach.Threshold(CSI.thresholdKeVnr(), 1)),
                new double[] {CSI.thresholdKeVnr(), max}, null, false, 0.9, 1.0);
    }

    static Reach.Input binned(double pot, int bins) {
        double max = new ExpectedRate(CSI).maxRecoilKeV();
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = CSI.thresholdKeVnr() + (max - CSI.thresholdKeVnr()) * i / bins;
        }
        return new Reach.Input(CSI, pot, 0.3, 1, W.onStartUs(), W.onEndUs(), List.of(new Reach.Threshold(CSI.thresholdKeVnr(), 1)),
                edges, null, true, 0.9, 1.0);
    }

    @Test
    void countingStatOnlyIsTheTotalCountAndItsDerivativeByHand() {
        Reach.Result r = Reach.compute(counting(YEAR), false, 0);
        double n0 = new ExpectedRate(CSI).eventsInWindow(CSI.thresholdKeVnr(), new Exposure(YEAR, 0.3, CSI.distanceM()),
                W.onStartUs(), W.onEndUs());
        assertEquals(n0, r.events(), 2e-3 * n0, "N₀ is the expectation above threshold (the reach integrates per bin)");
        // σ(R_n) = √N₀ / |dN/dR_n|: the derivative by hand, the whole rate model with Cs133's neutrons 0.05 fm out
        Nucleus cs = CSI.target().get(0);
        double rms = new CevnsCrossSection(cs).nominalRmsFm();
        double up = countWithCsNeutronRadius(rms + 0.05);
        double down = countWithCsNeutronRadius(rms - 0.05);
        double sigma = Math.sqrt(n0) / Math.abs((up - down) / 0.1);
        Reach.Radius csRadius = r.radii().get(0);
        assertEquals("Cs133", csRadius.nucleus());
        assertEquals(rms, csRadius.rmsFm(), 1e-12);
        assertEquals(sigma, csRadius.sigmaFm(), 0.01 * sigma);
        assertTrue(up < n0 && n0 < down, "a wider neutron distribution suppresses the rate");
        // the Helm rms of the Lewin–Smith parameters: R_rms² = 3/5 R₀² + 3 s² (4.80 fm for A = 133)
        double r0 = new HelmFormFactor(133).r0Fm();
        assertEquals(Math.sqrt(0.6 * r0 * r0 + 3 * 0.81), rms, 1e-12);
        assertEquals(4.80, rms, 0.01);
    }

    /** Events of csi-cryogenic above threshold for one year with Cs133's neutron radius set, the rest nominal, by direct integration. */
    static double countWithCsNeutronRadius(double rmsFm) {
        double n = 0;
        Exposure e = new Exposure(YEAR, 0.3, CSI.distanceM());
        ExpectedRate nominal = new ExpectedRate(CSI);
        double[] targets = nominal.targets();
        for (int k = 0; k < 2; k++) {
            CevnsCrossSection x = k == 0 ? new CevnsCrossSection(CSI.target().get(0), rmsFm) : new CevnsCrossSection(CSI.target().get(1));
            double tMin = CSI.thresholdKeVnr() / 1000;
            double prompt = Quadrature.integrate(t -> x.differential(DarSpectrum.promptEnergyMev(), t), tMin,
                    x.maxRecoilMev(DarSpectrum.promptEnergyMev()), 64) * TimingProfile.promptFraction(W.onStartUs(), W.onEndUs());
            double delayed = Quadrature.integrate(t -> Quadrature.integrate(en -> (DarSpectrum.electronNeutrino(en)
                            + DarSpectrum.muonAntineutrino(en)) * x.differential(en, t), ExpectedRate.minEnergyMev(x, t),
                    DarSpectrum.delayedEndpointMev(), 16), tMin, x.maxRecoilMev(DarSpectrum.delayedEndpointMev()), 64)
                    * TimingProfile.delayedFraction(W.onStartUs(), W.onEndUs());
            n += targets[k] * e.fluencePerFlavorCm2() * (prompt + delayed);
        }
        return n;
    }

    @Test
    void theNominalWeakFormFactorIsTheHelmFormFactor() {
        Nucleus cs = CSI.target().get(0);
        CevnsCrossSection plain = new CevnsCrossSection(cs);
        CevnsCrossSection weak = new CevnsCrossSection(cs, plain.nominalRmsFm());
        for (double t = 1e-3; t < 0.04; t += 0.003) {
            assertEquals(plain.differential(40, t), weak.differential(40, t), 1e-12 * plain.differential(40, t));
        }
        assertThrows(IllegalArgumentException.class, () -> HelmFormFactor.ofRms(1.0), "below √3·s the Helm radius has no R₀");
    }

    @Test
    void theRadiusPrecisionFallsAsOneOverRootExposureWithStatisticsAlone() {
        double one = Reach.compute(counting(YEAR), false, 0).radii().get(0).sigmaFm();
        double four = Reach.compute(counting(4 * YEAR), false, 0).radii().get(0).sigmaFm();
        assertEquals(one / 2, four, 1e-9 * one, "four times the exposure, half the error");
        double binnedOne = Reach.compute(binned(YEAR, 20), false, 0).radii().get(1).sigmaFm();
        double binnedFour = Reach.compute(binned(4 * YEAR, 20), false, 0).radii().get(1).sigmaFm();
        assertTrue(binnedFour > binnedOne / 2, "with systematics the gain is less than √4: " + binnedOne + " → " + binnedFour);
        assertTrue(binnedFour < binnedOne, "but still a gain");
    }

    @Test
    void theNsiRegionHoldsTheStandardModelAndTheDegenerateBandAndShrinksWithExposure() {
        Reach.Result year = Reach.compute(counting(YEAR), true, 201);
        List<double[]> ee = year.nsi().eeIntervalsAtMumuZero();
        assertEquals(2, ee.size(), "two intervals at ε_μμ = 0: around 0 and the degenerate band");
        assertTrue(ee.get(0)[0] < 0 && 0 < ee.get(0)[1], "(0, 0) is allowed");
        // where the weak charge flips sign: Q(ε) = −Q(0) at ε = −2 Q(0)/(2Z + N); Cs133 0.401, I127 0.399
        double gp = 0.5 - 2 * Constants.SIN2_THETA_W;
        double csFlip = -2 * (55 * gp - 0.5 * 78) / (2 * 55 + 78);
        assertTrue(ee.get(1)[0] < csFlip && csFlip < ee.get(1)[1], "the degenerate band at ε_ee ≈ " + csFlip + ": " + ee.get(1)[0] + ".."
                + ee.get(1)[1]);
        assertEquals(0.401, csFlip, 0.001);
        double width = ee.get(0)[1] - ee.get(0)[0];
        Reach.Result more = Reach.compute(counting(9 * YEAR), false, 0);
        double widthMore = more.nsi().eeIntervalsAtMumuZero().get(0)[1] - more.nsi().eeIntervalsAtMumuZero().get(0)[0];
        assertEquals(width / 3, widthMore, 0.05 * width / 3, "nine times the exposure: a third of the width (the band is thin)");
        // the grid agrees with the intervals: the SM cell allowed, a far corner excluded
        Reach.Grid g = year.nsi().grid();
        assertTrue(g.deltaChi2()[100][100] < year.nsi().deltaChi2(), "(0, 0) allowed on the grid");
        assertTrue(g.deltaChi2()[0][0] > year.nsi().deltaChi2(), "(−1, −1) excluded");
        // by hand at one point: (N(ε) − N₀)²/N₀ with each nucleus's νe rate scaled by (Q(ε)/Q(0))²
        assertEquals(0, g.deltaChi2()[100][100], 1e-9);
    }

    @Test
    void theDefaultWithSystematicsIsNoBetterThanStatisticsAlone() {
        Reach.Result stat = Reach.compute(counting(YEAR), false, 0);
        Reach.Result full = Reach.compute(binned(YEAR, 20), false, 0);
        for (int k = 0; k < 2; k++) {
            assertTrue(full.radii().get(k).sigmaFm() > stat.radii().get(k).sigmaFm(), full.radii().get(k) + " vs " + stat.radii().get(k));
        }
        double statWidth = stat.nsi().eeIntervalsAtMumuZero().get(0)[1] - stat.nsi().eeIntervalsAtMumuZero().get(0)[0];
        double fullWidth = full.nsi().eeIntervalsAtMumuZero().get(0)[1] - full.nsi().eeIntervalsAtMumuZero().get(0)[0];
        assertTrue(fullWidth > statWidth, "the 10 % flux uncertainty widens the band around the SM: " + fullWidth + " vs " + statWidth);
        assertTrue(full.brnEvents() > 0, "the neutrons are a background of the default");
        assertEquals(0, stat.brnEvents(), "and not of the statistics-only count");
        // the model scales: the same reach at another exposure from the spectra computed once
        Reach model = Reach.model(binned(YEAR, 20));
        Reach.Result again = model.at(YEAR, null, false, 0);
        assertEquals(full.radii().get(0).sigmaFm(), again.radii().get(0).sigmaFm(), 1e-12);
        assertEquals(full.events() * 2, model.at(2 * YEAR, null, false, 0).events(), 1e-9 * full.events());
    }
}
