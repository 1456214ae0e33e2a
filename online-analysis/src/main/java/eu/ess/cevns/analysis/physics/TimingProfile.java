package eu.ess.cevns.analysis.physics;

/**
 * When the neutrinos of a proton pulse arrive, relative to its T0: protons arrive evenly over the
 * pulse (2.86 ms at ESS; ESS Technical Design Report), prompt νμ follow each proton after the pion
 * lifetime (26 ns, negligible here) and the delayed νe, ν̄μ after a further muon lifetime
 * (τμ = 2.197 µs). Gives the fraction of each kind inside a window [start, end] µs after T0, and
 * the same for anything else that follows the protons with an exponential delay (beam-related
 * neutrons).
 */
public final class TimingProfile {
    /** ESS proton pulse length, µs. */
    public static final double PULSE_US = 2860;
    private static final double TAU_MU_US = Constants.MUON_LIFETIME_NS / 1000;

    private TimingProfile() {
    }

    /** Fraction of prompt neutrinos arriving in [startUs, endUs]. */
    public static double promptFraction(double startUs, double endUs) {
        double a = Math.max(0, startUs);
        double b = Math.min(PULSE_US, endUs);
        return b > a ? (b - a) / PULSE_US : 0;
    }

    /** Fraction of delayed neutrinos in [startUs, endUs]: a uniform pulse convolved with the muon decay. */
    public static double delayedFraction(double startUs, double endUs) {
        return fractionWithDelay(startUs, endUs, TAU_MU_US);
    }

    /**
     * Fraction in [startUs, endUs] of particles that follow the protons (uniform over the pulse),
     * each after an exponential delay of mean {@code tauUs} (0: no delay, as the prompt neutrinos).
     */
    public static double fractionWithDelay(double startUs, double endUs, double tauUs) {
        if (!(tauUs > 0)) {
            return promptFraction(startUs, endUs);
        }
        return cumulative(endUs, tauUs) - cumulative(startUs, tauUs);
    }

    /** P(arrival ≤ t) for a delayed neutrino. */
    static double cumulativeDelayed(double tUs) {
        return cumulative(tUs, TAU_MU_US);
    }

    /** P(arrival ≤ t) for a particle delayed by an exponential of mean τ after a uniform pulse. */
    private static double cumulative(double tUs, double tau) {
        if (tUs <= 0) {
            return 0;
        }
        // ∫0^min(t,P) (1/P)(1 − e^{−(t−u)/τ}) du
        double u = Math.min(tUs, PULSE_US);
        return (u - tau * (Math.exp(-(tUs - u) / tau) - Math.exp(-tUs / tau))) / PULSE_US;
    }
}
