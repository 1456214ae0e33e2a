package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Reads one run's records in order, from its first. At the end of what has been written,
 * {@link #next} returns false; called again later it continues with what was appended since, which
 * is how the live analysis tails the current run. One thread per reader. Reading a waveform
 * allocates nothing.
 */
public final class RunReader implements AutoCloseable {
    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final StoredWaveform waveform = new StoredWaveform();
    private long unknown;
    private long lastIndex = -1;

    RunReader(Path dir) {
        this.queue = RunQueues.open(dir);
        this.tailer = queue.createTailer();
    }

    /** Reads the next record into {@code visitor}; false when there is none (yet). */
    public boolean next(RecordVisitor visitor) {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return false;
            }
            lastIndex = dc.index();
            Bytes<?> b = dc.wire().bytes();
            long start = b.readPosition();
            long length = b.readRemaining();
            if (length < RecordKind.HEADER_LENGTH) {
                unknown++;
                visitor.onUnknown(-1, -1, length);
                return true;
            }
            int kind = b.readByte(start + RecordKind.KIND_OFFSET);
            int version = b.readByte(start + RecordKind.VERSION_OFFSET);
            if (version != RecordKind.SCHEMA_V1) {
                unknown++;
                visitor.onUnknown(kind, version, length);
                return true;
            }
            switch (kind) {
                case RecordKind.WAVEFORM -> visitor.onWaveform(waveform.wrap(b, start));
                case RecordKind.PULSE -> PulseRecord.read(b, start, visitor);
                case RecordKind.RUN_START -> RunStartRecord.read(b, start, visitor);
                case RecordKind.RUN_STOP -> RunStopRecord.read(b, start, visitor);
                case RecordKind.CONFIG_CHANGE -> ConfigChangeRecord.read(b, start, visitor);
                case RecordKind.ALARM -> AlarmRecord.read(b, start, visitor);
                case RecordKind.ALARM_ACTION -> AlarmActionRecord.read(b, start, visitor);
                case RecordKind.LOG_ENTRY -> LogEntryRecord.read(b, start, visitor);
                case RecordKind.RUN_QUALITY -> RunQualityRecord.read(b, start, visitor);
                default -> {
                    unknown++;
                    visitor.onUnknown(kind, version, length);
                }
            }
            return true;
        }
    }

    /** Reads every record available now; returns how many. */
    public long drain(RecordVisitor visitor) {
        long n = 0;
        while (next(visitor)) {
            n++;
        }
        return n;
    }

    /**
     * The queue index of the record {@link #next} read last (-1 before the first): a position a
     * consumer with its own read position (the Kafka publisher) persists and comes back to with
     * {@link #moveTo}. Indices grow along the run but are not consecutive across the queue's files.
     */
    public long lastIndex() {
        return lastIndex;
    }

    /** Makes {@link #next} read the record at queue index {@code index} next; false if the run has no such record. */
    public boolean moveTo(long index) {
        return tailer.moveToIndex(index);
    }

    /** Records skipped because their kind or version is unknown to this software. */
    public long unknownRecords() {
        return unknown;
    }

    @Override
    public void close() {
        tailer.close();
        queue.close();
    }
}
