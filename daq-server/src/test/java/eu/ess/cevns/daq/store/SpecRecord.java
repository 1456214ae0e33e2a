package eu.ess.cevns.daq.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds stored records byte by byte straight from the table in {@code src/site/markdown/formats.md}
 * (kind byte, schema-version byte, then the fields little-endian; text a u16 byte length and UTF-8,
 * the configuration a u32 length), independently of the record descriptors, so that the descriptor
 * tests check writers and readers against the reference and not against another reading of it.
 */
final class SpecRecord {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private SpecRecord(int kind, int version) {
        u8(kind);
        u8(version);
    }

    static byte[] runStart(int run, long startNs, String software, String who, String comment, String config) {
        return new SpecRecord(1, 1).i32(run).i64(startNs).text(software).text(who).text(comment).longText(config).bytes();
    }

    static byte[] waveform(int source, int queue, int fiber, int fen, int flags, int channel, int channelId, int bits,
                           int beamState, int preTrigger, long sequence, long pulseT0Ns, long sinceT0Ns, short... samples) {
        SpecRecord r = new SpecRecord(2, 1).i32(source).u8(queue).u8(fiber).u8(fen).u8(flags).u16(channel).u16(channelId)
                .u8(bits).u8(beamState).u16(preTrigger).i32((int) sequence).i64(pulseT0Ns).i64(sinceT0Ns).u16(samples.length);
        for (short s : samples) {
            r.u16(s & 0xFFFF);
        }
        return r.bytes();
    }

    static byte[] pulse(long t0Ns, double chargeUc, int beamState) {
        return new SpecRecord(3, 1).i64(t0Ns).i64(Double.doubleToRawLongBits(chargeUc)).u8(beamState).bytes();
    }

    static byte[] configChange(long timeNs, String who, String what, String oldValue, String newValue) {
        return new SpecRecord(4, 1).i64(timeNs).text(who).text(what).text(oldValue).text(newValue).bytes();
    }

    static byte[] alarm(long timeNs, int severity, boolean raised, String name, String message) {
        return new SpecRecord(5, 1).i64(timeNs).u8(severity).u8(raised ? 1 : 0).text(name).text(message).bytes();
    }

    static byte[] alarmAction(long timeNs, long shelvedUntilNs, int action, String name, String who, String reason) {
        return new SpecRecord(7, 1).i64(timeNs).i64(shelvedUntilNs).u8(action).text(name).text(who).text(reason).bytes();
    }

    static byte[] runStop(long stopNs, int reason, long waveforms, long pulses, long dropped, String who, String comment) {
        return new SpecRecord(6, 1).i64(stopNs).u8(reason).i64(waveforms).i64(pulses).i64(dropped).text(who).text(comment).bytes();
    }

    static byte[] logEntry(long timeNs, String who, String text, String... tags) {
        SpecRecord r = new SpecRecord(8, 1).i64(timeNs).u8(tags.length).text(who).text(text);
        for (String t : tags) {
            r.text(t);
        }
        return r.bytes();
    }

    /** flag: 1 good, 2 bad, 3 check. */
    static byte[] runQuality(long timeNs, int flag, String who, String reason) {
        return new SpecRecord(9, 1).i64(timeNs).u8(flag).text(who).text(reason).bytes();
    }

    /** A record of any kind and version with these field bytes (for kinds and versions a reader does not know). */
    static byte[] other(int kind, int version, byte... fields) {
        SpecRecord r = new SpecRecord(kind, version);
        r.out.writeBytes(fields);
        return r.bytes();
    }

    private SpecRecord u8(int v) {
        out.write(v & 0xFF);
        return this;
    }

    private SpecRecord u16(int v) {
        return u8(v).u8(v >>> 8);
    }

    private SpecRecord i32(int v) {
        for (int i = 0; i < 4; i++) {
            u8(v >>> (8 * i));
        }
        return this;
    }

    private SpecRecord i64(long v) {
        for (int i = 0; i < 8; i++) {
            u8((int) (v >>> (8 * i)));
        }
        return this;
    }

    private SpecRecord text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(b.length);
        out.writeBytes(b);
        return this;
    }

    private SpecRecord longText(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        i32(b.length);
        out.writeBytes(b);
        return this;
    }

    private byte[] bytes() {
        return out.toByteArray();
    }
}
