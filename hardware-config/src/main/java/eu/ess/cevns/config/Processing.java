package eu.ess.cevns.config;

/**
 * How the analysis reads a detector's pulses: trigger time by constant fraction ({@code cfdFraction}
 * of the amplitude) or by a leading edge at {@code leadingEdgeAdc} above baseline, and the start of
 * the "tail" for the pulse-shape parameter, {@code tailStartNs} after the peak.
 */
public record Processing(String triggerMethod, double cfdFraction, double leadingEdgeAdc, double tailStartNs) {
    /** Constant fraction at 20 %, a 10-count leading edge, tail from 100 ns after the peak. */
    public static final Processing DEFAULT = new Processing("constantFraction", 0.2, 10, 100);
}
