package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of a run-quality record (kind 9, version 1): someone flagged the run good, bad or check
 * ({@link RunQuality.Flag} code) while it was open, and when (ns since the epoch), then two texts,
 * each a u16 byte length and UTF-8: who and the reason. The flag in force is {@code run.json}'s
 * {@code quality}; a flag set after the run closed is there and in its {@code logbook.jsonl}.
 *
 * <pre>
 *          0       1       2       3
 *         +-------+-------+-------+-------+
 *       0 | kind  |version| time ns (i64)
 *         +-------+-------+-------+-------+
 *       4 |                               |
 *         +-------+-------+-------+-------+
 *       8 |               | flag  | who: u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 *         | reason: u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 * </pre>
 */
public final class RunQualityRecord {
    public static final int TIME_OFFSET = RecordKind.HEADER_LENGTH;
    /** 1 good, 2 bad, 3 check ({@link RunQuality.Flag#code()}). */
    public static final int FLAG_OFFSET = TIME_OFFSET + SIZE_OF_LONG;
    /** Where the first text (who) starts; the reason follows it. */
    public static final int TEXT_OFFSET = FLAG_OFFSET + SIZE_OF_BYTE;

    private RunQualityRecord() {
    }

    /** Bytes of the record for these UTF-8 texts. */
    static int length(byte[] who, byte[] reason) {
        return TEXT_OFFSET + RecordText.length(who, reason);
    }

    /** Encodes the record at {@code at} of the ring, {@link #length} long. */
    static void encode(MutableDirectBuffer b, int at, long timeNs, RunQuality.Flag flag, byte[] who, byte[] reason) {
        RecordKind.putHeader(b, at, RecordKind.RUN_QUALITY);
        b.putLong(at + TIME_OFFSET, timeNs, ByteOrder.LITTLE_ENDIAN);
        b.putByte(at + FLAG_OFFSET, (byte) flag.code());
        RecordText.put(b, RecordText.put(b, at + TEXT_OFFSET, who), reason);
    }

    /** Reads the record at {@code at} of {@code in} into {@code visitor}; a flag code this version does not know reads as "code N". */
    static void read(Bytes<?> in, long at, RecordVisitor visitor) {
        long timeNs = in.readLong(at + TIME_OFFSET);
        int code = in.readUnsignedByte(at + FLAG_OFFSET);
        in.readPosition(at + TEXT_OFFSET);
        String flag = RunQuality.Flag.ofCode(code).map(RunQuality.Flag::text).orElse("code " + code);
        visitor.onRunQuality(RecordText.instant(timeNs), RecordText.read(in), flag, RecordText.read(in));
    }
}
