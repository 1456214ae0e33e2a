package eu.ess.cevns.daq.store;

import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Touches the pages of the open run's queue file ahead of the store writer, on a thread of its own
 * ({@code run-store-pretouch}), so that the writer does not stop at every new 4 KiB page for the
 * kernel to allocate and zero it (a third of the server's CPU at 100 MB/s was that, on the
 * writer's thread). It asks the kernel to populate the writer's own mapping for writing
 * ({@code madvise(MADV_POPULATE_WRITE)}, Linux 5.14 and later), up to {@value #AHEAD_BYTES} bytes
 * past the writer, never past the end of the mapping (Chronicle extends the file 16 MiB beyond the
 * chunk being written, so there is always room ahead). This changes no byte of the file; should the
 * writer have dropped the mapping meanwhile, the call fails and the next round uses the new one.
 * <p>
 * Chronicle Queue 2026.4 has pretouching only in its enterprise edition ({@code createPretoucher}
 * falls back to a no-op there), and its open-source {@code microTouch} touches one page on the
 * writer's own thread: hence this. Where the kernel or the platform refuses, it logs once and stops.
 */
final class QueuePretoucher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePretoucher.class);
    /** How far ahead of the writer pages are populated: 40 ms at 400 MB/s. */
    static final long AHEAD_BYTES = 16L << 20;
    private static final long PAGE = 4096;
    private static final int MADV_POPULATE_WRITE = 23;
    /** Rounds while the writer moves: at 400 MB/s it advances 2 MB in one, well inside the look-ahead. */
    private static final long ACTIVE_NS = 5_000_000;
    /** Rounds while it stands still or no run is open. */
    private static final long IDLE_NS = 50_000_000;

    private final WriterPosition writer;
    private final Thread thread;
    private final AtomicLong bytesTouched = new AtomicLong();
    private volatile boolean running = true;
    private WriterPosition.Mapping touching;
    private long touchedTo;

    QueuePretoucher(WriterPosition writer) {
        this.writer = writer;
        this.thread = new Thread(this::loop, "run-store-pretouch");
        thread.setDaemon(true);
    }

    QueuePretoucher start() {
        thread.start();
        return this;
    }

    /** Bytes populated ahead of the writer since start. */
    long bytesTouched() {
        return bytesTouched.get();
    }

    private void loop() {
        PosixAPI posix;
        try {
            posix = PosixAPI.posix();
        } catch (RuntimeException | LinkageError e) {
            LOG.info("no pretouching of the run's queue file ahead of the store writer: {}", e.toString());
            return;
        }
        while (running) {
            long touched = round(posix);
            if (touched < 0) {
                LOG.info("no pretouching of the run's queue file ahead of the store writer: madvise(MADV_POPULATE_WRITE) refused "
                        + "(error {}; it needs Linux 5.14 or later)", -touched);
                return;
            }
            LockSupport.parkNanos(touched > 0 ? ACTIVE_NS : IDLE_NS);
        }
    }

    /** One round: bytes populated, or minus the error of a call the kernel does not support. */
    private long round(PosixAPI posix) {
        WriterPosition.Mapping m = writer.mapping();
        if (m == null) {
            touching = null;
            return 0;
        }
        if (m != touching) {
            touching = m;
            touchedTo = m.start();
        }
        long from = Math.max(touchedTo, writer.position() & -PAGE);
        long to = Math.min(m.end(), writer.position() + AHEAD_BYTES) & -PAGE;
        if (from >= to) {
            return 0;
        }
        if (posix.madvise(m.address() + (from - m.start()), to - from, MADV_POPULATE_WRITE) != 0) {
            int error = posix.lastError();
            // EINVAL: a kernel without MADV_POPULATE_WRITE; anything else (the mapping went away) is the next round's
            return error == 22 ? -error : 0;
        }
        touchedTo = to;
        bytesTouched.addAndGet(to - from);
        return to - from;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
