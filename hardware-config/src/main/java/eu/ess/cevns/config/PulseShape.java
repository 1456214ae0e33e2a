package eu.ess.cevns.config;

/**
 * The detector's signal shape as its digitizers record it, used by the simulated digitizers and as
 * the default for pulse processing: exponential rise and decay times, baseline level and noise rms
 * in ADC counts.
 */
public record PulseShape(double riseNs, double decayNs, double baselineAdc, double noiseRmsAdc) {
}
