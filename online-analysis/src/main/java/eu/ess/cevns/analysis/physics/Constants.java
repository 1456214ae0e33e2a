package eu.ess.cevns.analysis.physics;

/** Physical constants used by the CEvNS expectation, with their sources. */
public final class Constants {
    /** Fermi constant, GeV⁻² (PDG 2024, G_F/(ħc)³). */
    public static final double FERMI_GEV2 = 1.1663788e-5;
    /** sin²θ_W at low momentum transfer (MS-bar, Q → 0; PDG 2024 electroweak review: 0.23857). */
    public static final double SIN2_THETA_W = 0.23857;
    /** (ħc)², GeV² cm² (PDG 2024: 0.3893794 GeV² mb). */
    public static final double HBARC2_GEV2_CM2 = 0.3893794e-27;
    /** ħc, MeV fm (PDG 2024). */
    public static final double HBARC_MEV_FM = 197.3269804;
    /** Atomic mass unit, MeV (CODATA 2018). */
    public static final double AMU_MEV = 931.49410242;
    /** Muon mass, MeV (PDG 2024). */
    public static final double MUON_MASS_MEV = 105.6583755;
    /** Charged pion mass, MeV (PDG 2024). */
    public static final double PION_MASS_MEV = 139.57039;
    /** Electron mass, MeV (CODATA 2018), to go from atomic to nuclear masses. */
    public static final double ELECTRON_MASS_MEV = 0.51099895;
    /** Avogadro constant, 1/mol (SI, exact). */
    public static final double AVOGADRO = 6.02214076e23;
    /** Elementary charge, C (SI, exact). */
    public static final double ELEMENTARY_CHARGE_C = 1.602176634e-19;
    /** Muon lifetime, ns (PDG 2024: 2.1969811 µs). */
    public static final double MUON_LIFETIME_NS = 2196.9811;
    /** Charged pion lifetime, ns (PDG 2024: 26.033 ns). */
    public static final double PION_LIFETIME_NS = 26.033;

    private Constants() {
    }
}
