package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The one thread that writes run queues. Each duty cycle it first carries out run commands (open,
 * close), then moves up to a batch of records from the ring into the open run's queue, one copy
 * per record. With no run open, waveforms are counted as {@code noRunWaveforms} and dropped.
 * Opening and closing drain the ring first, so a record accepted before a stop is in that run.
 */
final class StoreAgent implements Agent, MessageHandler {
    private static final int BATCH = 256;

    private final ManyToOneRingBuffer ring;
    private final BytesStore<?, ?> ringBytes;
    private final StoreCounters counters;
    private final ManyToOneConcurrentArrayQueue<Runnable> commands = new ManyToOneConcurrentArrayQueue<>(64);
    private ChronicleQueue queue;
    private ExcerptAppender appender;

    StoreAgent(ManyToOneRingBuffer ring, StoreCounters counters) {
        this.ring = ring;
        this.counters = counters;
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
        work += ring.read(this, BATCH);
        return work;
    }

    @Override
    public void onMessage(int type, MutableDirectBuffer buffer, int index, int length) {
        if (appender == null) {
            if (type == RecordKind.WAVEFORM) {
                counters.noRunWaveforms.incrementAndGet();
            }
            return;
        }
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
    <T> CompletableFuture<T> submit(java.util.function.Supplier<T> command) {
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
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> b = dc.wire().bytes();
            b.writeByte(RecordKind.RUN_START).writeByte(RecordKind.SCHEMA_V1);
            b.writeInt(run).writeLong(startNs);
            RecordText.write(b, software);
            RecordText.write(b, who);
            RecordText.write(b, comment);
            RecordText.writeLong(b, config);
        }
        counters.records.incrementAndGet();
    }

    /** On the agent thread: drain into the run, write its run-stop record and close the queue. */
    void closeRun(long stopNs, byte reason, String who, String comment) {
        drainRing();
        if (appender == null) {
            throw new IllegalStateException("no run is open in the store");
        }
        writeStop(appender, stopNs, reason, counters.waveforms(), counters.pulses(), counters.droppedThisRun(), who, comment);
        counters.records.incrementAndGet();
        appender.close();
        queue.close();
        appender = null;
        queue = null;
    }

    static void writeStop(ExcerptAppender appender, long stopNs, byte reason, long waveforms, long pulses, long dropped,
                          String who, String comment) {
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> b = dc.wire().bytes();
            b.writeByte(RecordKind.RUN_STOP).writeByte(RecordKind.SCHEMA_V1);
            b.writeLong(stopNs).writeByte(reason);
            b.writeLong(waveforms).writeLong(pulses).writeLong(dropped);
            RecordText.write(b, who);
            RecordText.write(b, comment);
        }
    }

    private void drainRing() {
        while (ring.read(this, BATCH) > 0) {
            // keep moving records until the ring is empty
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
