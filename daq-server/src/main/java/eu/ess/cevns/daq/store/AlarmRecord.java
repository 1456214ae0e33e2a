package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of an alarm record (kind 5, version 1): an alarm raised (1) or cleared (0) at a time (ns
 * since the epoch), with its severity and then two texts, each a u16 byte length and UTF-8: the
 * alarm's name and its message.
 *
 * <pre>
 *          0       1       2       3
 *         +-------+-------+-------+-------+
 *       0 | kind  |version| time ns (i64)
 *         +-------+-------+-------+-------+
 *       4 |                               |
 *         +-------+-------+-------+-------+
 *       8 |               |sever. |raised |
 *         +-------+-------+-------+-------+
 *      12 | name: u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 *         | message: u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 * </pre>
 */
public final class AlarmRecord {
    public static final int TIME_OFFSET = RecordKind.HEADER_LENGTH;
    public static final int SEVERITY_OFFSET = TIME_OFFSET + SIZE_OF_LONG;
    /** 1 raised, 0 cleared. */
    public static final int RAISED_OFFSET = SEVERITY_OFFSET + SIZE_OF_BYTE;
    /** Where the first text (name) starts; the message follows it. */
    public static final int TEXT_OFFSET = RAISED_OFFSET + SIZE_OF_BYTE;

    private AlarmRecord() {
    }

    /** Bytes of the record for these UTF-8 texts. */
    static int length(byte[] name, byte[] message) {
        return TEXT_OFFSET + RecordText.length(name, message);
    }

    /** Encodes the record at {@code at} of the ring, {@link #length} long. */
    static void encode(MutableDirectBuffer b, int at, long timeNs, int severity, boolean raised, byte[] name, byte[] message) {
        RecordKind.putHeader(b, at, RecordKind.ALARM);
        b.putLong(at + TIME_OFFSET, timeNs, ByteOrder.LITTLE_ENDIAN);
        b.putByte(at + SEVERITY_OFFSET, (byte) severity);
        b.putByte(at + RAISED_OFFSET, (byte) (raised ? 1 : 0));
        RecordText.put(b, RecordText.put(b, at + TEXT_OFFSET, name), message);
    }

    /** Reads the record at {@code at} of {@code in} into {@code visitor}. */
    static void read(Bytes<?> in, long at, RecordVisitor visitor) {
        long timeNs = in.readLong(at + TIME_OFFSET);
        int severity = in.readUnsignedByte(at + SEVERITY_OFFSET);
        boolean raised = in.readUnsignedByte(at + RAISED_OFFSET) == 1;
        in.readPosition(at + TEXT_OFFSET);
        visitor.onAlarm(RecordText.instant(timeNs), severity, raised, RecordText.read(in), RecordText.read(in));
    }
}
