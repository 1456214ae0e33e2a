package eu.ess.cevns.daq.bench;

import eu.ess.cevns.daq.store.RunQueues;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * The ceiling for ingest: appending records of the stored waveform size to a fresh run queue as
 * fast as one thread can, with nothing else in the way (no sockets, no decoding, no ring).
 */
public final class RawAppend {
    private RawAppend() {
    }

    /** Records/s and MB/s of a raw append run. */
    public record Result(long records, long bytes, double seconds) {
        public double recordsPerSecond() {
            return records / seconds;
        }

        public double mbPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    public static Result measure(Path dir, long records, int recordBytes) {
        BytesStore<?, ?> record = BytesStore.wrap(new byte[recordBytes]);
        try (ChronicleQueue q = RunQueues.open(dir); ExcerptAppender a = q.createAppender()) {
            long start = System.nanoTime();
            for (long i = 0; i < records; i++) {
                try (DocumentContext dc = a.writingDocument()) {
                    dc.wire().bytes().write(record, 0L, (long) recordBytes);
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            return new Result(records, records * recordBytes, s);
        }
    }
}
