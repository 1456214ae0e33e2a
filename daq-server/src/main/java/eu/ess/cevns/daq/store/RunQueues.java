package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.RollingChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * How a run's Chronicle Queue is opened, in one place for writer, readers and recovery, and how one
 * record is appended to it. Hourly files ({@code FAST_HOURLY}): a run lasts hours to days at up to
 * hundreds of MB/s, and hour-sized files keep each memory-mapped file and each copy to the archive
 * manageable.
 */
public final class RunQueues {
    static {
        ChronicleWarnings.install();
    }

    private RunQueues() {
    }

    public static ChronicleQueue open(Path dir) {
        return SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(RollCycles.FAST_HOURLY)
                .build();
    }

    /** The cycle (hourly file) an append would go to now: when it differs from the appender's, the next append rolls. */
    static int currentCycle(ChronicleQueue queue) {
        return ((RollingChronicleQueue) queue).cycle();
    }

    /** Records from index {@code from} up to, not including, {@code to}, across hourly files. */
    static long countExcerpts(ChronicleQueue queue, long from, long to) {
        return ((RollingChronicleQueue) queue).countExcerpts(from, to);
    }

    /**
     * Appends one record as one document, written by {@code body}. A body that fails half-way (a
     * memory-mapped write faulting on a full disk) is rolled back, so no half record is left for
     * readers. The store agent's per-waveform append does the same inline, without a lambda.
     */
    static void append(ExcerptAppender appender, Consumer<Bytes<?>> body) {
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                body.accept(dc.wire().bytes());
            } catch (RuntimeException | Error e) {
                dc.rollbackOnClose();
                throw e;
            }
        }
    }
}
