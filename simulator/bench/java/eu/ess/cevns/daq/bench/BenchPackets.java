package eu.ess.cevns.daq.bench;

import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.sim.PulseClock;
import eu.ess.cevns.sim.ReadoutPacketEncoder;
import eu.ess.cevns.sim.WaveformSynth;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The benchmark's traffic: the demo detector's 16 channels × 1024-sample waveforms, packed as
 * many per packet as fit. Packets are built once (drawing pulses is slower than decoding them)
 * and replayed with fresh sequence numbers.
 */
final class BenchPackets {
    static final DetectorConfig DETECTOR = ConfigLoader.shippedDetector("csi-cryogenic");
    /** The site defaults (readout limits) for a server of that detector. */
    static final SiteConfig SITE = ConfigLoader.defaultSite(Path.of("bench-data"), "csi-cryogenic");
    static final int SAMPLES = 1024;

    final byte[][] packets;
    final int[] readouts;

    BenchPackets(int maxPacketBytes, int count) {
        DigitizerConfig dig = DETECTOR.digitizers().get(0);
        WaveformSynth synth = new WaveformSynth(DETECTOR.pulseShape(), dig, new SplittableRandom(1));
        short[] samples = new short[SAMPLES];
        ReadoutPacketEncoder enc = new ReadoutPacketEncoder(maxPacketBytes);
        long k = PulseClock.pulseAtOrAfter(System.currentTimeMillis() * 1_000_000L);
        packets = new byte[count][];
        readouts = new int[count];
        int channel = 0;
        for (int p = 0; p < count; p++) {
            long t0 = PulseClock.pulseTicks(k);
            enc.begin(1, 0, p, t0, PulseClock.pulseTicks(k - 1));
            enc.beginBlock(dig.fiber(), dig.fen());
            while (enc.fits(SAMPLES, false)) {
                int flags = synth.fill(50 + 10 * channel, samples);
                enc.addReadout(t0 + 1000L * channel, channel, flags, dig.adcBits(), dig.preTrigger(), samples, SAMPLES);
                channel = (channel + 1) % 16;
            }
            int length = enc.finish();
            ByteBuffer b = enc.packet();
            packets[p] = new byte[length];
            b.get(packets[p]);
            readouts[p] = enc.readouts();
        }
    }

    /** Sets the sequence number (bytes 26..29, little-endian) of a packet. */
    static void sequence(byte[] packet, long seq) {
        packet[26] = (byte) seq;
        packet[27] = (byte) (seq >>> 8);
        packet[28] = (byte) (seq >>> 16);
        packet[29] = (byte) (seq >>> 24);
    }
}
