package eu.ess.cevns.daq.store;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Path;

/**
 * How a run's Chronicle Queue is opened, in one place for writer, readers and recovery.
 * Hourly files ({@code FAST_HOURLY}): a run lasts hours to days at up to hundreds of MB/s, and
 * hour-sized files keep each memory-mapped file and each copy to the archive manageable.
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
}
