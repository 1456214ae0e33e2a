package eu.ess.cevns.daq.store;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes the runs that a crash (power cut, {@code kill -9}) left marked RUNNING: reads every
 * complete record of the run's queue (Chronicle never shows a document whose writer died
 * half-way), appends a run-stop record marked aborted with what it counted, and marks the run
 * ABORTED, stopped at the time of its last waveform. Must run before a new run is started and
 * while no other process writes the data root.
 */
public final class RunRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private RunRecovery() {
    }

    /** Recovers every open run of {@code store}; returns them as they are now (ABORTED). */
    public static List<RunInfo> recover(RunStore store) throws IOException {
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
        Instant stop = tally.lastNs > 0 ? RecordText.instant(tally.lastNs) : run.start();
        if (stop == null || (run.start() != null && stop.isBefore(run.start()))) {
            stop = run.start();
        }
        if (!tally.stopped) {
            try (ChronicleQueue queue = RunQueues.open(store.runDir(run.number()));
                 ExcerptAppender appender = queue.createAppender()) {
                RunStopRecord.append(appender, RecordText.nowNs(), StopReason.ABORTED, tally.waveforms, tally.pulses,
                        0, "recovery", "run left open by a crash; closed at the next start");
            }
        }
        RunInfo aborted = new RunInfo(run.number(), RunInfo.State.ABORTED, run.start(), stop, run.comment(),
                tally.waveforms, tally.pulses, 0, "aborted: closed by recovery at the next start");
        store.writeRunInfo(aborted);
        LOG.warn("run {} was left open (crash?): closed as ABORTED with {} waveforms and {} pulses kept",
                run.number(), tally.waveforms, tally.pulses);
        return aborted;
    }

    private static final class Tally implements RecordVisitor {
        long waveforms;
        long pulses;
        long lastNs;
        boolean stopped;

        @Override
        public void onWaveform(StoredWaveform w) {
            waveforms++;
            lastNs = Math.max(lastNs, w.pulseT0Ns() + w.timeSinceT0Ns());
        }

        @Override
        public void onPulse(long t0Ns, double chargeUc, int beamState) {
            pulses++;
        }

        @Override
        public void onRunStop(Instant stop, boolean aborted, long waveforms, long pulses, long dropped, String who, String comment) {
            stopped = true;
        }
    }
}
