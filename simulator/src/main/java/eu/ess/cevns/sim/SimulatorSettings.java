package eu.ess.cevns.sim;

import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.daq.readout.ReadoutHeader;

/**
 * What the simulated digitizers do.
 *
 * @param detector          detector whose digitizers and channels are simulated
 * @param host              server address
 * @param port              server readout port (UDP or TCP, by {@code transmission})
 * @param transmission      UDP datagrams, or one TCP stream with packets back to back
 * @param headerVersion     ESS readout header version 0 or 1
 * @param ratePerChannelHz  mean trigger rate of each channel
 * @param pulses            pulse periods to simulate (0: until stopped)
 * @param realTime          send each pulse at its wall-clock time (false: as fast as possible, up to a
 *                          minute ahead of the clock, which the server's clock tolerance accepts)
 * @param seed              random seed: the same seed gives the same packets
 * @param lossFraction      fraction of packets skipped (their sequence numbers still consumed)
 * @param reorderFraction   fraction of packets swapped with the next one
 * @param malformedFraction fraction of packets with one field corrupted
 * @param maxPacketBytes    largest packet (8972 for UDP, up to 65535 for TCP)
 * @param startPulseTicks   ESS tick of the first pulse's T0; 0 means the current time
 */
public record SimulatorSettings(DetectorConfig detector, String host, int port, Transmission transmission,
                                int headerVersion, double ratePerChannelHz, long pulses, boolean realTime, long seed,
                                double lossFraction, double reorderFraction, double malformedFraction,
                                int maxPacketBytes, long startPulseTicks) {

    public SimulatorSettings {
        if (headerVersion != 0 && headerVersion != 1) {
            throw new IllegalArgumentException("header version must be 0 or 1, got " + headerVersion);
        }
        if (ratePerChannelHz < 0) {
            throw new IllegalArgumentException("rate must be >= 0 Hz, got " + ratePerChannelHz);
        }
        for (double f : new double[] {lossFraction, reorderFraction, malformedFraction}) {
            if (f < 0 || f > 0.5) {
                throw new IllegalArgumentException("loss, reorder and malformed fractions must be in 0..0.5, got " + f);
            }
        }
        int limit = transmission == Transmission.UDP ? ReadoutHeader.MAX_UDP_PACKET : ReadoutHeader.MAX_PACKET;
        if (maxPacketBytes < 256 || maxPacketBytes > limit) {
            throw new IllegalArgumentException("packet size must be in 256.." + limit + " bytes for " + transmission
                    + ", got " + maxPacketBytes);
        }
    }

    /** Defaults: header v1, 10 Hz per channel, real time, no injected faults, largest packets. */
    public static SimulatorSettings defaults(DetectorConfig detector, String host, int port, Transmission t) {
        return new SimulatorSettings(detector, host, port, t, 1, 10.0, 0, true, 1, 0, 0, 0,
                t == Transmission.UDP ? ReadoutHeader.MAX_UDP_PACKET : ReadoutHeader.MAX_PACKET, 0);
    }

    public SimulatorSettings withPulses(long n, boolean realTimeSending) {
        return new SimulatorSettings(detector, host, port, transmission, headerVersion, ratePerChannelHz, n, realTimeSending,
                seed, lossFraction, reorderFraction, malformedFraction, maxPacketBytes, startPulseTicks);
    }

    public SimulatorSettings withFaults(double loss, double reorder, double malformed) {
        return new SimulatorSettings(detector, host, port, transmission, headerVersion, ratePerChannelHz, pulses, realTime,
                seed, loss, reorder, malformed, maxPacketBytes, startPulseTicks);
    }

    public SimulatorSettings withRate(double hz, long newSeed) {
        return new SimulatorSettings(detector, host, port, transmission, headerVersion, hz, pulses, realTime,
                newSeed, lossFraction, reorderFraction, malformedFraction, maxPacketBytes, startPulseTicks);
    }
}
