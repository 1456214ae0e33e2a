package eu.ess.cevns.daq.run;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.daq.readout.ReadoutLoss;
import eu.ess.cevns.daq.readout.SequenceTracker;
import eu.ess.cevns.daq.store.RunEnd;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunRecovery;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StopReason;
import eu.ess.cevns.daq.store.StoreWriter;
import eu.ess.cevns.daq.timing.BeamCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Starts and stops runs. A start takes the next run number, writes {@code run.json} (RUNNING)
 * and has the store open the queue with a run-start record (configuration snapshot, software
 * version, who, comment); a stop writes the run-stop record with the counters and marks the run
 * STOPPED. A run the store ended itself (disk full: STOPPED with reason {@code diskFull}; a failed
 * write: ABORTED) is recorded the same way when the store says so ({@link #storeEnded}). Each start
 * and stop restarts the readout's sequence tracking, so that a run counts its own lost packets from
 * fresh trackers, and a stopped run's {@code run.json} keeps them. Construction recovers runs a
 * crash left open. Calls are serialised: one operator action at a time.
 */
public final class RunControl implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunControl.class);
    private final RunStore store;
    private final StoreWriter writer;
    private final Supplier<String> configSnapshot;
    private final String softwareVersion;
    private final SequenceTracker readout;
    private final List<RunInfo> recovered;
    private volatile RunState state = RunState.IDLE;
    private volatile RunInfo current;
    /** A stopped run's {@code run.json} the disk had no room for: written again at the next chance. */
    private RunInfo unsaved;

    /** Run control without readout (store tests, benchmarks): runs keep no loss counts. */
    public RunControl(RunStore store, StoreWriter writer, Supplier<String> configSnapshot, String softwareVersion) {
        this(store, writer, configSnapshot, softwareVersion, null);
    }

    /** @param readout the server's sequence tracking, restarted at each run change (null: none) */
    public RunControl(RunStore store, StoreWriter writer, Supplier<String> configSnapshot, String softwareVersion,
                      SequenceTracker readout) {
        this.store = store;
        this.readout = readout;
        this.writer = writer;
        this.configSnapshot = configSnapshot;
        this.softwareVersion = softwareVersion;
        try {
            this.recovered = RunRecovery.recover(store);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover open runs in " + store.root() + ": " + e.getMessage(), e);
        }
    }

    /** Runs this start found open and closed as aborted. */
    public List<RunInfo> recovered() {
        return recovered;
    }

    public synchronized RunInfo start(String comment, String who) {
        if (state == RunState.RUNNING) {
            throw new IllegalStateException("run " + current.number() + " is already running; stop it first");
        }
        saveUnsaved();
        // before a number is taken: a full disk refuses the start without using up a run number
        writer.requireRoomToStart(store.root());
        int number;
        try {
            number = store.allocateRunNumber();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a run in " + store.root() + ": " + e.getMessage(), e);
        }
        Instant start = Instant.now();
        RunInfo info = RunInfo.running(number, start, comment);
        writeInfo(info);
        if (readout != null) {
            readout.restart();
        }
        try {
            writer.openRun(store.runDir(number), number, epochNs(start), softwareVersion, who, comment, configSnapshot.get());
        } catch (RuntimeException e) {
            // the queue could not be made: no run is left RUNNING for recovery to find
            store.discardUnstarted(info, e.getMessage());
            throw e;
        }
        current = info;
        state = RunState.RUNNING;
        LOG.info("run {} started by {}{}", number, who, comment.isEmpty() ? "" : ": " + comment);
        return info;
    }

    public synchronized RunInfo stop(String comment, String who) {
        if (state != RunState.RUNNING) {
            throw new IllegalStateException("no run is going" + (current == null ? "" : "; the last was run " + current.number()));
        }
        RunEnd end = writer.closeRun(current.number(), epochNs(Instant.now()), StopReason.NORMAL, who, comment);
        RunInfo info = record(end, end.reason() == StopReason.NORMAL ? comment : end.message());
        ReadoutLoss loss = info.readout();
        LOG.info("run {} stopped by {}: {} waveforms, {} pulses, {} dropped{}", info.number(), who, info.waveforms(),
                info.pulses(), info.dropped(), loss == null ? "" : ", " + loss.lostPackets() + " packets lost, "
                        + loss.resyncs() + " sequence resyncs");
        return info;
    }

    /**
     * The store ended run {@code end.run()} itself (disk full, failed write): recorded as it ended,
     * unless a stop already recorded it.
     */
    public synchronized void storeEnded(RunEnd end) {
        if (state != RunState.RUNNING || current.number() != end.run()) {
            return;
        }
        record(end, end.message());
        LOG.warn("{}: {} waveforms, {} pulses kept", end.message(), end.waveforms(), end.pulses());
    }

    private RunInfo record(RunEnd end, String stopComment) {
        RunInfo.State stored = end.reason() == StopReason.ABORTED ? RunInfo.State.ABORTED : RunInfo.State.STOPPED;
        ReadoutLoss loss = readout == null ? null : readout.restart();
        RunInfo info = new RunInfo(current.number(), stored, current.start(), end.stopTime(), current.comment(),
                end.waveforms(), end.pulses(), end.dropped(), stopComment, end.reason().key(), end.droppedByKey(), loss)
                .withBeam(beam());
        current = info;
        state = RunState.STOPPED;
        unsaved = info;
        saveUnsaved();
        return info;
    }

    /**
     * Writes a stopped run's {@code run.json} that a full disk had no room for. Until it is written
     * the file says RUNNING, and if the server ends first, recovery closes the run at the next start.
     */
    public synchronized void saveUnsaved() {
        RunInfo info = unsaved;
        if (info == null) {
            return;
        }
        try {
            store.writeRunInfo(info);
            unsaved = null;
        } catch (IOException e) {
            LOG.error("cannot write {}/run.json ({}): run {} is {} but its file still says RUNNING; written again at the next "
                    + "start or when disk space is back", store.runDir(info.number()), e.getMessage(), info.number(), info.state());
        }
    }

    /** The run's beam as the pulse join counted it (it stopped counting when the queue closed); null without a join. */
    private RunInfo.Beam beam() {
        BeamCounters b = writer.beam();
        return b == null ? null
                : new RunInfo.Beam(b.potOn(), b.pulsesOn(), b.pulsesOff(), b.pulsesUnknown(), b.pulsesOn() / (double) EssPulse.RATE_HZ);
    }

    /**
     * Runs {@code action} if run {@code number} is the one open now, with no start or stop in
     * between: what it submits to the store lands in that run's queue (a stop drains the store
     * first). Returns whether it ran.
     */
    public synchronized boolean whileOpen(int number, Runnable action) {
        if (state != RunState.RUNNING || current == null || current.number() != number) {
            return false;
        }
        action.run();
        return true;
    }

    private void writeInfo(RunInfo info) {
        try {
            store.writeRunInfo(info);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + store.runDir(info.number()) + "/run.json: " + e.getMessage(), e);
        }
    }

    public RunState state() {
        return state;
    }

    /** The current run, or the last one stopped; null before the first. */
    public RunInfo current() {
        return current;
    }

    public RunStore store() {
        return store;
    }

    /** Stops a running run normally (server shutdown). */
    @Override
    public synchronized void close() {
        if (state == RunState.RUNNING) {
            stop("server shutdown", "server");
        }
        saveUnsaved();
    }

    private static long epochNs(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
