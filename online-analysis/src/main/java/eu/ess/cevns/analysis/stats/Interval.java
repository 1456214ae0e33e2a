package eu.ess.cevns.analysis.stats;

/** A confidence interval [lower, upper] at {@code confidence}; lower is 0 when it is an upper limit. */
public record Interval(double lower, double upper, double confidence) {
    public boolean contains(double x) {
        return x >= lower && x <= upper;
    }
}
