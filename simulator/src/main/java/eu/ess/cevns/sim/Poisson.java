package eu.ess.cevns.sim;

import java.util.SplittableRandom;

/**
 * Poisson-distributed counts for the simulators: Knuth's multiplication method for small means
 * (exact), a rounded normal approximation above a mean of 30 (where the two differ by less than the
 * simulators care about, and Knuth's method would need as many random draws as the mean).
 */
final class Poisson {
    private static final double NORMAL_ABOVE = 30;

    private Poisson() {
    }

    /** A count with mean {@code mean} (0 for a mean of 0 or less). */
    static int draw(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > NORMAL_ABOVE) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
