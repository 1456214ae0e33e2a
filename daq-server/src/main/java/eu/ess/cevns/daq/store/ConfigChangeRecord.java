package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of a config-change record (kind 4, version 1): who changed which setting from which value
 * to which, and when (ns since the epoch). The four texts follow the time, each a u16 byte length
 * and UTF-8, in this order: who, what, old value, new value.
 *
 * <pre>
 *          0       1       2       3
 *         +-------+-------+-------+-------+
 *       0 | kind  |version| time ns (i64)
 *         +-------+-------+-------+-------+
 *       4 |                               |
 *         +-------+-------+-------+-------+
 *       8 |               | who: u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 *         | what, old value, new value: each u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 * </pre>
 */
public final class ConfigChangeRecord {
    public static final int TIME_OFFSET = RecordKind.HEADER_LENGTH;
    /** Where the first text (who) starts; the others follow it. */
    public static final int TEXT_OFFSET = TIME_OFFSET + SIZE_OF_LONG;

    private ConfigChangeRecord() {
    }

    /** Bytes of the record for these UTF-8 texts. */
    static int length(byte[] who, byte[] what, byte[] oldValue, byte[] newValue) {
        return TEXT_OFFSET + RecordText.length(who, what, oldValue, newValue);
    }

    /** Encodes the record at {@code at} of the ring, {@link #length} long. */
    static void encode(MutableDirectBuffer b, int at, long timeNs, byte[] who, byte[] what, byte[] oldValue, byte[] newValue) {
        RecordKind.putHeader(b, at, RecordKind.CONFIG_CHANGE);
        b.putLong(at + TIME_OFFSET, timeNs, ByteOrder.LITTLE_ENDIAN);
        int p = RecordText.put(b, at + TEXT_OFFSET, who);
        p = RecordText.put(b, p, what);
        p = RecordText.put(b, p, oldValue);
        RecordText.put(b, p, newValue);
    }

    /** Reads the record at {@code at} of {@code in} into {@code visitor}. */
    static void read(Bytes<?> in, long at, RecordVisitor visitor) {
        long timeNs = in.readLong(at + TIME_OFFSET);
        in.readPosition(at + TEXT_OFFSET);
        visitor.onConfigChange(RecordText.instant(timeNs), RecordText.read(in), RecordText.read(in), RecordText.read(in),
                RecordText.read(in));
    }
}
