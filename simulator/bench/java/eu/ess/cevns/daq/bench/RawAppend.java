package eu.ess.cevns.daq.bench;

import eu.ess.cevns.daq.store.RunQueues;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * The ceiling for ingest: appending records of the stored waveform size to a fresh run queue as
 * fast as one thread can, with nothing else in the way (no sockets, no decoding, no ring). As a
 * process of its own ({@code RawAppend DIR RECORDS RECORD_BYTES}, the folder deleted after) it
 * prints {@code records=R bytes=B seconds=S cpuNs=C} with C the appending thread's CPU time.
 */
public final class RawAppend {
    private RawAppend() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long records = Long.parseLong(args[1]);
        int recordBytes = Integer.parseInt(args[2]);
        try {
            measure(dir.resolve("warmup"), Math.min(records, 20_000), recordBytes);
            Result r = measure(dir.resolve("q"), records, recordBytes);
            System.out.println("records=" + r.records() + " bytes=" + r.bytes() + " seconds=" + r.seconds() + " cpuNs=" + r.cpuNs());
        } finally {
            IngestBenchmark.delete(dir);
        }
    }

    /** Records/s and MB/s of a raw append run, and the CPU time of the thread that appended (ns). */
    public record Result(long records, long bytes, double seconds, long cpuNs) {
        public double recordsPerSecond() {
            return records / seconds;
        }

        public double mbPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    public static Result measure(Path dir, long records, int recordBytes) {
        BytesStore<?, ?> record = BytesStore.wrap(new byte[recordBytes]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (ChronicleQueue q = RunQueues.open(dir); ExcerptAppender a = q.createAppender()) {
            long cpu = mx.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (long i = 0; i < records; i++) {
                try (DocumentContext dc = a.writingDocument()) {
                    dc.wire().bytes().write(record, 0L, (long) recordBytes);
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            return new Result(records, records * recordBytes, s, mx.getCurrentThreadCpuTime() - cpu);
        }
    }
}
