package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Text fields of the control records: u16 (or u32) byte length, then UTF-8; and the record clock. */
final class RecordText {
    private RecordText() {
    }

    static byte[] utf8(String s) {
        byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("text field longer than 65535 bytes");
        }
        return b;
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

    static Instant instant(long epochNs) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L));
    }
}
