package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Reads one run's records in order, from its first. At the end of what has been written,
 * {@link #next} returns false; called again later it continues with what was appended since, which
 * is how the live analysis tails the current run. One thread per reader. Reading a waveform
 * allocates nothing. How far the reader trails the writer: {@link #backlog()} records, the newest
 * of them a waveform of {@link #newestWaveformNs()}.
 */
public final class RunReader implements AutoCloseable {
    private static final int NEWEST_LOOK_BACK = 256;
    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final StoredWaveform waveform = new StoredWaveform();
    /** Reads back from the end of what is written, for the newest waveform's time. */
    private ExcerptTailer end;
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
        return drain(visitor, Long.MAX_VALUE);
    }

    /** Reads the records available now, at most {@code max}; returns how many. */
    public long drain(RecordVisitor visitor, long max) {
        long n = 0;
        while (n < max && next(visitor)) {
            n++;
        }
        return n;
    }

    /** Records written and not yet read: 0 when this reader has read everything written so far. */
    public long backlog() {
        long last = queue.lastIndex();
        if (last < 0) {
            return 0;
        }
        long at = tailer.index();
        long from = at == 0 ? queue.firstIndex() : at;
        // countExcerpts counts from its first index up to, not including, its second
        return from > last ? 0 : RunQueues.countExcerpts(queue, from, last) + 1;
    }

    /**
     * The time (pulse T0 + time since T0, ns) of the newest waveform written so far, looking back
     * from the end over at most {@value #NEWEST_LOOK_BACK} records (pulse and control records come
     * between), or -1 if there is none.
     */
    public long newestWaveformNs() {
        if (end == null) {
            end = queue.createTailer().direction(TailerDirection.BACKWARD);
        }
        end.toEnd();
        for (int i = 0; i < NEWEST_LOOK_BACK; i++) {
            try (DocumentContext dc = end.readingDocument()) {
                if (!dc.isPresent()) {
                    return -1;
                }
                Bytes<?> b = dc.wire().bytes();
                long start = b.readPosition();
                if (b.readRemaining() > WaveformRecord.SAMPLES_OFFSET && b.readByte(start + RecordKind.KIND_OFFSET) == RecordKind.WAVEFORM
                        && b.readByte(start + RecordKind.VERSION_OFFSET) == RecordKind.SCHEMA_V1) {
                    StoredWaveform w = waveform.wrap(b, start);
                    return w.pulseT0Ns() + w.timeSinceT0Ns();
                }
            }
        }
        return -1;
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
        if (end != null) {
            end.close();
        }
        tailer.close();
        queue.close();
    }
}
