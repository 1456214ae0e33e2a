package eu.ess.cevns.analysis.physics;

import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.Nucleus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The SM expectation against closed forms and published numbers (each cited where it is used). */
class CevnsPhysicsTest {
    static final Nucleus AR40 = new Nucleus("Ar40", 18, 40, 39.962383, 1.0);
    static final Nucleus CS133 = new Nucleus("Cs133", 55, 133, 132.905452, 1.0);

    @Test
    void totalCrossSectionEqualsTheClosedFormWhereTheFormFactorIsOne() {
        // without a form factor, ∫ dσ/dT dT = G_F² Q_W² M E² / (4π (M + 2E)) exactly (integrate the kinematic factor)
        CevnsCrossSection x = new CevnsCrossSection(AR40);
        double e = 0.1; // MeV: q ≤ 0.001 fm⁻¹, so 1 − F² < 2e-6

        double gf2 = Constants.FERMI_GEV2 * Constants.FERMI_GEV2 * 1e-12;
        double closed = gf2 * x.weakCharge() * x.weakCharge() * x.massMev() * e * e / (4 * Math.PI * (x.massMev() + 2 * e))
                * Constants.HBARC2_GEV2_CM2 * 1e6;
        assertEquals(closed, x.total(e, 0), 1e-5 * closed);
        // the textbook shorthand σ ≈ 4.22e-45 cm² · Q_W² · (E/MeV)² (e.g. Drukier & Stodolsky 1984)
        assertEquals(4.22e-45 * x.weakCharge() * x.weakCharge() * e * e, x.total(e, 0), 0.01 * x.total(e, 0));
    }

    @Test
    void weakChargeAndKinematics() {
        CevnsCrossSection x = new CevnsCrossSection(CS133);
        assertEquals(78 - (1 - 4 * 0.23857) * 55, x.weakCharge(), 1e-9);
        double m = x.massMev();
        assertEquals(132.905452 * 931.49410242 - 55 * 0.51099895, m, 1e-6);
        double e = DarSpectrum.promptEnergyMev();
        assertEquals(29.79, e, 0.01, "prompt νμ line (m_π² − m_μ²)/(2 m_π)");
        assertEquals(2 * e * e / (m + 2 * e), x.maxRecoilMev(e), 1e-12);
        assertEquals(0, x.differential(e, x.maxRecoilMev(e) * 1.0001));
    }

    @Test
    void helmFormFactorIsOneAtZeroAndVanishesAtTheFirstZeroOfJ1() {
        HelmFormFactor f = new HelmFormFactor(133);
        assertEquals(1.0, f.at(1e-6), 1e-9);
        double firstZero = 4.4934094579 / f.r0Fm(); // first zero of j1(x): x = 4.4934
        assertEquals(0, f.at(firstZero), 1e-9);
        assertTrue(f.at(0.3) < 1 && f.at(0.3) > 0);
    }

    @Test
    void delayedSpectraAreNormalised() {
        double ve = Quadrature.integrate(DarSpectrum::electronNeutrino, 0, DarSpectrum.delayedEndpointMev(), 16);
        double vmubar = Quadrature.integrate(DarSpectrum::muonAntineutrino, 0, DarSpectrum.delayedEndpointMev(), 16);
        assertEquals(1, ve, 1e-9);
        assertEquals(1, vmubar, 1e-9);
    }

    @Test
    void fluxAveragedArgonCrossSectionMatchesTheCoherentPrediction() {
        // COHERENT, PRL 126 (2021) 012002 (arXiv:2003.10630): SM flux-averaged CEvNS cross section on
        // argon 1.8 × 10⁻³⁹ cm² (measured 2.2 ± 0.7). Their prediction carries form-factor and flux-shape
        // choices of their own, so 10 % agreement is what a check can ask.
        double sigma = ExpectedRate.fluxAveragedCrossSection(new CevnsCrossSection(AR40));
        System.out.printf("flux-averaged σ(Ar40) = %.3g cm² (COHERENT SM: 1.8e-39)%n", sigma);
        assertEquals(1.8e-39, sigma, 0.18e-39);
    }

    @Test
    void aTwentyKilogramXenonGasDetectorSeesMoreThanSevenThousandEventsAYearAtEss() {
        // GanESS (high-pressure Xe TPC at ESS): "a 20 kg xenon gaseous detector ... will provide more than
        // 7,000 CEvNS events per year" (D. González-Díaz et al., INFN agenda event 24250, contribution 130168);
        // the shipped xe-hpgas file: 20 kg at 20 m, 0.9 keVnr (Baxter et al. 2020, Table 1)
        DetectorConfig xe = ConfigLoader.shippedDetector("xe-hpgas");
        Exposure year = new Exposure(Exposure.potPerYear(Exposure.ESS_POWER_MW, Exposure.ESS_PROTON_ENERGY_GEV,
                Exposure.ESS_BEAM_HOURS_PER_YEAR), Exposure.ESS_R, xe.distanceM());
        double n = new ExpectedRate(xe).events(xe.thresholdKeVnr(), year);
        System.out.printf("xe-hpgas, 20 kg at 20 m, 0.9 keVnr, 5 MW ESS year: %.0f events (GanESS: more than 7000)%n", n);
        assertTrue(n > 7000 && n < 14000, "events " + n);
    }

    @Test
    void theRateScalesWithExposureAsItMust() {
        DetectorConfig csi = ConfigLoader.shippedDetector("csi-cryogenic");
        ExpectedRate rate = new ExpectedRate(csi);
        Exposure year = new Exposure(Exposure.potPerYear(5, 2, 5000), Exposure.ESS_R, 20);
        assertEquals(2.8e23, year.pot(), 0.01e23, "ESS at 5 MW, 2 GeV, 5000 h: 2.8e23 POT (Baxter et al. 2020)");
        double n = rate.events(1.0, year);
        assertEquals(2 * n, rate.events(1.0, new Exposure(2 * year.pot(), 0.3, 20)), 1e-9 * n);
        assertEquals(n / 4, rate.events(1.0, new Exposure(year.pot(), 0.3, 40)), 1e-9 * n);
        assertTrue(rate.events(5.0, year) < n, "a higher threshold sees fewer events");
        assertEquals(0, rate.events(rate.maxRecoilKeV() + 1, year));
        System.out.printf("csi-cryogenic, 22.5 kg at 20 m, 1 keVnr, 5 MW ESS year: %.0f events%n", n);
    }
}
