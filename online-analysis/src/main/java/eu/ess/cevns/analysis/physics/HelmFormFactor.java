package eu.ess.cevns.analysis.physics;

/**
 * The Helm nuclear form factor F(q) = 3 j₁(qR₀)/(qR₀) · exp(−q²s²/2), with the parameters of
 * Lewin & Smith, Astropart. Phys. 6 (1996) 87: skin thickness s = 0.9 fm, c = 1.23 A^{1/3} − 0.60 fm,
 * a = 0.52 fm, R₀² = c² + (7/3)π²a² − 5s². It suppresses the coherent rate at the larger recoils
 * of heavy nuclei (a few % for CsI at 10 keVnr).
 */
public final class HelmFormFactor {
    static final double SKIN_FM = 0.9;
    static final double A_FM = 0.52;
    private final double r0Fm;

    public HelmFormFactor(int massNumber) {
        double c = 1.23 * Math.cbrt(massNumber) - 0.60;
        this.r0Fm = Math.sqrt(c * c + 7.0 / 3.0 * Math.PI * Math.PI * A_FM * A_FM - 5 * SKIN_FM * SKIN_FM);
    }

    public double r0Fm() {
        return r0Fm;
    }

    /** F at momentum transfer q, fm⁻¹. */
    public double at(double qPerFm) {
        double x = qPerFm * r0Fm;
        double j1OverX = x < 1e-3 ? 1.0 / 3.0 - x * x / 30.0 : (Math.sin(x) / (x * x) - Math.cos(x) / x) / x;
        return 3 * j1OverX * Math.exp(-qPerFm * qPerFm * SKIN_FM * SKIN_FM / 2);
    }
}
