package eu.ess.cevns.daq.store;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes the runs that a crash (power cut, {@code kill -9}) left marked RUNNING: reads every
 * complete record of the run's queue (Chronicle never shows a document whose writer died
 * half-way), appends a run-stop record marked aborted with what it counted, and marks the run
 * ABORTED. Runs only under the data root's lock ({@link DataRootLock}: the server's, or taken for
 * the recovery), so it never closes a run that another live server is writing.
 * <p>
 * The stop time is the latest time the server itself wrote for the run: its start, the times of
 * its config-change and alarm records, the modification time of its queue files; never a time a
 * digitizer sent (a readout stamped in 2106 must not make the run end in 2106), and never later
 * than the recovery.
 */
public final class RunRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private RunRecovery() {
    }

    /** Recovers every open run of {@code store}; returns them as they are now (ABORTED). */
    public static List<RunInfo> recover(RunStore store) throws IOException {
        if (DataRootLock.heldHere(store.root())) {
            return recoverAll(store);
        }
        try (DataRootLock lock = DataRootLock.acquire(store.root())) {
            return recoverAll(store);
        }
    }

    private static List<RunInfo> recoverAll(RunStore store) throws IOException {
        List<RunInfo> recovered = new ArrayList<>();
        for (RunInfo run : store.runs()) {
            if (run.state() == RunInfo.State.RUNNING) {
                recovered.add(recover(store, run));
            }
        }
        return recovered;
    }

    private static RunInfo recover(RunStore store, RunInfo run) throws IOException {
        Tally tally = new Tally();
        try (RunReader reader = store.openReader(run.number())) {
            reader.drain(tally);
        }
        Instant now = Instant.now();
        Instant stop = latest(run.start(), tally.lastServerTime, lastModified(store.runDir(run.number())));
        if (stop == null || stop.isAfter(now)) {
            stop = now;
        }
        if (!tally.stopped) {
            try (ChronicleQueue queue = RunQueues.open(store.runDir(run.number()));
                 ExcerptAppender appender = queue.createAppender()) {
                RunStopRecord.append(appender, RecordText.nowNs(), StopReason.ABORTED, tally.waveforms, tally.pulses,
                        0, "recovery", "run left open by a crash; closed at the next start");
            }
        }
        RunInfo aborted = new RunInfo(run.number(), RunInfo.State.ABORTED, run.start(), stop, run.comment(),
                tally.waveforms, tally.pulses, 0, "aborted: closed by recovery at the next start", StopReason.ABORTED.key(), null);
        store.writeRunInfo(aborted);
        LOG.warn("run {} was left open (crash?): closed as ABORTED with {} waveforms and {} pulses kept",
                run.number(), tally.waveforms, tally.pulses);
        return aborted;
    }

    /** The latest modification time of the run's queue files (written by this server's store writer), or null. */
    private static Instant lastModified(Path runDir) throws IOException {
        Instant last = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDir, "*.cq4")) {
            for (Path f : files) {
                last = latest(last, Files.getLastModifiedTime(f).toInstant());
            }
        }
        return last;
    }

    private static Instant latest(Instant... times) {
        Instant last = null;
        for (Instant t : times) {
            if (t != null && (last == null || t.isAfter(last))) {
                last = t;
            }
        }
        return last;
    }

    /** What the run holds, and the latest time the server stamped in it (not the digitizers' times). */
    private static final class Tally implements RecordVisitor {
        long waveforms;
        long pulses;
        Instant lastServerTime;
        boolean stopped;

        @Override
        public void onRunStart(int run, Instant start, String softwareVersion, String who, String comment, String config) {
            lastServerTime = latest(lastServerTime, start);
        }

        @Override
        public void onWaveform(StoredWaveform w) {
            waveforms++;
        }

        @Override
        public void onPulse(long t0Ns, double chargeUc, int beamState) {
            pulses++;
        }

        @Override
        public void onConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
            lastServerTime = latest(lastServerTime, time);
        }

        @Override
        public void onAlarm(Instant time, int severity, boolean raised, String name, String message) {
            lastServerTime = latest(lastServerTime, time);
        }

        @Override
        public void onRunStop(Instant stop, boolean aborted, long waveforms, long pulses, long dropped, String who, String comment) {
            stopped = true;
        }
    }
}
