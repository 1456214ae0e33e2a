package eu.ess.cevns.config;

/**
 * Per-channel linear ADC→keVee calibration of the pulse amplitude above baseline:
 * {@code keVee = offsetKeVee + gainKeVeePerAdc · adc}.
 */
public record Calibration(double gainKeVeePerAdc, double offsetKeVee) {
}
