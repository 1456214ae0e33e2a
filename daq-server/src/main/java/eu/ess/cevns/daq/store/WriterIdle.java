package eu.ess.cevns.daq.store;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How the store writer waits when there is nothing to write: it spins a little (a burst's next
 * record is usually microseconds away), then sleeps until a producer wakes it or
 * {@value #MAX_PARK_MS} ms pass, so that an idle server with a run open costs next to no CPU (the
 * backoff it replaced woke every 100 µs: 0.12 core for nothing). Producers call {@link #wake} after
 * each record; it costs them one volatile read, and an unpark only when the writer sleeps. The
 * writer re-checks for work after saying it sleeps, so a wake is missed only in a race the
 * timeout ends: a record waits at most {@value #MAX_PARK_MS} ms, which the ring absorbs; the pulse
 * join's timeouts and the free-space watch need no finer clock. While the record at the head of the
 * ring waits for its pulse's beam state from EPICS, the writer looks again every millisecond without
 * asking to be woken: records arriving behind it cannot be written before it anyway, and waking the
 * writer for each of them would cost the readout threads a system call per record.
 */
final class WriterIdle implements IdleStrategy {
    static final long MAX_PARK_MS = 10;
    private static final long HELD_BACK_PARK_NS = 1_000_000;
    private static final int SPINS = 200;
    private static final int YIELDS = 10;

    private final BooleanSupplier work;
    private final BooleanSupplier heldBack;
    private volatile Thread sleeper;
    private int idleRounds;

    /**
     * @param work     whether something waits for the writer (a record in the ring it may write, a command)
     * @param heldBack whether the head of the ring waits for the pulse join
     */
    WriterIdle(BooleanSupplier work, BooleanSupplier heldBack) {
        this.work = work;
        this.heldBack = heldBack;
    }

    /** From a producer, after committing a record or a command: wakes the writer if it sleeps. */
    void wake() {
        Thread t = sleeper;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        idleRounds++;
        if (idleRounds <= SPINS) {
            Thread.onSpinWait();
        } else if (idleRounds <= SPINS + YIELDS) {
            Thread.yield();
        } else if (heldBack.getAsBoolean()) {
            LockSupport.parkNanos(HELD_BACK_PARK_NS);
        } else {
            sleeper = Thread.currentThread();
            if (!work.getAsBoolean()) {
                LockSupport.parkNanos(MAX_PARK_MS * 1_000_000L);
            }
            sleeper = null;
        }
    }

    @Override
    public void reset() {
        idleRounds = 0;
    }

    @Override
    public String alias() {
        return "store-writer-park";
    }
}
