package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of a logbook-entry record (kind 8, version 1): what someone wrote in the run's logbook
 * while the run was open, and when (ns since the epoch), with the number of tags, then the texts,
 * each a u16 byte length and UTF-8: who, the entry's text, and each tag in turn. Entries written
 * after a run closed are in its {@code logbook.jsonl} only (a closed queue is not appended to).
 *
 * <pre>
 *          0       1       2       3
 *         +-------+-------+-------+-------+
 *       0 | kind  |version| time ns (i64)
 *         +-------+-------+-------+-------+
 *       4 |                               |
 *         +-------+-------+-------+-------+
 *       8 |               | tags  | who: u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 *         | text: u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 *         | each tag: u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 * </pre>
 */
public final class LogEntryRecord {
    public static final int TIME_OFFSET = RecordKind.HEADER_LENGTH;
    /** Number of tags (u8) that follow the text. */
    public static final int TAG_COUNT_OFFSET = TIME_OFFSET + SIZE_OF_LONG;
    /** Where the first text (who) starts; the entry's text and the tags follow it. */
    public static final int TEXT_OFFSET = TAG_COUNT_OFFSET + SIZE_OF_BYTE;
    /** Most tags one entry may carry (the count is a u8; a logbook needs far fewer). */
    public static final int MAX_TAGS = 255;

    private LogEntryRecord() {
    }

    /** Bytes of the record for these UTF-8 texts. */
    static int length(byte[] who, byte[] text, byte[][] tags) {
        return TEXT_OFFSET + RecordText.length(who, text) + RecordText.length(tags);
    }

    /** Encodes the record at {@code at} of the ring, {@link #length} long. */
    static void encode(MutableDirectBuffer b, int at, long timeNs, byte[] who, byte[] text, byte[][] tags) {
        if (tags.length > MAX_TAGS) {
            throw new IllegalArgumentException("at most " + MAX_TAGS + " tags, got " + tags.length);
        }
        RecordKind.putHeader(b, at, RecordKind.LOG_ENTRY);
        b.putLong(at + TIME_OFFSET, timeNs, ByteOrder.LITTLE_ENDIAN);
        b.putByte(at + TAG_COUNT_OFFSET, (byte) tags.length);
        int p = RecordText.put(b, at + TEXT_OFFSET, who);
        p = RecordText.put(b, p, text);
        for (byte[] tag : tags) {
            p = RecordText.put(b, p, tag);
        }
    }

    /** Reads the record at {@code at} of {@code in} into {@code visitor}. */
    static void read(Bytes<?> in, long at, RecordVisitor visitor) {
        long timeNs = in.readLong(at + TIME_OFFSET);
        int tagCount = in.readUnsignedByte(at + TAG_COUNT_OFFSET);
        in.readPosition(at + TEXT_OFFSET);
        String who = RecordText.read(in);
        String text = RecordText.read(in);
        List<String> tags = new ArrayList<>(tagCount);
        for (int i = 0; i < tagCount; i++) {
            tags.add(RecordText.read(in));
        }
        visitor.onLogEntry(RecordText.instant(timeNs), who, text, List.copyOf(tags));
    }
}
