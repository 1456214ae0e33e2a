package eu.ess.cevns.config;

/**
 * One digitizer channel. {@code id} is unique within the detector and is the {@code n} of
 * {@code Ch<n>:Threshold} and {@code /api/channels/{n}}; {@code channel} is the number the
 * digitizer puts in its readouts (unique within its FEN).
 */
public record ChannelConfig(int id, int channel, boolean enabled, double thresholdKeVnr, Calibration calibration) {
}
