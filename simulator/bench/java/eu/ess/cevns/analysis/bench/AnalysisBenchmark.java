package eu.ess.cevns.analysis.bench;

import eu.ess.cevns.analysis.calib.EnergyScale;
import eu.ess.cevns.analysis.monitor.RunAnalysis;
import eu.ess.cevns.analysis.monitor.ScopeBuffer;
import eu.ess.cevns.analysis.pulse.PulseFeatures;
import eu.ess.cevns.analysis.pulse.PulseProcessor;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.sim.WaveformSynth;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoreWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Analysis speed: (a) pulse processing and calibration of 1024-sample waveforms on one core;
 * (b) the live analysis tailing a run while the store writer fills it as fast as it can, giving the
 * rate the analysis sustains and its lag behind the writer at the end. The target is that one core
 * analyses what ingest stores (the ingest benchmark: 341k–380k waveforms/s over TCP here) with
 * under a second of lag. {@code -Dbench.smoke=true} for a short run.
 */
public final class AnalysisBenchmark {
    private AnalysisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = Boolean.getBoolean("bench.smoke");
        run(smoke ? 20_000 : 400_000).forEach(System.out::println);
    }

    public static List<String> run(int waveforms) throws Exception {
        List<String> out = new ArrayList<>();
        DetectorConfig csi = ConfigLoader.shippedDetector("csi-cryogenic");
        DigitizerConfig dig = csi.digitizers().get(0);
        short[][] pool = new short[64][dig.recordLength()];
        WaveformSynth synth = new WaveformSynth(csi.pulseShape(), dig, new SplittableRandom(1));
        for (short[] s : pool) {
            synth.fill(20 + 1000 * new SplittableRandom(s.length).nextDouble(), s);
        }

        PulseProcessor p = new PulseProcessor(PulseProcessor.TriggerMethod.CONSTANT_FRACTION, 0.2, 10, 100, dig.samplingRateMHz(), dig.adcBits());
        EnergyScale scale = new EnergyScale(csi);
        PulseFeatures f = new PulseFeatures();
        ArraySamples samples = new ArraySamples(dig.preTrigger());
        double sink = 0;
        for (int i = 0; i < Math.min(waveforms, 50_000); i++) {
            p.process(samples.of(pool[i & 63]), f);
            sink += scale.keVnr(scale.keVee(i & 15, f.amplitudeAdc));
        }
        long t = System.nanoTime();
        for (int i = 0; i < waveforms; i++) {
            p.process(samples.of(pool[i & 63]), f);
            sink += scale.keVnr(scale.keVee(i & 15, f.amplitudeAdc));
        }
        double s = (System.nanoTime() - t) / 1e9;
        out.add(String.format("pulse processing + calibration, 1024 samples, one core: %,.0f waveforms/s (%,d in %.2f s)%s",
                waveforms / s, waveforms, s, sink > 0 ? "" : " (no result?)"));

        Path data = Files.createTempDirectory("analysis-bench");
        try {
            SiteConfig site = ConfigLoader.defaultSite(data, "csi-cryogenic");
            RunStore store = new RunStore(data);
            try (StoreWriter writer = new StoreWriter(64L << 20)) {
                RunControl runs = new RunControl(store, writer, () -> RunConfigSnapshot.write(site), "bench");
                runs.start("analysis benchmark", "bench");
                // tapped by the oscilloscope buffer, as the live analysis is
                RunAnalysis analysis = new RunAnalysis(0.3).tap(new ScopeBuffer());
                long[] done = new long[1];
                Thread tail = new Thread(() -> {
                    try (RunReader reader = store.openReader(1)) {
                        while (analysis.summary().quality().waveforms() < waveforms) {
                            if (reader.drain(analysis) == 0) {
                                Thread.onSpinWait();
                            }
                        }
                        done[0] = System.nanoTime();
                    }
                }, "bench-analysis");
                ByteBuf[] bufs = new ByteBuf[pool.length];
                for (int k = 0; k < pool.length; k++) {
                    bufs[k] = Unpooled.directBuffer(2 * dig.recordLength());
                    for (short v : pool[k]) {
                        bufs[k].writeShortLE(v);
                    }
                }
                Waveform w = new Waveform();
                long now = System.currentTimeMillis() * 1_000_000L;
                tail.start();
                long start = System.nanoTime();
                for (int i = 0; i < waveforms; i++) {
                    writer.ingress().onWaveform(w.set(1, 0, i, dig.fiber(), dig.fen(), i & 15, i & 15, 0, dig.adcBits(),
                            dig.preTrigger(), dig.recordLength(), now, now + 1000, bufs[i & 63], 0));
                }
                while (writer.counters().waveforms() < waveforms) {
                    Thread.onSpinWait();
                }
                long written = System.nanoTime();
                tail.join(120_000);
                for (ByteBuf b : bufs) {
                    b.release();
                }
                runs.stop("", "bench");
                double writeS = (written - start) / 1e9;
                double analysedS = (done[0] - start) / 1e9;
                out.add(String.format("store writer filled the run at %,.0f waveforms/s; the live analysis kept %,.0f waveforms/s"
                                + " and finished %.0f ms after the writer (lag at the end)", waveforms / writeS, waveforms / analysedS,
                        (done[0] - written) / 1e6));
            }
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                for (Path x : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(x);
                }
            } catch (IOException e) {
                out.add("(could not delete " + data + ": " + e + ")");
            }
        }
        return out;
    }

    /** A short[] as {@link PulseProcessor.Samples}. */
    private static final class ArraySamples implements PulseProcessor.Samples {
        private final int pre;
        private short[] s;

        ArraySamples(int pre) {
            this.pre = pre;
        }

        ArraySamples of(short[] samples) {
            this.s = samples;
            return this;
        }

        @Override
        public int count() {
            return s.length;
        }

        @Override
        public int preTrigger() {
            return pre;
        }

        @Override
        public int flags() {
            return 0;
        }

        @Override
        public short sample(int i) {
            return s[i];
        }
    }
}
