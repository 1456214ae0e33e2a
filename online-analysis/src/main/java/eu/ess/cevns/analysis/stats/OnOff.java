package eu.ess.cevns.analysis.stats;

/**
 * One on/off measurement: {@code on} counts in the on window, {@code off} counts in the off window,
 * and α = (on exposure) / (off exposure), so that α·off estimates the background in the on window.
 * Everything derived from it is here, computed on demand.
 */
public record OnOff(long on, long off, double alpha) {

    public OnOff {
        if (on < 0 || off < 0 || !(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("counts must be >= 0 and alpha > 0, got on=" + on + " off=" + off + " alpha=" + alpha);
        }
    }

    /** N_on − α N_off. */
    public double excess() {
        return on - alpha * off;
    }

    /** √(N_on + α² N_off), the usual error of the excess (Gaussian; see {@link #interval} at low counts). */
    public double excessError() {
        return Math.sqrt(on + alpha * alpha * off);
    }

    /**
     * Significance of the excess by Li & Ma, ApJ 272 (1983) 317, Eq. 17, signed by the excess:
     * S = √2 · [N_on ln((1+α)/α · N_on/(N_on+N_off)) + N_off ln((1+α) · N_off/(N_on+N_off))]^{1/2}.
     * A term with zero counts is zero (x ln x → 0).
     */
    public double liMaSignificance() {
        double total = on + off;
        if (total == 0) {
            return 0;
        }
        double termOn = on == 0 ? 0 : on * Math.log((1 + alpha) / alpha * on / total);
        double termOff = off == 0 ? 0 : off * Math.log((1 + alpha) * off / total);
        double s = Math.sqrt(2 * Math.max(0, termOn + termOff));
        return excess() < 0 ? -s : s;
    }

    /** Profile-likelihood interval for the signal in the on window; see {@link OnOffLikelihood}. */
    public Interval interval(double confidence) {
        return OnOffLikelihood.interval(this, confidence);
    }
}
