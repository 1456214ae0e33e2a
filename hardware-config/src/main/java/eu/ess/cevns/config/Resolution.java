package eu.ess.cevns.config;

/**
 * Energy resolution of the detector in electron-equivalent energy: σ(E) = √(noiseKeVee² + statKeVee · E),
 * a constant (electronic noise) term and a statistical term (photo-electron or charge-carrier
 * counting). {@link #NONE} where the file gives none.
 */
public record Resolution(double noiseKeVee, double statKeVee) {
    public static final Resolution NONE = new Resolution(0, 0);

    /** σ at {@code keVee}, keVee. */
    public double sigmaKeVee(double keVee) {
        return Math.sqrt(noiseKeVee * noiseKeVee + statKeVee * Math.max(0, keVee));
    }
}
