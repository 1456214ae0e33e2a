package eu.ess.cevns.daq.store;

import eu.ess.cevns.config.StoreSettings;
import eu.ess.cevns.config.StoreSync;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.timing.BeamState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The store writer's threads over real Chronicle files: the writer sleeps when there is nothing to
 * write and wakes for the next record; the pretoucher populates the queue file ahead of it without
 * changing what is read back; and each {@code store.sync} policy syncs as it says.
 */
class WriterBesideTest {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                .max(Comparator.comparingLong(Thread::getId)).orElseThrow();
    }

    static boolean parkedInWriterIdle(Thread t) {
        return t.getState() == Thread.State.TIMED_WAITING
                && Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().equals(WriterIdle.class.getName()));
    }

    @Test
    void anIdleWriterSleepsAndTheNextRecordWakesIt(@TempDir Path data) throws Exception {
        RunStore store = new RunStore(data);
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = new RunControl(store, writer, () -> "detector: test\n", "9.9.9");
            runs.start("idle", "tester");
            Thread t = thread("run-store-writer");
            Await.until("the writer parks with a run open and nothing to write", () -> parkedInWriterIdle(t));
            long cpuBeforeNs = THREADS.getThreadCpuTime(t.getId());
            long wallBeforeNs = System.nanoTime();
            // half a second of an open run with no data: the writer's own CPU time over it
            Await.until("half a second passes", Duration.ofSeconds(5), () -> System.nanoTime() - wallBeforeNs >= 500_000_000L);
            long cpuNs = THREADS.getThreadCpuTime(t.getId()) - cpuBeforeNs;
            long wallNs = System.nanoTime() - wallBeforeNs;
            // the backoff it replaced used 12 % of a core here; parking 10 ms at a time costs about 0.1 %
            assertTrue(cpuNs < wallNs / 50, "idle writer used " + cpuNs / 1e6 + " ms of CPU in " + wallNs / 1e6 + " ms");
            RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(new SplittableRandom(3), 0), true);
            Await.until("the record wakes the writer and is written", () -> writer.counters().waveforms() == 1);
            runs.stop("done", "tester");
        }
    }

    @Test
    void pagesAreTouchedAheadOfTheWriterAndEveryRecordReadsBack(@TempDir Path data) throws Exception {
        RunStore store = new RunStore(data);
        SplittableRandom rnd = new SplittableRandom(11);
        RunStoreTest.Sent[] sent = new RunStoreTest.Sent[500];
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = new RunControl(store, writer, () -> "detector: test\n", "9.9.9");
            runs.start("pretouch", "tester");
            for (int i = 0; i < sent.length; i++) {
                sent[i] = RunStoreTest.randomWaveform(rnd, i);
                RunStoreTest.offer(writer.ingress(), sent[i], i % 2 == 0);
            }
            Await.until("records written", () -> writer.counters().waveforms() == sent.length);
            // madvise(MADV_POPULATE_WRITE) is in Linux 5.14 and later: this machine's kernel has it
            Await.until("a megabyte populated ahead of the writer", () -> writer.pretouchedBytes() >= 1 << 20);
            runs.stop("done", "tester");
        }
        RunStoreTest.Collect got = new RunStoreTest.Collect();
        try (RunReader reader = store.openReader(1)) {
            reader.drain(got);
        }
        assertEquals(sent.length, got.waveforms.size());
        for (int i = 0; i < sent.length; i++) {
            RunStoreTest.assertSame(sent[i], got.waveforms.get(i));
        }
    }

    StoreWriter writer(StoreSync sync) {
        return new StoreWriter(new StoreSettings(1 << 20, StoreSettings.MIN_RESERVE_BYTES, false, sync), StoreWriter.DEFAULT_MAX_WAIT_NS,
                null, FreeSpace.ofFileSystem());
    }

    @Test
    void eachSyncPolicySyncsAsItSays(@TempDir Path data) throws Exception {
        RunStore store = new RunStore(data);
        try (StoreWriter writer = writer(StoreSync.NONE)) {
            RunControl runs = new RunControl(store, writer, () -> "detector: test\n", "9.9.9");
            runs.start("none", "tester");
            assertTrue(writer.ingress().submitPulse(1, 1.0, BeamState.ON));
            Await.until("pulse written", () -> writer.counters().pulses() == 1);
            runs.stop("done", "tester");
            assertEquals(new SyncStatus(StoreSync.NONE, 0, 0, 0, 0), writer.syncStatus(), "none never syncs");
        }
        try (StoreWriter writer = writer(StoreSync.PER_PULSE)) {
            RunControl runs = new RunControl(store, writer, () -> "detector: test\n", "9.9.9");
            runs.start("per pulse", "tester");
            for (int p = 1; p <= 3; p++) {
                assertTrue(writer.ingress().submitPulse(p, 1.0, BeamState.ON));
                int pulses = p;
                Await.until("pulse " + p + " synced", () -> writer.syncStatus().syncs() >= pulses);
            }
            runs.stop("done", "tester");
            assertEquals(StoreSync.PER_PULSE, writer.syncStatus().policy());
            assertEquals(0, writer.syncStatus().failures());
        }
        try (StoreWriter writer = writer(StoreSync.every(20))) {
            RunControl runs = new RunControl(store, writer, () -> "detector: test\n", "9.9.9");
            runs.start("every 20 ms", "tester");
            long before = writer.syncStatus().syncs();
            for (int i = 0; i < 3; i++) {
                // a sync happens only when something new was written since the last
                RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(new SplittableRandom(i), i), false);
                long after = before;
                Await.until("a periodic sync after new data", () -> writer.syncStatus().syncs() > after);
                before = writer.syncStatus().syncs();
            }
            runs.stop("done", "tester");
            assertEquals(0, writer.syncStatus().failures());
            assertTrue(writer.syncStatus().maxMs() >= writer.syncStatus().lastMs());
        }
    }
}
