package eu.ess.cevns.daq.bench;

import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.readout.EssTime;
import eu.ess.cevns.daq.readout.ReadoutHeader;
import eu.ess.cevns.sim.PulseClock;
import eu.ess.cevns.sim.ReadoutPacketEncoder;
import eu.ess.cevns.sim.WaveformSynth;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The benchmark's traffic: the demo detector's 16 channels × 1024-sample waveforms (or another
 * record length, the pre-trigger a quarter of it), packed as many per packet as fit. Packets are
 * built once (drawing pulses is slower than decoding them) and replayed with fresh sequence numbers
 * and, for several flows, each flow's output queue.
 */
final class BenchPackets {
    static final DetectorConfig DETECTOR = ConfigLoader.shippedDetector("csi-cryogenic");
    /** The site defaults (readout limits) for a server of that detector. */
    static final SiteConfig SITE = ConfigLoader.defaultSite(Path.of("bench-data"), "csi-cryogenic");
    static final int SAMPLES = 1024;

    final byte[][] packets;
    final int[] readouts;
    /** Where each readout of each packet starts, and its trigger time's ticks after its packet's pulse. */
    private final int[][] readoutAt;
    private final long[][] readoutOffsetTicks;

    BenchPackets(int maxPacketBytes, int count) {
        this(maxPacketBytes, count, SAMPLES);
    }

    /** {@code count} packets of waveforms of {@code samplesPerWaveform} samples. */
    BenchPackets(int maxPacketBytes, int count, int samplesPerWaveform) {
        DigitizerConfig d = DETECTOR.digitizers().get(0);
        DigitizerConfig dig = samplesPerWaveform == d.recordLength() ? d : new DigitizerConfig(d.name(), d.fiber(), d.fen(),
                d.samplingRateMHz(), d.adcBits(), samplesPerWaveform, samplesPerWaveform / 4, d.channels());
        WaveformSynth synth = new WaveformSynth(DETECTOR.pulseShape(), dig, new SplittableRandom(1));
        short[] samples = new short[samplesPerWaveform];
        ReadoutPacketEncoder enc = new ReadoutPacketEncoder(maxPacketBytes);
        long k = PulseClock.pulseAtOrAfter(System.currentTimeMillis() * 1_000_000L);
        packets = new byte[count][];
        readouts = new int[count];
        readoutAt = new int[count][];
        readoutOffsetTicks = new long[count][];
        int channel = 0;
        for (int p = 0; p < count; p++) {
            long t0 = PulseClock.pulseTicks(k);
            enc.begin(1, 0, p, t0, PulseClock.pulseTicks(k - 1));
            enc.beginBlock(dig.fiber(), dig.fen());
            while (enc.fits(samplesPerWaveform, false)) {
                int flags = synth.fill(50 + 10 * channel, samples);
                enc.addReadout(t0 + 1000L * channel, channel, flags, dig.adcBits(), dig.preTrigger(), samples, samplesPerWaveform);
                channel = (channel + 1) % 16;
            }
            int length = enc.finish();
            ByteBuffer b = enc.packet();
            packets[p] = new byte[length];
            b.get(packets[p]);
            readouts[p] = enc.readouts();
            readoutAt[p] = new int[readouts[p]];
            readoutOffsetTicks[p] = new long[readouts[p]];
            // one block per packet (see above): its readouts follow the block header back to back
            int at = ReadoutHeader.SIZE_V1 + ReadoutHeader.BLOCK_HEADER;
            for (int r = 0; r < readouts[p]; r++) {
                readoutAt[p][r] = at;
                readoutOffsetTicks[p][r] = ticks(packets[p], at) - t0;
                at += ReadoutHeader.READOUT_HEADER + 2 * (packets[p][at + 14] & 0xFF | (packets[p][at + 15] & 0xFF) << 8);
            }
        }
    }

    /**
     * Moves every packet to the pulse at {@code pulseTicks} (the previous at {@code prevTicks}), its
     * readouts keeping their times after the pulse: what a sender does as the pulses go by, so that
     * stored data advance in time as a digitizer's do.
     */
    void stampPulse(long pulseTicks, long prevTicks) {
        for (int p = 0; p < packets.length; p++) {
            putTicks(packets[p], ReadoutHeader.PULSE_HIGH, pulseTicks);
            putTicks(packets[p], ReadoutHeader.PREV_PULSE_HIGH, prevTicks);
            for (int r = 0; r < readoutAt[p].length; r++) {
                putTicks(packets[p], readoutAt[p][r], pulseTicks + readoutOffsetTicks[p][r]);
            }
        }
    }

    private static long ticks(byte[] packet, int at) {
        return u32(packet, at) * EssTime.TICKS_PER_SECOND + u32(packet, at + 4);
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    /** Writes ticks as the format's u32 seconds and u32 ticks within the second, little-endian. */
    private static void putTicks(byte[] b, int at, long ticks) {
        putU32(b, at, ticks / EssTime.TICKS_PER_SECOND);
        putU32(b, at + 4, ticks % EssTime.TICKS_PER_SECOND);
    }

    private static void putU32(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    /** Sets the output queue (byte 8) of a packet. */
    static void outputQueue(byte[] packet, int queue) {
        packet[8] = (byte) queue;
    }

    /** Sets the sequence number (bytes 26..29, little-endian) of a packet. */
    static void sequence(byte[] packet, long seq) {
        packet[26] = (byte) seq;
        packet[27] = (byte) (seq >>> 8);
        packet[28] = (byte) (seq >>> 16);
        packet[29] = (byte) (seq >>> 24);
    }
}
