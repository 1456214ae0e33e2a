package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.ControlledMessageHandler;
import eu.ess.cevns.daq.timing.BeamState;
import eu.ess.cevns.daq.timing.PulseJoin;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The one thread that writes run queues. Each duty cycle it first carries out run commands (open,
 * close), then moves up to a batch of records from the ring into the open run's queue, one copy
 * per record. With no run open, waveforms are counted as {@code noRunWaveforms} and dropped.
 * Opening and closing drain the ring first, so a record accepted before a stop is in that run.
 * With a {@link PulseJoin}, each waveform gets its pulse's beam state before it is written; a
 * waveform whose pulse is still waiting for EPICS stays at the head of the ring (and so does all
 * that follows it) until the join decides, which it does within its bounded wait.
 */
final class StoreAgent implements Agent, ControlledMessageHandler, PulseJoin.DecidedPulses {
    private static final int BATCH = 256;

    private final ManyToOneRingBuffer ring;
    private final BytesStore<?, ?> ringBytes;
    private final StoreCounters counters;
    private final ManyToOneConcurrentArrayQueue<Runnable> commands = new ManyToOneConcurrentArrayQueue<>(64);
    private final PulseJoin join;
    private ChronicleQueue queue;
    private ExcerptAppender appender;
    private boolean heldBack;

    StoreAgent(ManyToOneRingBuffer ring, StoreCounters counters, PulseJoin join) {
        this.ring = ring;
        this.counters = counters;
        this.join = join;
        // the ring's memory seen as Chronicle bytes, made once, so a record moves with one copy
        this.ringBytes = BytesStore.wrap(ring.buffer().addressOffset(), ring.buffer().capacity());
    }

    @Override
    public String roleName() {
        return "run-store-writer";
    }

    @Override
    public int doWork() {
        int work = commands.drain(Runnable::run);
        if (join != null) {
            work += join.decide(System.currentTimeMillis() * 1_000_000L, this);
        }
        if (appender == null) {
            return work + ring.controlledRead(this, BATCH);
        }
        long startNs = System.nanoTime();
        int read = ring.controlledRead(this, BATCH);
        if (read > 0) {
            long ns = System.nanoTime() - startNs;
            counters.writeBatches.lazySet(counters.writeBatches.get() + 1);
            counters.writeNs.lazySet(counters.writeNs.get() + ns);
            counters.writeLatency.record(ns);
        }
        return work + read;
    }

    @Override
    public Action onMessage(int type, MutableDirectBuffer buffer, int index, int length) {
        if (type == RecordKind.PULSE_SEEN) {
            if (join != null) {
                join.onPulseSeen(PulseSeenMessage.t0Ns(buffer, index));
            }
            return Action.CONTINUE;
        }
        if (type == RecordKind.WAVEFORM) {
            if (appender == null) {
                countChannel(buffer, index);
                counters.noRunWaveforms.incrementAndGet();
                return Action.CONTINUE;
            }
            if (join != null) {
                int state = join.stateOf(WaveformRecord.pulseT0Ns(buffer, index));
                if (state == PulseJoin.PENDING) {
                    heldBack = true;
                    return Action.ABORT;
                }
                WaveformRecord.putBeamState(buffer, index, (byte) state);
            }
            countChannel(buffer, index);
        } else if (appender == null) {
            return Action.CONTINUE;
        }
        append(type, index, length);
        return Action.CONTINUE;
    }

    /** Once per waveform, when it leaves the ring (a waveform held back for the join is seen again). */
    private void countChannel(MutableDirectBuffer buffer, int index) {
        int id = WaveformRecord.channelId(buffer, index);
        counters.channelWaveforms.lazySet(id, counters.channelWaveforms.get(id) + 1);
    }

    /** A pulse the join decided: stored as a pulse record while a run is open. */
    @Override
    public void onDecided(long t0Ns, double chargeUc, BeamState state) {
        if (appender == null) {
            return;
        }
        PulseRecord.append(appender, t0Ns, chargeUc, state);
        counters.records.lazySet(counters.records.get() + 1);
        counters.bytes.lazySet(counters.bytes.get() + PulseRecord.LENGTH);
        counters.pulses.lazySet(counters.pulses.get() + 1);
    }

    private void append(int type, int index, int length) {
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(ringBytes, (long) index, (long) length);
        }
        counters.records.lazySet(counters.records.get() + 1);
        counters.bytes.lazySet(counters.bytes.get() + length);
        if (type == RecordKind.WAVEFORM) {
            counters.waveforms.lazySet(counters.waveforms.get() + 1);
        } else if (type == RecordKind.PULSE) {
            counters.pulses.lazySet(counters.pulses.get() + 1);
        }
    }

    /** Queues a command for the agent thread; the future completes when it has run there. */
    <T> CompletableFuture<T> submit(Supplier<T> command) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                done.complete(command.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        };
        if (!commands.offer(r)) {
            done.completeExceptionally(new IllegalStateException("store command queue full"));
        }
        return done;
    }

    /** On the agent thread: drain, open the run's queue and write its run-start record. */
    void openRun(Path dir, int run, long startNs, String software, String who, String comment, String config) {
        drainRing();
        if (appender != null) {
            throw new IllegalStateException("a run is already open in the store");
        }
        queue = RunQueues.open(dir);
        appender = queue.createAppender();
        counters.resetForRun();
        if (join != null) {
            join.counters().reset();
        }
        RunStartRecord.append(appender, run, startNs, software, who, comment, config);
        counters.records.incrementAndGet();
    }

    /** On the agent thread: drain into the run, write its run-stop record and close the queue. */
    void closeRun(long stopNs, StopReason reason, String who, String comment) {
        drainRing();
        if (appender == null) {
            throw new IllegalStateException("no run is open in the store");
        }
        if (join != null) {
            // the pulses decided in the drain above were the run's; those after it are no run's
            join.counters().stop();
        }
        RunStopRecord.append(appender, stopNs, reason, counters.waveforms(), counters.pulses(), counters.droppedThisRun(), who, comment);
        counters.records.incrementAndGet();
        appender.close();
        queue.close();
        appender = null;
        queue = null;
    }

    /** Moves everything in the ring into the run, settling pulses still waiting as they stand now. */
    private void drainRing() {
        while (true) {
            if (join != null) {
                // a run is ending: what EPICS has reported counts, the rest is UNKNOWN
                join.decide(Long.MAX_VALUE, this);
            }
            heldBack = false;
            if (ring.controlledRead(this, BATCH) == 0 && !heldBack) {
                return;
            }
        }
    }

    @Override
    public void onClose() {
        drainRing();
        if (appender != null) {
            appender.close();
            queue.close();
            appender = null;
        }
    }
}
