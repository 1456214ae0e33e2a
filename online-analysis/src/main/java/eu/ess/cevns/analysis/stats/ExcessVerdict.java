package eu.ess.cevns.analysis.stats;

import eu.ess.cevns.config.AlarmLimits;

import java.util.Locale;

/**
 * What the beam-correlated excess says against the Standard-Model expectation, in words a shift
 * crew reads: as expected, above, below, or far below. "Far below" is exactly the condition of the
 * {@code excessLow} alarm (the site's {@code excessLowSigma} and {@code excessMinExpected}), so the
 * page can never be red while no alarm is raised, nor the other way round. The error that judges is
 * the statistical error of the excess and the systematic error of the expectation added in
 * quadrature, so that a long run, whose statistical error shrinks, does not drift into "above" or
 * "below" from the systematics alone.
 *
 * @param pull       (excess − expected) / error; NaN when there is nothing to compare
 * @param ratio      excess / expected
 * @param ratioError error / expected
 */
public record ExcessVerdict(Level level, double pull, double ratio, double ratioError, String text) {
    /**
     * Within this many standard errors the excess agrees with the expectation: the usual two-sided
     * 95 % band. Outside it, but not far below, the page says above or below without an alarm.
     */
    public static final double AGREE_SIGMA = 2;

    /** The verdict's kind; {@link #key()} is its name in JSON. */
    public enum Level {
        NONE("none"), AS_EXPECTED("asExpected"), ABOVE("above"), BELOW("below"), FAR_BELOW("farBelow");

        private final String key;

        Level(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** Before any beam-on and beam-off data. */
    public static final ExcessVerdict WAITING = new ExcessVerdict(Level.NONE, Double.NaN, Double.NaN, Double.NaN,
            "waiting for beam-on and beam-off data");

    /** The verdict with the statistical error alone (an expectation without systematic uncertainty). */
    public static ExcessVerdict of(double excess, double error, double expected, AlarmLimits limits) {
        return of(excess, error, expected, 0, limits);
    }

    /**
     * @param statError  statistical error of the excess
     * @param systError  systematic error of the expectation (1σ, events)
     */
    public static ExcessVerdict of(double excess, double statError, double expected, double systError, AlarmLimits limits) {
        if (Double.isNaN(excess)) {
            return WAITING;
        }
        double error = Math.hypot(statError, Double.isFinite(systError) ? systError : 0);
        if (!(expected >= limits.excessMinExpected()) || !(error > 0)) {
            return new ExcessVerdict(Level.NONE, Double.NaN, Double.NaN, Double.NaN, "too few events yet to compare");
        }
        double pull = (excess - expected) / error;
        double ratio = excess / expected;
        double ratioError = error / expected;
        String r = String.format(Locale.ROOT, " (%.2f ± %.2f of expected)", ratio, ratioError);
        Level level;
        String words;
        if (-pull > limits.excessLowSigma()) {
            level = Level.FAR_BELOW;
            words = "FAR BELOW expectation";
        } else if (Math.abs(pull) <= AGREE_SIGMA) {
            level = Level.AS_EXPECTED;
            words = "growing as expected";
        } else if (pull < 0) {
            level = Level.BELOW;
            words = "below expectation";
        } else {
            level = Level.ABOVE;
            words = "above expectation";
        }
        return new ExcessVerdict(level, pull, ratio, ratioError, words + r);
    }
}
