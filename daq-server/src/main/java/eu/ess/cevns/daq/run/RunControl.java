package eu.ess.cevns.daq.run;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunRecovery;
import eu.ess.cevns.daq.store.RunStore;
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
 * STOPPED. Construction recovers runs a crash left open. Calls are serialised: one operator action
 * at a time.
 */
public final class RunControl implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunControl.class);
    private final RunStore store;
    private final StoreWriter writer;
    private final Supplier<String> configSnapshot;
    private final String softwareVersion;
    private final List<RunInfo> recovered;
    private volatile RunState state = RunState.IDLE;
    private volatile RunInfo current;

    public RunControl(RunStore store, StoreWriter writer, Supplier<String> configSnapshot, String softwareVersion) {
        this.store = store;
        this.writer = writer;
        this.configSnapshot = configSnapshot;
        this.softwareVersion = softwareVersion;
        try {
            this.recovered = RunRecovery.recover(store);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover open runs in " + store.root(), e);
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
        try {
            int number = store.allocateRunNumber();
            Instant start = Instant.now();
            RunInfo info = new RunInfo(number, RunInfo.State.RUNNING, start, null, comment, 0, 0, 0, "");
            writeInfo(info);
            writer.openRun(store.runDir(number), number, epochNs(start), softwareVersion, who, comment, configSnapshot.get());
            current = info;
            state = RunState.RUNNING;
            LOG.info("run {} started by {}{}", number, who, comment.isEmpty() ? "" : ": " + comment);
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a run in " + store.root() + ": " + e.getMessage(), e);
        }
    }

    public synchronized RunInfo stop(String comment, String who) {
        if (state != RunState.RUNNING) {
            throw new IllegalStateException("no run is going" + (current == null ? "" : "; the last was run " + current.number()));
        }
        Instant stop = Instant.now();
        writer.closeRun(epochNs(stop), false, who, comment);
        RunInfo info = new RunInfo(current.number(), RunInfo.State.STOPPED, current.start(), stop, current.comment(),
                writer.counters().waveforms(), writer.counters().pulses(), writer.counters().droppedThisRun(), comment)
                .withBeam(beam());
        writeInfo(info);
        current = info;
        state = RunState.STOPPED;
        LOG.info("run {} stopped by {}: {} waveforms, {} pulses, {} dropped", info.number(), who, info.waveforms(),
                info.pulses(), info.dropped());
        return info;
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
    }

    private static long epochNs(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
