package eu.ess.cevns.daq.store;

import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.run.RunControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Recovery of a run a crash left open takes its stop time from what the server itself wrote, never
 * from a readout: in issue 11 a run holding a readout stamped in 2106 was recovered as stopped on
 * 2106-02-07.
 */
class RunRecoveryTest {
    /** The last second an ESS readout header's u32 seconds can say: 2106-02-07T06:28:15Z. */
    static final long LAST_U32_SECOND = 0xFFFF_FFFFL;

    @Test
    void aRecoveredRunStopsAtATimeTheServerWroteNeverAtAReadoutsTime(@TempDir Path data) throws Exception {
        RunStore store = new RunStore(data);
        SplittableRandom rnd = new SplittableRandom(9);
        Instant started;
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = new RunControl(store, writer, () -> "", "t");
            started = runs.start("to be cut off", "t").start();
            for (int i = 0; i < 10; i++) {
                RunStoreTest.offer(writer.ingress(), RunStoreTest.randomWaveform(rnd, i), true);
            }
            RunStoreTest.Sent s = RunStoreTest.randomWaveform(rnd, 10);
            long t0 = (LAST_U32_SECOND - 1) * 1_000_000_000L;
            RunStoreTest.offer(writer.ingress(), new RunStoreTest.Sent(s.source(), s.queue(), s.seq(), s.fiber(), s.fen(), s.channel(),
                    s.channelId(), s.flags(), s.bits(), s.pre(), t0, t0 + 1_000_000, s.samples()), true);
            Await.until("11 waveforms stored", () -> writer.counters().waveforms() == 11);
            // the writer ends without a stop: the run stays RUNNING with no stop record, as a kill -9 leaves it
        }
        Instant crashed = Instant.now();
        assertEquals(RunInfo.State.RUNNING, store.run(1).orElseThrow().state());
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = new RunControl(store, writer, () -> "", "t");
            List<RunInfo> recovered = runs.recovered();
            assertEquals(1, recovered.size());
            RunInfo r = recovered.get(0);
            assertEquals(RunInfo.State.ABORTED, r.state());
            assertEquals(11, r.waveforms());
            assertFalse(r.stop().isBefore(started), "stop " + r.stop() + " not before the start " + started);
            assertFalse(r.stop().isAfter(crashed), "stop " + r.stop() + " not after the crash " + crashed + " (the readout said 2106)");
            assertEquals(r, store.run(1).orElseThrow());
            assertEquals("aborted", r.stopReason());
        }
    }
}
