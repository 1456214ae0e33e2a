package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Text fields of the control records (a u16 byte length, then UTF-8; the configuration snapshot a
 * u32 length), written into the ring or a Chronicle document and read back; and the record clock.
 */
final class RecordText {
    /** Bytes of a text field's length prefix. */
    static final int LENGTH_PREFIX = 2;
    /** Bytes of a long text field's length prefix. */
    static final int LONG_LENGTH_PREFIX = 4;

    private RecordText() {
    }

    static byte[] utf8(String s) {
        byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("text field longer than 65535 bytes");
        }
        return b;
    }

    /** Bytes the text fields of {@code utf8} take in a record, prefixes included. */
    static int length(byte[]... utf8) {
        int n = 0;
        for (byte[] t : utf8) {
            n += LENGTH_PREFIX + t.length;
        }
        return n;
    }

    /** Puts one text field at {@code at}; returns the offset after it. */
    static int put(MutableDirectBuffer buffer, int at, byte[] utf8) {
        buffer.putShort(at, (short) utf8.length, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(at + LENGTH_PREFIX, utf8);
        return at + LENGTH_PREFIX + utf8.length;
    }

    static void write(Bytes<?> out, String s) {
        byte[] b = utf8(s);
        out.writeUnsignedShort(b.length);
        out.write(b);
    }

    static void writeLong(Bytes<?> out, String s) {
        byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String read(Bytes<?> in) {
        int n = in.readUnsignedShort();
        byte[] b = new byte[n];
        in.read(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static String readLong(Bytes<?> in) {
        int n = in.readInt();
        byte[] b = new byte[n];
        in.read(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static long nowNs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    static long epochNs(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static Instant instant(long epochNs) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L));
    }
}
