package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.Wire;

import java.io.File;

/**
 * Where the store writer is in the open run's queue file, published by the writer after each batch
 * for the threads that work beside it: the pretoucher ahead of it ({@link QueuePretoucher}) and the
 * syncer behind it ({@link QueueSyncer}). What is published: the file, the writer's current
 * memory mapping of it (Chronicle maps a queue file in 64 MiB chunks with 16 MiB of overlap) and
 * the file offset of the next write, and how many pulse records it has written. Publishing reads a
 * few fields of the appender and writes a volatile or two; a new mapping object is made only when the
 * writer moves to another chunk or file.
 */
final class WriterPosition {
    /** A mapping of {@code file} at {@code address}, covering file offsets {@code start} (inclusive) to {@code end}. */
    record Mapping(File file, long address, long start, long end) {
    }

    private volatile Mapping mapping;
    private volatile long position;
    private volatile long pulses;
    private BytesStore<?, ?> lastStore;

    /** On the writer thread, after appending: where it now writes. */
    void publish(ExcerptAppender appender) {
        Wire wire = appender.wire();
        if (wire == null) {
            return;
        }
        Bytes<?> bytes = wire.bytes();
        BytesStore<?, ?> store = bytes.bytesStore();
        if (store != lastStore && store != null && store.isDirectMemory()) {
            lastStore = store;
            mapping = new Mapping(appender.currentFile(), store.addressForRead(store.start()), store.start(), store.capacity());
        }
        position = bytes.writePosition();
    }

    /** On the writer thread: a pulse record was written (what a per-pulse sync waits for). */
    void pulseWritten() {
        pulses = pulses + 1;
    }

    /** On the writer thread: the run's queue is closed. */
    void clear() {
        lastStore = null;
        mapping = null;
    }

    /** The writer's mapping now, null when no run is open. */
    Mapping mapping() {
        return mapping;
    }

    /** The file offset of the writer's next write. */
    long position() {
        return position;
    }

    /** Pulse records written since the server started. */
    long pulses() {
        return pulses;
    }
}
