package eu.ess.cevns.config;

/**
 * How the server reads readout packets (site file {@code readout:}).
 *
 * @param maxPrevPulseAgeMs how far a readout header's previous pulse time may lie before its pulse time
 * @param resyncWindow      the largest step, in packets, between consecutive sequence numbers of one
 *                          (source, output queue) that is still read as lost packets (forward) or a late
 *                          packet (back); a larger step, or a restart at 0, is a resync: counted, and
 *                          the tracking follows the new numbers without counting a loss
 * @param clockToleranceS   how far a packet's pulse time or a readout's time may lie from the server's
 *                          clock, either way, before the packet is rejected ({@code time})
 */
public record ReadoutSettings(double maxPrevPulseAgeMs, long resyncWindow, double clockToleranceS) {
}
