package eu.ess.cevns.config;

/**
 * How the server reads readout packets (site file {@code readout:}).
 *
 * @param maxPrevPulseAgeMs how far a readout header's previous pulse time may lie before its pulse time
 */
public record ReadoutSettings(double maxPrevPulseAgeMs) {
}
