package eu.ess.cevns.analysis.physics;

/**
 * What a detector sees of the source: protons on target, neutrinos of each flavour per proton
 * ({@code r}) and the distance; the flux per flavour is r · N_POT / (4π L²).
 * ESS at 2 GeV: r ≈ 0.3 per flavour (Baxter et al., JHEP 02 (2020) 123); at 5 MW and 5000 beam
 * hours a year, N_POT = P/(E_p e) · t = 2.8 × 10²³ per year (same reference).
 */
public record Exposure(double pot, double neutrinosPerFlavorPerProton, double distanceM) {
    /** ESS neutrino yield per flavour per 2 GeV proton (Baxter et al. 2020). */
    public static final double ESS_R = 0.3;
    /** ESS design beam: 5 MW of 2 GeV protons. */
    public static final double ESS_POWER_MW = 5.0;
    public static final double ESS_PROTON_ENERGY_GEV = 2.0;
    /** Beam hours in an ESS operating year (Baxter et al. 2020 assume 5000 h). */
    public static final double ESS_BEAM_HOURS_PER_YEAR = 5000;

    /** Protons on target in one year of beam at {@code powerMw}. */
    public static double potPerYear(double powerMw, double protonEnergyGeV, double beamHours) {
        double protonsPerSecond = powerMw * 1e6 / (protonEnergyGeV * 1e9 * Constants.ELEMENTARY_CHARGE_C);
        return protonsPerSecond * beamHours * 3600;
    }

    /** Neutrinos of one flavour per cm² at the detector. */
    public double fluencePerFlavorCm2() {
        double lCm = distanceM * 100;
        return neutrinosPerFlavorPerProton * pot / (4 * Math.PI * lCm * lCm);
    }
}
