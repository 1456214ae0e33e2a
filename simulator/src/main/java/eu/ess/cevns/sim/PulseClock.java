package eu.ess.cevns.sim;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.daq.readout.EssTime;

/**
 * The ESS proton-pulse grid on the 88.0525 MHz clock: pulse k since the epoch is at tick
 * round(k · 88 052 500 / 14). A period is not a whole number of ticks (6 289 464.29), so periods
 * alternate between 6 289 464 and 6 289 465 ticks and the grid never drifts. The simulated
 * digitizers and the simulated timing IOC share it, as the real ones share the ESS timing system.
 */
public final class PulseClock {
    private PulseClock() {
    }

    /** Tick of pulse number {@code k} (pulses counted from the epoch). */
    public static long pulseTicks(long k) {
        // k · TPS overflows long after ~3e9 s of pulses; split into whole seconds and the rest
        long seconds = Math.floorDiv(k, EssPulse.RATE_HZ);
        long rest = Math.floorMod(k, EssPulse.RATE_HZ);
        return seconds * EssTime.TICKS_PER_SECOND + Math.round(rest * EssTime.TICKS_PER_SECOND / (double) EssPulse.RATE_HZ);
    }

    /** Number of the first pulse at or after {@code epochNs}. */
    public static long pulseAtOrAfter(long epochNs) {
        long k = Math.floorDiv(epochNs, 1_000_000_000L) * EssPulse.RATE_HZ;
        while (ticksToNs(pulseTicks(k)) < epochNs) {
            k++;
        }
        return k;
    }

    /** Number of the pulse whose T0 is nearest to {@code t0Ns} (exact: no overflow of ns × 14). */
    public static long pulseNumber(long t0Ns) {
        long seconds = Math.floorDiv(t0Ns, 1_000_000_000L);
        long rest = Math.floorMod(t0Ns, 1_000_000_000L);
        return seconds * EssPulse.RATE_HZ + Math.round(rest * EssPulse.RATE_HZ / 1e9);
    }

    public static long ticksToNs(long ticks) {
        return EssTime.toNs(Math.floorDiv(ticks, EssTime.TICKS_PER_SECOND), Math.floorMod(ticks, EssTime.TICKS_PER_SECOND));
    }

    /** Ticks (rounded down) of a duration in ns. */
    public static long nsToTicks(long ns) {
        // 88 052 500 / 10⁹ = 880 525 / 10⁷; fine for durations up to days
        return Math.floorDiv(ns * 880_525L, 10_000_000L);
    }
}
