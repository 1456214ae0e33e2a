package eu.ess.cevns.daq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The store writer's watch on free space, so that a full disk stops a run cleanly instead of
 * faulting a memory-mapped write (SIGBUS). It measures the usable space when a run opens, then
 * lets appends go on without measuring until they have spent half of what lies above the reserve,
 * measures again, and so on: measurements come closer together as the disk fills, and an append
 * that would eat into the reserve is refused. It also measures at least once a second (someone
 * else may be filling the disk) and ahead of each hourly roll to a new queue file. Used on the
 * writer thread only.
 */
final class StoreSpace {
    private static final Logger LOG = LoggerFactory.getLogger(StoreSpace.class);
    private static final long MEASURE_EVERY_NS = TimeUnit.SECONDS.toNanos(1);
    /** Chronicle's own bytes per record (document header, alignment, index entries), a bound. */
    static final int RECORD_OVERHEAD_BYTES = 16;
    /** What a roll to a new queue file takes before its first record (file header, first index blocks), a bound. */
    static final long ROLL_BYTES = 1L << 20;

    private final FreeSpace freeSpace;
    private final long reserveBytes;
    private Path dir;
    private long usableBytes = -1;
    private long spentBytes;
    private long budgetBytes;
    private long measuredAtNs;
    /** The cycle whose roll has been measured for, so an idle run at the hour measures once, not each duty cycle. */
    private int rollMeasuredFor = Integer.MIN_VALUE;
    /** {@link #ROLL_BYTES} while the next append rolls to a new file, else 0: room the roll needs above the reserve. */
    private long rollAheadBytes;
    private boolean failing;

    StoreSpace(FreeSpace freeSpace, long reserveBytes) {
        this.freeSpace = freeSpace;
        this.reserveBytes = reserveBytes;
    }

    long reserveBytes() {
        return reserveBytes;
    }

    /** Free space a run needs to start, and that ends a disk-full stop: twice the reserve, so a run does not start only to stop. */
    long resumeBytes() {
        return 2 * reserveBytes;
    }

    /** Usable bytes at the last measurement (-1 if none succeeded). */
    long usableBytes() {
        return usableBytes;
    }

    /** Measures {@code dir}'s file system now; the appends that follow are counted against it. */
    long measure(Path dir) {
        this.dir = dir;
        rollAheadBytes = 0;
        rollMeasuredFor = Integer.MIN_VALUE;
        return measureAgain();
    }

    /** Measures the folder last measured again. */
    long measureAgain() {
        return dir == null ? -1 : measure();
    }

    private long measure() {
        measuredAtNs = System.nanoTime();
        spentBytes = 0;
        try {
            usableBytes = freeSpace.usableBytes(dir);
            budgetBytes = Math.max(0, (usableBytes - reserveBytes - rollAheadBytes) / 2);
            failing = false;
        } catch (IOException | RuntimeException e) {
            // a failed statvfs must not stop a run: appends go on until the next measurement, a second later
            if (!failing) {
                LOG.warn("cannot measure free space under {}: {}; trying again each second", dir, e.toString());
            }
            failing = true;
            usableBytes = -1;
            budgetBytes = Long.MAX_VALUE / 2;
        }
        return usableBytes;
    }

    /**
     * Once per duty cycle while a run is open: measures if a second has passed, or once when the
     * clock has reached a cycle the appender is not in yet (its next append rolls to a new file).
     */
    void beforeBatch(int cycleNow, int appenderCycle) {
        rollAheadBytes = cycleNow != appenderCycle ? ROLL_BYTES : 0;
        boolean rollAhead = rollAheadBytes > 0 && cycleNow != rollMeasuredFor;
        if (rollAhead) {
            rollMeasuredFor = cycleNow;
        }
        if (rollAhead || System.nanoTime() - measuredAtNs > MEASURE_EVERY_NS) {
            measure();
        }
    }

    /** Whether a record of {@code bytes} may be appended without eating into the reserve. */
    boolean room(int bytes) {
        long cost = bytes + RECORD_OVERHEAD_BYTES;
        if (spentBytes + cost <= budgetBytes) {
            spentBytes += cost;
            return true;
        }
        measure();
        if (usableBytes >= 0 && usableBytes - cost - rollAheadBytes < reserveBytes) {
            return false;
        }
        spentBytes = cost;
        return true;
    }

    /** In a disk-full stop, once a second: whether the space to start a run is back. */
    boolean spaceBack() {
        if (System.nanoTime() - measuredAtNs < MEASURE_EVERY_NS) {
            return false;
        }
        return measure() >= resumeBytes();
    }

    /** What an operator reads: "8.0 MiB free on DIR, which the store keeps in reserve (8.0 MiB, store.reserveMb)". */
    String describe() {
        return String.format("%s free on %s, which the store keeps in reserve (%s, store.reserveMb)", mib(usableBytes), dir,
                mib(reserveBytes));
    }

    static String mib(long bytes) {
        return bytes < 0 ? "unknown space" : String.format("%.1f MiB", bytes / 1048576.0);
    }
}
