package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;

import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of a run-start record (kind 1, version 1), the first record of every run: the run number,
 * the start time (ns since the epoch), then four texts in this order: software version, who, comment
 * (each a u16 byte length and UTF-8) and the configuration in force (the run-start config snapshot,
 * YAML, with a u32 byte length). The store agent writes it when it opens the run's queue.
 *
 * <pre>
 *          0       1       2       3
 *         +-------+-------+-------+-------+
 *       0 | kind  |version| run (i32)
 *         +-------+-------+-------+-------+
 *       4 |               | start ns (i64)
 *         +-------+-------+-------+-------+
 *       8 |                               |
 *         +-------+-------+-------+-------+
 *      12 |               | software version: u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 *         | who, comment: each u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 *         | configuration: u32 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 * </pre>
 */
public final class RunStartRecord {
    public static final int RUN_OFFSET = RecordKind.HEADER_LENGTH;
    public static final int START_OFFSET = RUN_OFFSET + SIZE_OF_INT;
    /** Where the first text (software version) starts; the others follow it. */
    public static final int TEXT_OFFSET = START_OFFSET + SIZE_OF_LONG;

    private RunStartRecord() {
    }

    /** Appends the record to a run's queue as one document. */
    static void append(ExcerptAppender appender, int run, long startNs, String softwareVersion, String who, String comment,
                       String config) {
        RunQueues.append(appender, out -> write(out, run, startNs, softwareVersion, who, comment, config));
    }

    /** Writes the record at the write position of {@code out} (a Chronicle document). */
    static void write(Bytes<?> out, int run, long startNs, String softwareVersion, String who, String comment, String config) {
        RecordKind.writeHeader(out, RecordKind.RUN_START);
        out.writeInt(run).writeLong(startNs);
        RecordText.write(out, softwareVersion);
        RecordText.write(out, who);
        RecordText.write(out, comment);
        RecordText.writeLong(out, config);
    }

    /** Reads the record at {@code at} of {@code in} into {@code visitor}. */
    static void read(Bytes<?> in, long at, RecordVisitor visitor) {
        int run = in.readInt(at + RUN_OFFSET);
        long startNs = in.readLong(at + START_OFFSET);
        in.readPosition(at + TEXT_OFFSET);
        visitor.onRunStart(run, RecordText.instant(startNs), RecordText.read(in), RecordText.read(in), RecordText.read(in),
                RecordText.readLong(in));
    }
}
