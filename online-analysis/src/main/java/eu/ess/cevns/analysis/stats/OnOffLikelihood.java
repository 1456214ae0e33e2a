package eu.ess.cevns.analysis.stats;

import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * The on/off likelihood with signal s ≥ 0 and background b as nuisance: N_on ~ Poisson(s + α b),
 * N_off ~ Poisson(b). The interval is where −2 ln λ(s) stays below the χ²(1) quantile of the
 * confidence, with b profiled out in closed form and s bounded at zero — the method of Rolke,
 * López & Conrad, NIM A 551 (2005) 493. At zero or few on counts it turns into an upper limit
 * instead of an interval with a negative end, which is what a DAQ must show when there is nothing
 * (yet) to see.
 */
public final class OnOffLikelihood {
    private OnOffLikelihood() {
    }

    /** ln L(s, b) up to a constant. */
    static double logL(OnOff m, double s, double b) {
        double mu = s + m.alpha() * b;
        double l = -mu - b;
        if (m.on() > 0) {
            l += m.on() * Math.log(mu);
        }
        if (m.off() > 0) {
            l += m.off() * Math.log(b);
        }
        return l;
    }

    /**
     * b maximising L for a given s: ∂ln L/∂b = −(1+α) + α N_on/(s+αb) + N_off/b = 0, i.e. the positive root of
     * α(1+α) b² + ((1+α) s − α (N_on + N_off)) b − N_off s = 0; at s = 0, b = (N_on + N_off)/(1+α).
     */
    static double profiledB(OnOff m, double s) {
        double a = m.alpha() * (1 + m.alpha());
        double bq = (1 + m.alpha()) * s - m.alpha() * (m.on() + m.off());
        double c = -m.off() * s;
        if (s == 0) {
            return Math.max(0, -bq / a);
        }
        return (-bq + Math.sqrt(bq * bq - 4 * a * c)) / (2 * a);
    }

    /** Maximum-likelihood signal within s ≥ 0. */
    public static double bestSignal(OnOff m) {
        return Math.max(0, m.excess());
    }

    /** −2 ln λ(s): twice the drop of the profiled log-likelihood from its maximum. */
    static double deviance(OnOff m, double s) {
        double sHat = bestSignal(m);
        double best = logL(m, sHat, profiledB(m, sHat));
        return 2 * (best - logL(m, s, profiledB(m, s)));
    }

    public static Interval interval(OnOff m, double confidence) {
        double level = new ChiSquaredDistribution(1).inverseCumulativeProbability(confidence);
        double sHat = bestSignal(m);
        BrentSolver solver = new BrentSolver(1e-10, 1e-12);
        double lower = 0;
        if (sHat > 0 && deviance(m, 0) > level) {
            lower = solver.solve(1000, s -> deviance(m, s) - level, 0, sHat);
        }
        double hi = Math.max(sHat, 1) + 1;
        while (deviance(m, hi) < level) {
            hi = 2 * hi + 10;
        }
        double upper = solver.solve(1000, s -> deviance(m, s) - level, sHat, hi);
        return new Interval(lower, upper, confidence);
    }
}
