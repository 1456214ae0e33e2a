package eu.ess.cevns.daq.readout;

/**
 * The ESS timing system's clock: times are (seconds since the Unix epoch, ticks of the
 * 88.0525 MHz event clock). Converts between that pair and nanoseconds since the epoch.
 */
public final class EssTime {
    /** Ticks of the ESS event clock per second (88.0525 MHz). */
    public static final long TICKS_PER_SECOND = 88_052_500L;
    /** Highest valid tick value within a second. */
    public static final long MAX_TICK = TICKS_PER_SECOND - 1;

    private EssTime() {
    }

    /** Nanoseconds since the epoch of (seconds, ticks), rounding the tick part down. */
    public static long toNs(long seconds, long ticks) {
        return seconds * 1_000_000_000L + ticks * 1_000_000_000L / TICKS_PER_SECOND;
    }

    /** Seconds part of the ESS time nearest below {@code ns}. */
    public static long seconds(long ns) {
        return Math.floorDiv(ns, 1_000_000_000L);
    }

    /**
     * Tick part of the ESS time for {@code ns}, rounded up so that {@code toNs(seconds, ticks)}
     * gives back {@code ns} whenever {@code ns} lies on a tick (the simulator builds times that way).
     */
    public static long ticks(long ns) {
        long sub = Math.floorMod(ns, 1_000_000_000L);
        long t = (sub * TICKS_PER_SECOND + 999_999_999L) / 1_000_000_000L;
        return Math.min(t, MAX_TICK);
    }
}
