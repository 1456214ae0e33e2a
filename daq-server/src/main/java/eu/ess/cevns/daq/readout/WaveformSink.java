package eu.ess.cevns.daq.readout;

/**
 * Receives each decoded waveform readout of an accepted packet, on the I/O thread that decoded it.
 * The {@link Waveform} is a flyweight over the packet buffer and is only valid during the call:
 * an implementation copies what it keeps.
 */
@FunctionalInterface
public interface WaveformSink {
    void onWaveform(Waveform waveform);

    /**
     * An accepted packet (heartbeats included) belongs to the pulse {@code pulseT0Ns}; called before
     * its waveforms, so that pulses without any waveform are accounted for too.
     */
    default void onPacketPulse(long pulseT0Ns) {
    }
}
