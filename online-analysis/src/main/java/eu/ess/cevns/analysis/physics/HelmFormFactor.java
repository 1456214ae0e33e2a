package eu.ess.cevns.analysis.physics;

/**
 * The Helm nuclear form factor F(q) = 3 j₁(qR₀)/(qR₀) · exp(−q²s²/2), with the parameters of
 * Lewin & Smith, Astropart. Phys. 6 (1996) 87: skin thickness s = 0.9 fm, c = 1.23 A^{1/3} − 0.60 fm,
 * a = 0.52 fm, R₀² = c² + (7/3)π²a² − 5s². It suppresses the coherent rate at the larger recoils
 * of heavy nuclei (a few % for CsI at 10 keVnr). Its rms radius is R_rms² = 3/5 R₀² + 3 s²; a Helm
 * factor of another rms radius (the neutron distribution's, for the reach) keeps s and sets R₀ from it.
 */
public final class HelmFormFactor {
    static final double SKIN_FM = 0.9;
    static final double A_FM = 0.52;
    private final double r0Fm;

    /** The Lewin–Smith form factor of a nucleus of mass number {@code massNumber}. */
    public HelmFormFactor(int massNumber) {
        double c = 1.23 * Math.cbrt(massNumber) - 0.60;
        this.r0Fm = Math.sqrt(c * c + 7.0 / 3.0 * Math.PI * Math.PI * A_FM * A_FM - 5 * SKIN_FM * SKIN_FM);
    }

    private HelmFormFactor(double r0Fm) {
        this.r0Fm = r0Fm;
    }

    /** The Helm form factor of rms radius {@code rmsFm} (s = 0.9 fm): R₀ = √(5/3 (R_rms² − 3 s²)). */
    public static HelmFormFactor ofRms(double rmsFm) {
        double r0Squared = 5.0 / 3.0 * (rmsFm * rmsFm - 3 * SKIN_FM * SKIN_FM);
        if (!(r0Squared > 0)) {
            throw new IllegalArgumentException("an rms radius of " + rmsFm + " fm is below the Helm skin's √3·s = "
                    + Math.sqrt(3) * SKIN_FM + " fm");
        }
        return new HelmFormFactor(Math.sqrt(r0Squared));
    }

    public double r0Fm() {
        return r0Fm;
    }

    /** The rms radius of this distribution, fm: √(3/5 R₀² + 3 s²). */
    public double rmsFm() {
        return Math.sqrt(0.6 * r0Fm * r0Fm + 3 * SKIN_FM * SKIN_FM);
    }

    /** F at momentum transfer q, fm⁻¹. */
    public double at(double qPerFm) {
        double x = qPerFm * r0Fm;
        double j1OverX = x < 1e-3 ? 1.0 / 3.0 - x * x / 30.0 : (Math.sin(x) / (x * x) - Math.cos(x) / x) / x;
        return 3 * j1OverX * Math.exp(-qPerFm * qPerFm * SKIN_FM * SKIN_FM / 2);
    }
}
