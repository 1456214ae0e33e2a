package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.TestSites;
import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoreIngress;
import eu.ess.cevns.daq.store.StoreWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The live analysis's lag is measured against the run store over real Chronicle files: the backlog
 * in records and the data time between the newest stored waveform and the newest analysed, both 0
 * once it has caught up, and still 0 while the detector is silent (a lag that grew with the wall
 * clock would raise the lag alarm on a quiet detector).
 */
class LiveAnalysisLagTest {
    static final long T0_NS = System.currentTimeMillis() * 1_000_000L;
    /** One ESS pulse period, ns (DESIGN §4: 14 Hz). */
    static final long PERIOD_NS = 71_428_571;

    /** A channel the test site's detector configures, so that the analysis processes its waveforms. */
    static int channelId(Path data) {
        return TestSites.site(data).detector().digitizers().get(0).channels().get(0).id();
    }

    static void waveform(StoreIngress ingress, int i, int channelId) {
        ByteBuf samples = Unpooled.directBuffer(64);
        for (int k = 0; k < 32; k++) {
            samples.writeShortLE(100);
        }
        long t0 = T0_NS + i * PERIOD_NS;
        ingress.onWaveform(new Waveform().set(1, 0, i, 0, 0, 0, channelId, 0, 14, 4, 32, t0, t0 + 10_000, samples, 0));
        samples.release();
    }

    RunControl runs(RunStore store, StoreWriter writer, Path data) {
        String config = RunConfigSnapshot.write(TestSites.site(data));
        return new RunControl(store, writer, () -> config, "test");
    }

    @Test
    void theBacklogAndTheDataTimeLagCountWhatIsStoredAndNotYetRead(@TempDir Path data) throws Exception {
        RunStore store = new RunStore(data);
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = runs(store, writer, data);
            int id = channelId(data);
            runs.start("lag", "test");
            for (int i = 0; i < 100; i++) {
                waveform(writer.ingress(), i, id);
            }
            Await.until("100 waveforms stored", () -> writer.counters().waveforms() == 100);
            try (RunReader reader = store.openReader(1)) {
                RunAnalysis analysis = new RunAnalysis(null);
                assertEquals(101, reader.backlog(), "the run-start record and 100 waveforms");
                assertEquals(40, reader.drain(analysis, 40));
                assertEquals(61, reader.backlog());
                assertEquals(T0_NS + 99 * PERIOD_NS + 10_000, reader.newestWaveformNs());
                LiveAnalysis.Lag lag = LiveAnalysis.lag(reader, analysis);
                assertEquals(61, lag.backlog());
                // newest stored is waveform 99, newest analysed waveform 38: 61 pulse periods of data
                assertEquals(61 * PERIOD_NS / 1e6, lag.ms(), 1e-6);
                reader.drain(analysis);
                assertEquals(0, reader.backlog());
                assertEquals(LiveAnalysis.Lag.NONE, LiveAnalysis.lag(reader, analysis));
            }
            runs.stop("done", "test");
        }
    }

    @Test
    void aCaughtUpAnalysisShowsNoLagWhileTheDetectorIsSilent(@TempDir Path data) throws Exception {
        RunStore store = new RunStore(data);
        try (StoreWriter writer = new StoreWriter(1 << 20)) {
            RunControl runs = runs(store, writer, data);
            int id = channelId(data);
            int run = runs.start("silent", "test").number();
            try (LiveAnalysis live = new LiveAnalysis(store, () -> run, null).start()) {
                assertTrue(Double.isNaN(live.lagMs()) || live.lagMs() == 0);
                for (int i = 0; i < 50; i++) {
                    waveform(writer.ingress(), i, id);
                }
                Await.until("the analysis has read the 50 waveforms", () -> live.summary() != null
                        && live.summary().quality().waveforms() == 50 && live.backlog() == 0);
                assertEquals(0, live.lagMs());
                long caughtUpNs = System.nanoTime();
                // the detector is silent for 1.5 s: the wall clock moves on, the data does not
                Await.until("1.5 s of silence", Duration.ofSeconds(10), () -> System.nanoTime() - caughtUpNs > 1_500_000_000L);
                AnalysisStatus s = live.status();
                assertEquals(0, s.lagMs(), "no lag: nothing stored waits for the analysis");
                assertEquals(0, s.backlog());
            }
            runs.stop("done", "test");
        }
    }
}
