package eu.ess.cevns.daq.store;

import eu.ess.cevns.config.StoreSync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Forces what the store has written to the disk, as the site's {@code store.sync} says
 * ({@link StoreSync}), on a thread of its own ({@code run-store-sync}) so that the writer never waits
 * for the disk: every N ms, or after each pulse record the writer writes, it calls
 * {@code fdatasync} on the open run's queue file ({@link FileChannel#force}, which covers what the
 * writer put there through its memory mapping: the two share the page cache). When the writer moves
 * to a new file (the hourly roll, a new run), the old file is synced one last time and the run's
 * folder too, so that the new file's name survives a power cut. A sync that takes longer than the
 * period stretches the period: the status shows each sync's duration and the age of the oldest
 * data not yet synced.
 */
final class QueueSyncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueSyncer.class);
    /** How often a per-pulse syncer looks for a new pulse record. */
    private static final long PULSE_POLL_NS = 1_000_000;

    /** What the syncs have done: count, the last and the longest duration, when data was last all on disk. */
    record Stats(long syncs, double lastMs, double maxMs, long failures) {
    }

    private final StoreSync policy;
    private final WriterPosition writer;
    private final Thread thread;
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastNs;
    private volatile long maxNs;
    private volatile boolean running = true;
    private File file;
    private FileChannel channel;

    QueueSyncer(StoreSync policy, WriterPosition writer) {
        this.policy = policy;
        this.writer = writer;
        this.thread = new Thread(this::loop, "run-store-sync");
        thread.setDaemon(true);
    }

    QueueSyncer start() {
        if (policy.mode() != StoreSync.Mode.NONE) {
            thread.start();
        }
        return this;
    }

    StoreSync policy() {
        return policy;
    }

    Stats stats() {
        return new Stats(syncs.get(), lastNs / 1e6, maxNs / 1e6, failures.get());
    }

    private void loop() {
        long syncedPulses = writer.pulses();
        long syncedPosition = -1;
        while (running) {
            if (policy.mode() == StoreSync.Mode.EVERY) {
                LockSupport.parkNanos(policy.everyMs() * 1_000_000L);
            } else {
                while (running && writer.pulses() == syncedPulses) {
                    LockSupport.parkNanos(PULSE_POLL_NS);
                }
                syncedPulses = writer.pulses();
            }
            WriterPosition.Mapping m = writer.mapping();
            long position = writer.position();
            if (m == null) {
                closeFile(true);
                continue;
            }
            if (!m.file().equals(file)) {
                closeFile(true);
                open(m.file());
                syncedPosition = -1;
            }
            if (channel != null && position != syncedPosition) {
                sync(channel);
                syncedPosition = position;
            }
        }
        closeFile(true);
    }

    private void open(File f) {
        try {
            channel = FileChannel.open(f.toPath(), StandardOpenOption.WRITE);
            file = f;
            syncFolder(f.toPath().getParent());
        } catch (IOException e) {
            failures.incrementAndGet();
            LOG.warn("cannot open {} to sync it: {}", f, e.toString());
        }
    }

    private void sync(FileChannel c) {
        long t = System.nanoTime();
        try {
            c.force(false);
            long ns = System.nanoTime() - t;
            lastNs = ns;
            if (ns > maxNs) {
                maxNs = ns;
            }
            syncs.incrementAndGet();
        } catch (IOException e) {
            failures.incrementAndGet();
            LOG.warn("cannot sync {}: {}", file, e.toString());
        }
    }

    /** A new file's name is in its folder: synced so that it survives a power cut. */
    private void syncFolder(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            failures.incrementAndGet();
            LOG.warn("cannot sync the folder {}: {}", dir, e.toString());
        }
    }

    /** Syncs the file one last time (the writer has left it) and lets it go. */
    private void closeFile(boolean finalSync) {
        if (channel == null) {
            return;
        }
        if (finalSync) {
            sync(channel);
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", file, e.toString());
        }
        channel = null;
        file = null;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
