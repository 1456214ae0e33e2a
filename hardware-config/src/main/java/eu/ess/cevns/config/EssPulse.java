package eu.ess.cevns.config;

/**
 * The ESS proton pulse clock: 14 pulses a second (ESS Technical Design Report, 2013), the one
 * place the project writes it down. Everything that divides time into pulses (window limits, time
 * since T0 histograms, staleness of the beam timing, exposure in beam days, the simulators, the
 * dashboard through {@code /api/config}) reads it from here.
 */
public final class EssPulse {
    /** Pulses per second. */
    public static final int RATE_HZ = 14;
    /** One pulse period in ns, rounded down to a whole ns (71 428 571). */
    public static final long PERIOD_NS = 1_000_000_000L / RATE_HZ;
    /** One pulse period in µs, unrounded (71 428.571…): the limit of a window edge. */
    public static final double PERIOD_US = 1e6 / RATE_HZ;

    private EssPulse() {
    }
}
