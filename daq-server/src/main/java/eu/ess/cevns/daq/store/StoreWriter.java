package eu.ess.cevns.daq.store;

import eu.ess.cevns.daq.timing.BeamCounters;
import eu.ess.cevns.daq.timing.PulseJoin;
import org.agrona.BitUtil;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The store's running parts: the off-heap ring that producers write into ({@link #ingress()}), and
 * the {@link StoreAgent} on its own thread that moves records into the open run's queue. Run
 * control opens and closes runs through it; nothing else touches a queue for writing.
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

    public StoreWriter(long ringBytes) {
        this(ringBytes, DEFAULT_MAX_WAIT_NS, null);
    }

    /** With a pulse join (null: waveforms stored with beam state UNKNOWN, at once). */
    public StoreWriter(long ringBytes, long maxWaitNs, PulseJoin join) {
        if (ringBytes > Integer.MAX_VALUE / 2 || !BitUtil.isPowerOfTwo(ringBytes)) {
            throw new IllegalArgumentException("ring size must be a power of two below 1 GiB, got " + ringBytes);
        }
        UnsafeBuffer memory = new UnsafeBuffer(ByteBuffer.allocateDirect((int) ringBytes + RingBufferDescriptor.TRAILER_LENGTH));
        ManyToOneRingBuffer ring = new ManyToOneRingBuffer(memory);
        this.join = join;
        this.agent = new StoreAgent(ring, counters, join);
        this.ingress = new StoreIngress(ring, counters, maxWaitNs);
        this.runner = new AgentRunner(new BackoffIdleStrategy(100, 10, 1_000, 100_000), this::onAgentError, null, agent);
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

    /** Writes the run-stop record (with the counters) and closes the queue; returns when done. */
    public void closeRun(long stopNs, boolean aborted, String who, String comment) {
        await(agent.submit(() -> {
            agent.closeRun(stopNs, aborted ? StopReason.ABORTED : StopReason.NORMAL, who, comment);
            return null;
        }));
    }

    private static void await(CompletableFuture<?> f) {
        try {
            f.get(COMMAND_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
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
    }
}
