package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;

import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of a run-stop record (kind 6, version 1), the last record of a run: the stop time (ns
 * since the epoch), the {@link StopReason}, the counters at the stop (waveforms, pulses, dropped),
 * then two texts, each a u16 byte length and UTF-8: who and the comment. Written by the store
 * agent when a run closes and by {@link RunRecovery} for a run a crash left open.
 *
 * <pre>
 *          0       1       2       3
 *         +-------+-------+-------+-------+
 *       0 | kind  |version| stop ns (i64)
 *         +-------+-------+-------+-------+
 *       4 |                               |
 *         +-------+-------+-------+-------+
 *       8 |               |reason | waveforms
 *         +-------+-------+-------+-------+
 *      12 |  (i64)                        |
 *         +-------+-------+-------+-------+
 *      16 |                       | pulses
 *         +-------+-------+-------+-------+
 *      20 |  (i64)                        |
 *         +-------+-------+-------+-------+
 *      24 |                       | dropped
 *         +-------+-------+-------+-------+
 *      28 |  (i64)                        |
 *         +-------+-------+-------+-------+
 *      32 |                       | who: u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 *         | comment: u16 length, UTF-8 ...
 *         +-------+-------+-------+-------+
 * </pre>
 */
public final class RunStopRecord {
    public static final int STOP_OFFSET = RecordKind.HEADER_LENGTH;
    public static final int REASON_OFFSET = STOP_OFFSET + SIZE_OF_LONG;
    public static final int WAVEFORMS_OFFSET = REASON_OFFSET + SIZE_OF_BYTE;
    public static final int PULSES_OFFSET = WAVEFORMS_OFFSET + SIZE_OF_LONG;
    public static final int DROPPED_OFFSET = PULSES_OFFSET + SIZE_OF_LONG;
    /** Where the first text (who) starts; the comment follows it. */
    public static final int TEXT_OFFSET = DROPPED_OFFSET + SIZE_OF_LONG;

    private RunStopRecord() {
    }

    /** Appends the record to a run's queue as one document. */
    static void append(ExcerptAppender appender, long stopNs, StopReason reason, long waveforms, long pulses, long dropped,
                       String who, String comment) {
        RunQueues.append(appender, out -> write(out, stopNs, reason, waveforms, pulses, dropped, who, comment));
    }

    /** Writes the record at the write position of {@code out} (a Chronicle document). */
    static void write(Bytes<?> out, long stopNs, StopReason reason, long waveforms, long pulses, long dropped,
                      String who, String comment) {
        RecordKind.writeHeader(out, RecordKind.RUN_STOP);
        out.writeLong(stopNs).writeByte(reason.code());
        out.writeLong(waveforms).writeLong(pulses).writeLong(dropped);
        RecordText.write(out, who);
        RecordText.write(out, comment);
    }

    /** Reads the record at {@code at} of {@code in} into {@code visitor}. */
    static void read(Bytes<?> in, long at, RecordVisitor visitor) {
        long stopNs = in.readLong(at + STOP_OFFSET);
        boolean aborted = StopReason.isAborted(in.readUnsignedByte(at + REASON_OFFSET));
        long waveforms = in.readLong(at + WAVEFORMS_OFFSET);
        long pulses = in.readLong(at + PULSES_OFFSET);
        long dropped = in.readLong(at + DROPPED_OFFSET);
        in.readPosition(at + TEXT_OFFSET);
        visitor.onRunStop(RecordText.instant(stopNs), aborted, waveforms, pulses, dropped, RecordText.read(in), RecordText.read(in));
    }
}
