package eu.ess.cevns.daq.readout;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

/**
 * TCP readout streams for the framer's tests and fuzz targets: valid packets built field by field
 * ({@link SpecPacket}) from a source of choices (a seeded random, or the fuzzer's data), each one
 * known by its pulse time, and the ways a stream goes wrong (a corrupted header field or length, a
 * packet cut short, garbage between packets). Times lie around {@link ReadoutDecoderTest#CLOCK_MS},
 * the clock the tests' decoders use.
 */
final class ReadoutStreams {
    /** Where the packets' values come from. */
    interface Choices {
        /** A value in {@code min..max}, both included. */
        int pick(int min, int max);
    }

    static Choices random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return (min, max) -> r.nextInt(min, max + 1);
    }

    /** What is done to one packet of a stream. */
    enum Fault { NONE, LENGTH, LENGTH_65535, PAD, VERSION, COOKIE, TYPE, CUT_SHORT, GARBAGE_BEFORE }

    static final long PULSE_HIGH = ReadoutDecoderTest.CLOCK_MS / 1000;
    /** Packets a stream may hold: each has its own pulse tick. */
    static final int MAX_PACKETS = 100_000;

    private ReadoutStreams() {
    }

    /** The pulse time, ns, that identifies packet {@code i}. */
    static long pulseNs(int i) {
        return EssTime.toNs(PULSE_HIGH, pulseTick(i));
    }

    private static long pulseTick(int i) {
        return 1_000 + 800L * i;
    }

    /**
     * A valid packet numbered {@code i}: version 0 or 1, up to three blocks (none: a heartbeat) on
     * the test detector's channels, each with one to three readouts of 1..40 samples, flags and
     * times as the format allows.
     */
    static byte[] packet(int i, Choices c) {
        SpecPacket p = new SpecPacket();
        p.version = c.pick(0, 1);
        p.outputQueue = c.pick(0, 23);
        p.sequence = i;
        p.pulseHigh = PULSE_HIGH;
        p.pulseLow = pulseTick(i);
        p.prevHigh = PULSE_HIGH - 1;
        p.prevLow = p.pulseLow;
        int blocks = c.pick(0, 3);
        for (int b = 0; b < blocks; b++) {
            boolean first = c.pick(0, 1) == 0;
            p.block(first ? 0 : 2, first ? 0 : 5);
            int readouts = c.pick(1, 3);
            for (int r = 0; r < readouts; r++) {
                short[] samples = new short[c.pick(1, 40)];
                for (int k = 0; k < samples.length; k++) {
                    samples[k] = (short) c.pick(Short.MIN_VALUE, Short.MAX_VALUE);
                }
                // after the pulse (up to 0.5 s), or between the previous pulse and it
                boolean afterPulse = c.pick(0, 3) > 0;
                long high = afterPulse ? PULSE_HIGH : PULSE_HIGH - 1;
                long low = afterPulse ? p.pulseLow + c.pick(0, 44_000_000) : p.prevLow + c.pick(0, 80_000_000);
                if (low > EssTime.MAX_TICK) {
                    low -= EssTime.TICKS_PER_SECOND;
                    high++;
                }
                if (!afterPulse && high == PULSE_HIGH && low >= p.pulseLow) {
                    low = p.pulseLow - 1;
                }
                p.readout(high, low, first ? c.pick(0, 3) : 7, c.pick(0, 7), c.pick(1, 16), c.pick(0, samples.length), samples);
            }
        }
        return p.bytes();
    }

    /** {@code packet} with {@code fault} done to it, written to {@code out}. */
    static void write(ByteArrayOutputStream out, byte[] packet, Fault fault, Choices c) {
        byte[] p = packet.clone();
        int length = p.length;
        switch (fault) {
            case NONE -> {
            }
            case LENGTH -> {
                int wrong = c.pick(0, 65_534);
                wrong += wrong >= length ? 1 : 0;
                p[ReadoutHeader.TOTAL_LENGTH] = (byte) wrong;
                p[ReadoutHeader.TOTAL_LENGTH + 1] = (byte) (wrong >>> 8);
            }
            case LENGTH_65535 -> {
                p[ReadoutHeader.TOTAL_LENGTH] = (byte) 0xFF;
                p[ReadoutHeader.TOTAL_LENGTH + 1] = (byte) 0xFF;
            }
            case PAD -> p[ReadoutHeader.PAD] = (byte) c.pick(1, 255);
            case VERSION -> p[ReadoutHeader.VERSION] = (byte) c.pick(2, 255);
            case COOKIE -> p[ReadoutHeader.COOKIE + c.pick(0, 2)] ^= (byte) c.pick(1, 255);
            case TYPE -> p[ReadoutHeader.TYPE] ^= (byte) c.pick(1, 255);
            case CUT_SHORT -> length = c.pick(1, p.length - 1);
            case GARBAGE_BEFORE -> garbage(out, c.pick(1, 300), c);
        }
        out.write(p, 0, length);
    }

    /** Bytes that hold no packet start ('E' never occurs, so no cookie can begin in them). */
    static void garbage(ByteArrayOutputStream out, int bytes, Choices c) {
        for (int i = 0; i < bytes; i++) {
            int b = c.pick(0, 254);
            out.write(b >= 'E' ? b + 1 : b);
        }
    }
}
