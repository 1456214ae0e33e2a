package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.RunConfigSnapshot;
import com.sun.management.ThreadMXBean;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoreWriter;
import eu.ess.cevns.daq.store.StoredWaveform;
import eu.ess.cevns.daq.timing.BeamCounters;
import eu.ess.cevns.daq.timing.BeamState;
import eu.ess.cevns.daq.timing.PulseJoin;
import eu.ess.cevns.daq.timing.PulseTable;
import eu.ess.cevns.sim.WaveformSynth;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The analysis path allocates nothing per waveform: a stored run (ON, OFF and UNKNOWN pulses,
 * events in and out of the windows, some saturated) is analysed once to warm up (the oscilloscope
 * buffer's traces are allocated once per slot), then again, tapped by the same buffer as the live
 * analysis is, while the bytes the thread allocates inside each {@link RunAnalysis#onWaveform} are
 * measured. Interpreted or compiled by C1 the second pass allocates nothing at all; with C2 the
 * compiler's own work now and then allocates a few kilobytes once, inside whichever waveform it
 * happens (seen: one waveform of the run, 368 or 2488 bytes). So the test counts the waveforms
 * that allocated anything: an object per waveform, or per hundred, shows as tens or thousands.
 */
class RunAnalysisAllocationTest {
    static final int PULSES = 2000;
    static final int PER_PULSE = 2;

    @Test
    void analysingAStoredWaveformAllocatesNothing(@TempDir Path dir) throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        writeRun(dir);
        ScopeBuffer scope = new ScopeBuffer();
        analyse(dir, scope, threads);
        long[] measured = analyse(dir, scope, threads);
        assertEquals((long) PULSES * PER_PULSE, measured[1], "every waveform analysed");
        assertTrue(measured[2] <= 3, measured[2] + " of " + measured[1] + " waveforms allocated (" + measured[0] + " bytes in all)");
    }

    /** Analyses run 1; returns {bytes allocated inside onWaveform, waveforms, waveforms during which anything was allocated}. */
    static long[] analyse(Path dir, ScopeBuffer scope, ThreadMXBean threads) {
        RunAnalysis analysis = new RunAnalysis(0.3).tap(scope);
        long[] out = new long[3];
        RecordVisitor measuring = new RecordVisitor() {
            @Override
            public void onRunStart(int run, Instant start, String software, String who, String comment, String config) {
                analysis.onRunStart(run, start, software, who, comment, config);
            }

            @Override
            public void onPulse(long t0Ns, double chargeUc, int beamState) {
                analysis.onPulse(t0Ns, chargeUc, beamState);
            }

            @Override
            public void onWaveform(StoredWaveform w) {
                long before = threads.getCurrentThreadAllocatedBytes();
                analysis.onWaveform(w);
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                out[0] += allocated;
                out[1]++;
                if (allocated > 0) {
                    out[2]++;
                }
            }
        };
        try (RunReader r = new RunStore(dir).openReader(1)) {
            r.drain(measuring);
        }
        AnalysisSummary s = analysis.summary();
        assertTrue(s.counts().on() > 0 && s.counts().off() > 0 && s.counts().beamOff() > 0 && s.counts().unknown() > 0,
                "every class of event was there: " + s.counts());
        assertTrue(s.quality().saturated() > 0, "and the saturation cut: " + s.quality());
        return out;
    }

    static void writeRun(Path dir) throws Exception {
        SiteConfig site = ConfigLoader.defaultSite(dir, "csi-cryogenic");
        DetectorConfig d = site.detector();
        DigitizerConfig dig = d.digitizers().get(0);
        PulseTable table = new PulseTable();
        WaveformSynth synth = new WaveformSynth(d.pulseShape(), dig, new SplittableRandom(5));
        SplittableRandom rnd = new SplittableRandom(6);
        short[] s = new short[dig.recordLength()];
        ByteBuf buf = Unpooled.directBuffer(2 * s.length);
        long t0 = System.currentTimeMillis() * 1_000_000L - (PULSES + 10L) * EssPulse.PERIOD_NS;
        try (StoreWriter writer = new StoreWriter(32 << 20, 1_000_000_000L, new PulseJoin(table, site.timing(), () -> true, new BeamCounters()))) {
            RunControl runs = new RunControl(new RunStore(dir), writer, () -> RunConfigSnapshot.write(site), "test");
            runs.start("allocation", "test");
            for (int p = 0; p < PULSES; p++) {
                long pulse = t0 + p * EssPulse.PERIOD_NS;
                BeamState state = p % 10 == 9 ? BeamState.OFF : p % 10 == 8 ? BeamState.UNKNOWN : BeamState.ON;
                table.add(pulse, state == BeamState.ON ? 71.4 : state == BeamState.OFF ? 0 : Double.NaN, state);
                writer.ingress().onPacketPulse(pulse);
                for (int e = 0; e < PER_PULSE; e++) {
                    synth.fill(e == 0 && p % 50 == 0 ? 20_000 : 30 + 500 * rnd.nextDouble(), s);
                    buf.clear();
                    for (short v : s) {
                        buf.writeShortLE(v);
                    }
                    // one event early in the period (the on window), one anywhere (the off window now and then)
                    long since = e == 0 ? rnd.nextLong(2_800_000) : rnd.nextLong(EssPulse.PERIOD_NS);
                    int ch = rnd.nextInt(16);
                    writer.ingress().onWaveform(new Waveform().set(1, 0, p, 0, 0, ch, ch, 0, 14, dig.preTrigger(), s.length, pulse,
                            pulse + since, buf, 0));
                }
            }
            // stopping drains the ring into the run first
            runs.stop("", "test");
        } finally {
            buf.release();
        }
    }
}
