package eu.ess.cevns.daq.readout;

import eu.ess.cevns.config.ReadoutSettings;

import java.util.function.LongSupplier;

/**
 * How far the decoder lets a packet's times stray: the previous pulse time before the pulse time
 * ({@code readout.maxPrevPulseAgeMs}), and a pulse or readout time from the server's clock
 * ({@code readout.clockToleranceS}), so that a corrupt or unset timestamp (a readout of 2106, of
 * 1970) is rejected as {@code time} instead of reaching the store and the analysis' time axis.
 *
 * @param clockMs the server's clock, ms since the epoch (read once per packet)
 */
public record TimeLimits(long maxPrevPulseAgeNs, long clockToleranceNs, LongSupplier clockMs) {

    /** The site's limits against the system clock. */
    public static TimeLimits of(ReadoutSettings settings) {
        return of(settings, System::currentTimeMillis);
    }

    /** The site's limits against {@code clockMs} (tests that stamp packets at a fixed time). */
    public static TimeLimits of(ReadoutSettings settings, LongSupplier clockMs) {
        return new TimeLimits(Math.round(settings.maxPrevPulseAgeMs() * 1e6), Math.round(settings.clockToleranceS() * 1e9), clockMs);
    }
}
