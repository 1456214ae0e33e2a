package eu.ess.cevns.daq.history;

import java.util.Locale;

/**
 * How a series' buckets combine into a longer one (a minute of seconds, an hour of minutes for a
 * week's chart): a rate is averaged, a loss or an alarm count keeps its worst, a run's running
 * total keeps its last value. Buckets without data take no part.
 */
public enum Aggregation {
    MEAN, MIN, MAX, LAST;

    /** mean, min, max, last: as {@code /api/history} names it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Combines values one at a time, oldest first; NaN is "no data" and is skipped. */
    static final class Accumulator {
        private final Aggregation how;
        private double sum;
        private double best;
        private double last;
        private int n;

        Accumulator(Aggregation how) {
            this.how = how;
            reset();
        }

        void reset() {
            n = 0;
            sum = 0;
            best = Double.NaN;
            last = Double.NaN;
        }

        void add(double v) {
            if (Double.isNaN(v)) {
                return;
            }
            n++;
            sum += v;
            last = v;
            if (n == 1 || (how == MIN ? v < best : v > best)) {
                best = v;
            }
        }

        /** The combined value, NaN if nothing was added. */
        double value() {
            if (n == 0) {
                return Double.NaN;
            }
            return switch (how) {
                case MEAN -> sum / n;
                case MIN, MAX -> best;
                case LAST -> last;
            };
        }
    }
}
