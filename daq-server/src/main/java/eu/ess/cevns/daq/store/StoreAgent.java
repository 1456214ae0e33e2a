package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.ControlledMessageHandler;
import eu.ess.cevns.config.StoreSync;
import eu.ess.cevns.daq.timing.BeamState;
import eu.ess.cevns.daq.timing.PulseJoin;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The one thread that writes run queues. Each duty cycle it first carries out run commands (open,
 * close), then moves up to a batch of records from the ring into the open run's queue, one copy
 * per record. With no run open, waveforms are counted as {@code noRunWaveforms} and dropped.
 * Opening and closing drain the ring first, so a record accepted before a stop is in that run.
 * With a {@link PulseJoin}, each waveform gets its pulse's beam state before it is written; a
 * waveform whose pulse is still waiting for EPICS stays at the head of the ring (and so does all
 * that follows it) until the join decides, which it does within its bounded wait.
 * <p>
 * Neither a full disk nor a failed write ends this thread. Before each append {@link StoreSpace}
 * says whether the record fits above the reserve; when it does not, the run-stop record (reason
 * {@code diskFull}) is written into the reserve, the run is closed, and what arrives is dropped and
 * counted by reason (the producers do it themselves, at once) until free space is back. A write
 * that fails anyway (another process ate the reserve: a memory-mapped write faults, SIGBUS, seen
 * as an {@link InternalError}) aborts the run with what is complete on disk. Either way the server
 * hears of it through {@link StoreEvents}, on another thread.
 * <p>
 * After each batch it publishes where it writes ({@link WriterPosition}), for the pretoucher that
 * populates the pages ahead of it and the syncer that forces what it wrote to the disk; when a run
 * closes, under a sync policy, the file is synced once more with the run's stop record in it.
 */
final class StoreAgent implements Agent, ControlledMessageHandler, PulseJoin.DecidedPulses {
    private static final Logger LOG = LoggerFactory.getLogger(StoreAgent.class);
    private static final int BATCH = 256;

    private final ManyToOneRingBuffer ring;
    private final BytesStore<?, ?> ringBytes;
    private final StoreCounters counters;
    private final StoreIngress ingress;
    private final StoreSpace space;
    private final Executor notifier;
    private final ManyToOneConcurrentArrayQueue<Runnable> commands = new ManyToOneConcurrentArrayQueue<>(64);
    private final PulseJoin join;
    private final WriterPosition position;
    private final StoreSync sync;
    private volatile StoreEvents events = StoreEvents.NONE;
    private volatile StoreState state = StoreState.IDLE;
    private volatile String stateMessage = "";
    private ChronicleQueue queue;
    private ExcerptAppender appender;
    private int run;
    /** A run this agent ended itself, until run control collects it with its stop or a new run opens. */
    private RunEnd endedByStore;
    private boolean heldBack;

    StoreAgent(ManyToOneRingBuffer ring, StoreCounters counters, StoreIngress ingress, StoreSpace space, Executor notifier,
               PulseJoin join, WriterPosition position, StoreSync sync) {
        this.ring = ring;
        this.position = position;
        this.sync = sync;
        this.counters = counters;
        this.ingress = ingress;
        this.space = space;
        this.notifier = notifier;
        this.join = join;
        // the ring's memory seen as Chronicle bytes, made once, so a record moves with one copy
        this.ringBytes = BytesStore.wrap(ring.buffer().addressOffset(), ring.buffer().capacity());
    }

    @Override
    public String roleName() {
        return "run-store-writer";
    }

    void listen(StoreEvents listener) {
        events = listener;
    }

    StoreState state() {
        return state;
    }

    String stateMessage() {
        return stateMessage;
    }

    /** Whether something waits for this thread: a command, or a record in the ring that is not held for the pulse join. */
    boolean hasWork() {
        return !commands.isEmpty() || (ring.size() > 0 && !heldBack);
    }

    /** Whether the record at the head of the ring waits for its pulse's beam state from EPICS. */
    boolean heldBack() {
        return heldBack;
    }

    @Override
    public int doWork() {
        int work = commands.drain(Runnable::run);
        if (join != null) {
            work += join.decide(System.currentTimeMillis() * 1_000_000L, this);
        }
        heldBack = false;
        if (appender == null) {
            if (state == StoreState.DISK_FULL && space.spaceBack()) {
                spaceIsBack();
            }
            return work + ring.controlledRead(this, BATCH);
        }
        space.beforeBatch(RunQueues.currentCycle(queue), appender.cycle());
        long startNs = System.nanoTime();
        int read = ring.controlledRead(this, BATCH);
        if (read > 0) {
            if (appender != null) {
                position.publish(appender);
            }
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
                DropReason refused = state.refusal();
                if (refused != null) {
                    counters.drop(refused);
                } else {
                    counters.noRunWaveforms.incrementAndGet();
                }
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
        if (!space.room(length)) {
            if (type == RecordKind.WAVEFORM) {
                counters.drop(DropReason.DISK_FULL);
            }
            diskFull();
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
        if (!space.room(PulseRecord.LENGTH)) {
            diskFull();
            return;
        }
        try {
            PulseRecord.append(appender, t0Ns, chargeUc, state);
        } catch (InternalError | RuntimeException e) {
            writeFailed(e);
            return;
        }
        // a per-pulse sync forces the file once this pulse's record is in it
        position.publish(appender);
        position.pulseWritten();
        counters.records.lazySet(counters.records.get() + 1);
        counters.bytes.lazySet(counters.bytes.get() + PulseRecord.LENGTH);
        counters.pulses.lazySet(counters.pulses.get() + 1);
    }

    private void append(int type, int index, int length) {
        // as RunQueues.append, inline: no lambda per waveform
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                dc.wire().bytes().write(ringBytes, (long) index, (long) length);
            } catch (InternalError | RuntimeException e) {
                dc.rollbackOnClose();
                throw e;
            }
        } catch (InternalError | RuntimeException e) {
            if (type == RecordKind.WAVEFORM) {
                counters.drop(DropReason.WRITE_ERROR);
            }
            writeFailed(e);
            return;
        }
        counters.records.lazySet(counters.records.get() + 1);
        counters.bytes.lazySet(counters.bytes.get() + length);
        if (type == RecordKind.WAVEFORM) {
            counters.waveforms.lazySet(counters.waveforms.get() + 1);
        } else if (type == RecordKind.PULSE) {
            counters.pulses.lazySet(counters.pulses.get() + 1);
            // a pulse record from the ring (no pulse join): what a per-pulse sync waits for, as from the join
            position.pulseWritten();
        }
    }

    /** Queues a command for the agent thread; the future completes when it has run there. */
    <T> CompletableFuture<T> submit(Supplier<T> command) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                done.complete(command.get());
            } catch (RuntimeException | InternalError e) {
                done.completeExceptionally(e);
            }
        };
        if (!commands.offer(r)) {
            done.completeExceptionally(new IllegalStateException("store command queue full"));
        }
        return done;
    }

    /**
     * On the agent thread: refuses, in words an operator can act on, while the data disk under
     * {@code dir} has less than twice the reserve free (a run would stop again at once).
     */
    void requireRoomToStart(Path dir) {
        long usable = space.measure(dir);
        if (usable >= 0 && usable < space.resumeBytes()) {
            throw new IllegalStateException(String.format("cannot start a run: %s free on %s, and a run needs at least twice "
                    + "the store's reserve of %s (store.reserveMb): free space on the data disk first", StoreSpace.mib(usable),
                    dir, StoreSpace.mib(space.reserveBytes())));
        }
    }

    /** On the agent thread: drain, open the run's queue and write its run-start record (refused on a full disk). */
    void openRun(Path dir, int run, long startNs, String software, String who, String comment, String config) {
        drainRing();
        if (appender != null) {
            throw new IllegalStateException("a run is already open in the store");
        }
        // the runs folder, not the run's own: it stays while finished runs are deleted to free space
        requireRoomToStart(dir.getParent());
        ChronicleQueue q = null;
        try {
            q = RunQueues.open(dir);
            ExcerptAppender a = q.createAppender();
            counters.resetForRun();
            if (join != null) {
                join.counters().reset();
            }
            RunStartRecord.append(a, run, startNs, software, who, comment, config);
            queue = q;
            appender = a;
        } catch (InternalError | RuntimeException e) {
            closeQuietly(q);
            throw new IllegalStateException("cannot open run " + run + "'s queue in " + dir + ": " + e, e);
        }
        counters.records.incrementAndGet();
        this.run = run;
        endedByStore = null;
        enter(StoreState.RECORDING, "");
    }

    /**
     * On the agent thread: drain into the run, write its run-stop record and close the queue. If
     * the store already ended run {@code run} itself (disk full, write failure), that end.
     */
    RunEnd closeRun(int run, long stopNs, StopReason reason, String who, String comment) {
        drainRing();
        if (appender == null) {
            RunEnd ended = endedByStore;
            if (ended != null && ended.run() == run) {
                endedByStore = null;
                return ended;
            }
            throw new IllegalStateException("no run is open in the store");
        }
        if (!writeStopRecord(stopNs, reason, who, comment)) {
            // the failure has been logged; what is complete on disk is the run
            closeQueue();
            StoreState next = stateAfterFailure();
            RunEnd end = ended(StopReason.ABORTED, stopNs, failureMessage("its run-stop record could not be written", next), false);
            enter(next, end.message());
            return end;
        }
        closeQueue();
        enter(StoreState.IDLE, "");
        return ended(reason, stopNs, "", true);
    }

    private boolean writeStopRecord(long stopNs, StopReason reason, String who, String comment) {
        try {
            RunStopRecord.append(appender, stopNs, reason, counters.waveforms(), counters.pulses(), counters.droppedThisRun(), who,
                    comment);
            counters.records.incrementAndGet();
            return true;
        } catch (InternalError | RuntimeException e) {
            LOG.error("run {}: cannot write its run-stop record: {}", run, e.toString());
            return false;
        }
    }

    /** The next record does not fit above the reserve: stop the run cleanly, its stop record in the reserve. */
    private void diskFull() {
        long stopNs = RecordText.nowNs();
        String message = "run " + run + " stopped: the data disk is full: " + space.describe();
        boolean written = writeStopRecord(stopNs, StopReason.DISK_FULL, "server", message);
        closeQueue();
        LOG.error("{}; waveforms are dropped and counted until space is back", message);
        endByStore(written ? ended(StopReason.DISK_FULL, stopNs, message, true)
                : ended(StopReason.ABORTED, stopNs, message + "; its run-stop record could not be written", false), StoreState.DISK_FULL);
    }

    /** A write failed (SIGBUS on a full disk, an I/O error): abort the run with what is complete on disk. */
    private void writeFailed(Throwable e) {
        LOG.error("run {}: the store could not write; the run is aborted with what is on disk", run, e);
        closeQueue();
        StoreState next = stateAfterFailure();
        endByStore(ended(StopReason.ABORTED, RecordText.nowNs(), failureMessage("the store could not write (" + e + ")", next), false),
                next);
    }

    /** How the open run ended, with its counters as they stand. */
    private RunEnd ended(StopReason reason, long stopNs, String message, boolean stopRecordWritten) {
        return new RunEnd(run, reason, stopNs, counters.waveforms(), counters.pulses(), counters.droppedThisRunByReason(), message,
                stopRecordWritten);
    }

    /** After a failed write: a full disk (wait for space) or a write error (wait for a new run). */
    private StoreState stateAfterFailure() {
        long usable = space.measureAgain();
        return usable >= 0 && usable < space.resumeBytes() ? StoreState.DISK_FULL : StoreState.WRITE_ERROR;
    }

    private String failureMessage(String what, StoreState next) {
        return "run " + run + " aborted: " + what + (next == StoreState.DISK_FULL ? "; the data disk is full: " + space.describe() : "");
    }

    private void endByStore(RunEnd end, StoreState next) {
        endedByStore = end;
        enter(next, end.message());
        StoreEvents listener = events;
        tell(() -> listener.onRunEnded(end));
    }

    private void spaceIsBack() {
        long usable = space.usableBytes();
        LOG.info("data disk has {} free again: runs may start", StoreSpace.mib(usable));
        enter(StoreState.IDLE, "");
        StoreEvents listener = events;
        tell(() -> listener.onSpaceBack(usable));
    }

    /** Tells the server on the event thread; a listener that fails is logged, not lost in the executor. */
    private void tell(Runnable event) {
        notifier.execute(() -> {
            try {
                event.run();
            } catch (RuntimeException e) {
                LOG.error("the server could not take in what the store did", e);
            }
        });
    }

    private void enter(StoreState next, String message) {
        stateMessage = message;
        state = next;
        ingress.refuse(next.refusal());
    }

    private void closeQueue() {
        if (join != null) {
            // the pulses decided in the drain before were the run's; those after it are no run's
            join.counters().stop();
        }
        ExcerptAppender a = appender;
        ChronicleQueue q = queue;
        appender = null;
        queue = null;
        position.clear();
        File last = null;
        try {
            if (a != null) {
                last = a.currentFile();
                a.close();
            }
        } catch (InternalError | RuntimeException e) {
            LOG.warn("closing the run's appender: {}", e.toString());
        }
        closeQuietly(q);
        if (last != null && sync.mode() != StoreSync.Mode.NONE) {
            syncClosed(last);
        }
    }

    /** Under a sync policy, a closed run's last file goes to the disk with its stop record before the run is reported closed. */
    private static void syncClosed(File file) {
        try (FileChannel c = FileChannel.open(file.toPath(), StandardOpenOption.WRITE)) {
            c.force(false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot sync the run's last file {}: {}", file, e.toString());
        }
    }

    private static void closeQuietly(ChronicleQueue q) {
        try {
            if (q != null) {
                q.close();
            }
        } catch (InternalError | RuntimeException e) {
            LOG.warn("closing the run's queue: {}", e.toString());
        }
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
        closeQueue();
    }
}
