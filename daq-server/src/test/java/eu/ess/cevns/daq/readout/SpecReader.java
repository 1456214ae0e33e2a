package eu.ess.cevns.daq.readout;

import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a readout packet straight from the tables in DESIGN §3 and formats.md, written apart from
 * {@link ReadoutDecoder} (a {@link ByteBuffer}, the detector's channel list searched, no shared
 * code): the second reading the fuzz targets compare the decoder with. The reason is the first
 * check that fails in the order the format's table lists the fields.
 */
final class SpecReader {
    private static final long TICKS = 88_052_500L;

    record Readout(int fiber, int fen, int channel, int channelId, int flags, int bits, int pre, long t0Ns, long triggerNs,
                   short[] samples) {
    }

    /** The verdict: a reason (rejected) or null and the readouts (accepted; none for a heartbeat). */
    record Verdict(RejectReason reason, long pulseNs, List<Readout> readouts) {
    }

    private final DetectorConfig detector;
    private final long maxPrevNs;
    private final long nowNs;
    private final long toleranceNs;

    SpecReader(DetectorConfig detector, long maxPrevNs, long nowNs, long toleranceNs) {
        this.detector = detector;
        this.maxPrevNs = maxPrevNs;
        this.nowNs = nowNs;
        this.toleranceNs = toleranceNs;
    }

    private static Verdict no(RejectReason r) {
        return new Verdict(r, 0, List.of());
    }

    private static long ns(long seconds, long ticks) {
        return seconds * 1_000_000_000L + ticks * 1_000_000_000L / TICKS;
    }

    private boolean farFromClock(long t) {
        return t > nowNs + toleranceNs || t < nowNs - toleranceNs;
    }

    private int channelId(int fiber, int fen, int channel) {
        for (DigitizerConfig d : detector.digitizers()) {
            if (d.fiber() == fiber && d.fen() == fen) {
                for (ChannelConfig c : d.channels()) {
                    if (c.channel() == channel && c.enabled()) {
                        return c.id();
                    }
                }
            }
        }
        return -1;
    }

    Verdict read(byte[] packet) {
        ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        int n = packet.length;
        if (n < 30) {
            return no(RejectReason.SIZE);
        }
        if (b.get(0) != 0) {
            return no(RejectReason.PAD);
        }
        int version = b.get(1) & 0xFF;
        if (version > 1) {
            return no(RejectReason.VERSION);
        }
        if (b.get(2) != 'E' || b.get(3) != 'S' || b.get(4) != 'S') {
            return no(RejectReason.COOKIE);
        }
        int header = version == 0 ? 30 : 32;
        if ((b.getShort(6) & 0xFFFF) != n || n < header) {
            return no(RejectReason.SIZE);
        }
        if ((b.get(5) & 0xFF) != 0x70) {
            return no(RejectReason.TYPE);
        }
        if ((b.get(8) & 0xFF) > 23) {
            return no(RejectReason.OUTPUT_QUEUE);
        }
        long pulseLow = b.getInt(14) & 0xFFFF_FFFFL;
        long prevLow = b.getInt(22) & 0xFFFF_FFFFL;
        if (pulseLow >= TICKS || prevLow >= TICKS) {
            return no(RejectReason.TIME_FRAC);
        }
        long pulse = ns(b.getInt(10) & 0xFFFF_FFFFL, pulseLow);
        long prev = ns(b.getInt(18) & 0xFFFF_FFFFL, prevLow);
        if (prev > pulse || pulse - prev > maxPrevNs) {
            return no(RejectReason.TIME_HIGH);
        }
        if (farFromClock(pulse)) {
            return no(RejectReason.TIME);
        }
        List<Readout> readouts = new ArrayList<>();
        int pos = header;
        while (pos < n) {
            if (n - pos < 4 + 16) {
                return no(RejectReason.BLOCK);
            }
            int fiber = b.get(pos) & 0xFF;
            int fen = b.get(pos + 1) & 0xFF;
            int blockEnd = pos + (b.getShort(pos + 2) & 0xFFFF);
            if (blockEnd - pos < 4 + 16 || blockEnd > n) {
                return no(RejectReason.BLOCK);
            }
            int r = pos + 4;
            while (r < blockEnd) {
                if (blockEnd - r < 16) {
                    return no(RejectReason.SAMPLES);
                }
                int flags = b.get(r + 10) & 0xFF;
                int bits = b.get(r + 11) & 0xFF;
                int pre = b.getShort(r + 12) & 0xFFFF;
                int count = b.getShort(r + 14) & 0xFFFF;
                if (count == 0 || r + 16 + 2 * count > blockEnd || bits < 1 || bits > 16 || pre > count || flags > 7) {
                    return no(RejectReason.SAMPLES);
                }
                long low = b.getInt(r + 4) & 0xFFFF_FFFFL;
                if (low >= TICKS) {
                    return no(RejectReason.TIME_FRAC);
                }
                int channel = b.getShort(r + 8) & 0xFFFF;
                int id = channelId(fiber, fen, channel);
                if (id < 0) {
                    return no(RejectReason.CHANNEL);
                }
                long trigger = ns(b.getInt(r) & 0xFFFF_FFFFL, low);
                long t0 = trigger >= pulse ? pulse : trigger >= prev ? prev : -1;
                if (t0 < 0 || farFromClock(trigger)) {
                    return no(RejectReason.TIME);
                }
                short[] samples = new short[count];
                for (int i = 0; i < count; i++) {
                    samples[i] = b.getShort(r + 16 + 2 * i);
                }
                readouts.add(new Readout(fiber, fen, channel, id, flags, bits, pre, t0, trigger, samples));
                r += 16 + 2 * count;
            }
            pos = blockEnd;
        }
        return new Verdict(null, pulse, readouts);
    }
}
