package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.time.Instant;

import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of an alarm-action record (kind 7, version 1): what a person did about an alarm, and when
 * (ns since the epoch): acknowledged it, shelved it until a time, or unshelved it (a shelf that
 * ran out is an unshelve by {@code server}). {@code shelved until} is 0 except for a shelve. Three
 * texts follow, each a u16 byte length and UTF-8: the alarm's name, who acted, and why.
 *
 * <pre>
 *          0       1       2       3
 *         +-------+-------+-------+-------+
 *       0 | kind  |version| time ns (i64)
 *         +-------+-------+-------+-------+
 *       4 |                               |
 *         +-------+-------+-------+-------+
 *       8 |               | shelved until
 *         +-------+-------+-------+-------+
 *      12 |  ns (i64), 0 when not a shelve|
 *         +-------+-------+-------+-------+
 *      16 |               |action |
 *         +-------+-------+-------+-------+
 *      19 | name, who, reason: each u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 * </pre>
 */
public final class AlarmActionRecord {
    public static final int TIME_OFFSET = RecordKind.HEADER_LENGTH;
    public static final int UNTIL_OFFSET = TIME_OFFSET + SIZE_OF_LONG;
    /** An {@link Action} code. */
    public static final int ACTION_OFFSET = UNTIL_OFFSET + SIZE_OF_LONG;
    /** Where the first text (name) starts; who and reason follow it. */
    public static final int TEXT_OFFSET = ACTION_OFFSET + SIZE_OF_BYTE;

    /** What was done; the code is the stored byte, the word what the page and the logs say. */
    public enum Action {
        ACKNOWLEDGE(1, "acknowledge"), SHELVE(2, "shelve"), UNSHELVE(3, "unshelve");

        private final int code;
        private final String word;

        Action(int code, String word) {
            this.code = code;
            this.word = word;
        }

        public int code() {
            return code;
        }

        public String word() {
            return word;
        }

        /** The action of a stored code, or null for a code this version does not know. */
        public static Action of(int code) {
            for (Action a : values()) {
                if (a.code == code) {
                    return a;
                }
            }
            return null;
        }
    }

    private AlarmActionRecord() {
    }

    /** Bytes of the record for these UTF-8 texts. */
    static int length(byte[] name, byte[] who, byte[] reason) {
        return TEXT_OFFSET + RecordText.length(name, who, reason);
    }

    /** Encodes the record at {@code at} of the ring, {@link #length} long. */
    static void encode(MutableDirectBuffer b, int at, long timeNs, Action action, long untilNs, byte[] name, byte[] who,
                       byte[] reason) {
        RecordKind.putHeader(b, at, RecordKind.ALARM_ACTION);
        b.putLong(at + TIME_OFFSET, timeNs, ByteOrder.LITTLE_ENDIAN);
        b.putLong(at + UNTIL_OFFSET, untilNs, ByteOrder.LITTLE_ENDIAN);
        b.putByte(at + ACTION_OFFSET, (byte) action.code());
        RecordText.put(b, RecordText.put(b, RecordText.put(b, at + TEXT_OFFSET, name), who), reason);
    }

    /** Reads the record at {@code at} of {@code in} into {@code visitor}. */
    static void read(Bytes<?> in, long at, RecordVisitor visitor) {
        long timeNs = in.readLong(at + TIME_OFFSET);
        long untilNs = in.readLong(at + UNTIL_OFFSET);
        int action = in.readUnsignedByte(at + ACTION_OFFSET);
        in.readPosition(at + TEXT_OFFSET);
        Instant until = untilNs == 0 ? null : RecordText.instant(untilNs);
        visitor.onAlarmAction(RecordText.instant(timeNs), action, RecordText.read(in), RecordText.read(in), RecordText.read(in), until);
    }
}
