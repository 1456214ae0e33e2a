package eu.ess.cevns.daq.store;

import eu.ess.cevns.config.StoreSettings;
import eu.ess.cevns.daq.timing.BeamCounters;
import eu.ess.cevns.daq.timing.PulseJoin;
import org.agrona.BitUtil;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The store's running parts: the off-heap ring that producers write into ({@link #ingress()}), and
 * the {@link StoreAgent} on its own thread that moves records into the open run's queue. Run
 * control opens and closes runs through it; nothing else touches a queue for writing. What the
 * store does of its own accord (a run stopped on a full disk, a run aborted by a failed write,
 * space back) reaches the server's {@link StoreEvents} on a thread of its own. Beside the writer, a
 * pretoucher populates the queue file's pages ahead of it ({@link QueuePretoucher}) and, under a
 * sync policy ({@code store.sync}), a syncer forces what it wrote to the disk ({@link QueueSyncer});
 * when idle, the writer sleeps until a producer wakes it ({@link WriterIdle}).
 */
public final class StoreWriter implements AutoCloseable {
    /** How long a producer waits for room in a full ring before it drops (and counts) a record. */
    public static final long DEFAULT_MAX_WAIT_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long COMMAND_TIMEOUT_S = 60;

    private final StoreCounters counters = new StoreCounters();
    private final PulseJoin join;
    private final StoreAgent agent;
    private final StoreIngress ingress;
    private final AgentRunner runner;
    private final WriterIdle idle;
    private final StoreSettings settings;
    private final QueuePretoucher pretoucher;
    private final QueueSyncer syncer;
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "run-store-events");
        t.setDaemon(true);
        return t;
    });

    public StoreWriter(long ringBytes) {
        this(ringBytes, DEFAULT_MAX_WAIT_NS, null);
    }

    /** With a pulse join (null: waveforms stored with beam state UNKNOWN, at once), and the smallest reserve. */
    public StoreWriter(long ringBytes, long maxWaitNs, PulseJoin join) {
        this(new StoreSettings(ringBytes, StoreSettings.MIN_RESERVE_BYTES, false), maxWaitNs, join, FreeSpace.ofFileSystem());
    }

    /**
     * With the site's store settings (ring size, free-space reserve) and the way free space is
     * measured ({@link FreeSpace#ofFileSystem()} but in tests).
     */
    public StoreWriter(StoreSettings settings, long maxWaitNs, PulseJoin join, FreeSpace freeSpace) {
        long ringBytes = settings.ringBytes();
        if (ringBytes > Integer.MAX_VALUE / 2 || !BitUtil.isPowerOfTwo(ringBytes)) {
            throw new IllegalArgumentException("ring size must be a power of two below 1 GiB, got " + ringBytes);
        }
        this.settings = settings;
        UnsafeBuffer memory = new UnsafeBuffer(ByteBuffer.allocateDirect((int) ringBytes + RingBufferDescriptor.TRAILER_LENGTH));
        ManyToOneRingBuffer ring = new ManyToOneRingBuffer(memory);
        this.join = join;
        WriterIdle[] idle = new WriterIdle[1];
        this.ingress = new StoreIngress(ring, counters, maxWaitNs, () -> idle[0].wake());
        WriterPosition position = new WriterPosition();
        this.agent = new StoreAgent(ring, counters, ingress, new StoreSpace(freeSpace, settings.reserveBytes()), notifier, join, position,
                settings.sync());
        idle[0] = new WriterIdle(agent::hasWork, agent::heldBack);
        this.idle = idle[0];
        this.pretoucher = new QueuePretoucher(position).start();
        this.syncer = new QueueSyncer(settings.sync(), position).start();
        this.runner = new AgentRunner(this.idle, this::onAgentError, null, agent);
        AgentRunner.startOnThread(runner);
    }

    private void onAgentError(Throwable t) {
        LoggerFactory.getLogger(StoreWriter.class).error("run store writer failed", t);
    }

    public StoreIngress ingress() {
        return ingress;
    }

    public StoreCounters counters() {
        return counters;
    }

    public StoreSettings settings() {
        return settings;
    }

    /** Where what the store does of its own accord is told (one listener; set before runs start). */
    public void listen(StoreEvents listener) {
        agent.listen(listener);
    }

    /** The sync policy and what its syncs have done (nothing under {@code none}). */
    public SyncStatus syncStatus() {
        QueueSyncer.Stats s = syncer.stats();
        return new SyncStatus(settings.sync(), s.syncs(), s.lastMs(), s.maxMs(), s.failures());
    }

    /** Bytes of queue file populated ahead of the writer since start (0 where the kernel cannot). */
    public long pretouchedBytes() {
        return pretoucher.bytesTouched();
    }

    /** Recording, idle, or refusing what arrives (disk full, write error). */
    public StoreState state() {
        return agent.state();
    }

    /** Why the store refuses, in words (empty while it does not). */
    public String stateMessage() {
        return agent.stateMessage();
    }

    /** Fails with what to do if the data disk under {@code dir} lacks the room a new run needs (twice the reserve). */
    public void requireRoomToStart(Path dir) {
        await(agent.submit(() -> {
            agent.requireRoomToStart(dir);
            return null;
        }));
    }

    /** The pulses of the open (or last) run as the pulse join counted them; null without a join. */
    public BeamCounters beam() {
        return join == null ? null : join.counters();
    }

    /** Opens a run's queue in {@code dir} and writes its run-start record; returns when done. */
    public void openRun(Path dir, int run, long startNs, String software, String who, String comment, String config) {
        await(agent.submit(() -> {
            agent.openRun(dir, run, startNs, software, who, comment, config);
            return null;
        }));
    }

    /**
     * Writes run {@code run}'s run-stop record (with the counters) and closes the queue; returns
     * when done, with how the run ended: as asked, or as the store ended it already (disk full,
     * write failure), or aborted if the stop record could not be written.
     */
    public RunEnd closeRun(int run, long stopNs, StopReason reason, String who, String comment) {
        return await(agent.submit(() -> agent.closeRun(run, stopNs, reason, who, comment)));
    }

    private <T> T await(CompletableFuture<T> f) {
        idle.wake();
        try {
            return f.get(COMMAND_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("run store writer: " + c, c);
        } catch (TimeoutException e) {
            throw new IllegalStateException("run store writer did not answer within " + COMMAND_TIMEOUT_S + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the run store writer");
        }
    }

    /** Drains the ring into the open run (if any) and stops the writer thread. */
    @Override
    public void close() {
        runner.close();
        syncer.close();
        pretoucher.close();
        notifier.shutdown();
    }
}
