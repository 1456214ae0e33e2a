package eu.ess.cevns.analysis.bench;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.analysis.export.RunExport;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoreWriter;
import eu.ess.cevns.daq.timing.BeamCounters;
import eu.ess.cevns.daq.timing.BeamState;
import eu.ess.cevns.daq.timing.PulseJoin;
import eu.ess.cevns.daq.timing.PulseTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Export throughput: a run of {@code events} short waveforms (64 samples, so that 10 million fit
 * on the build machine's disk) over ON pulses, exported as HDF5 and as CSV; prints events/s and
 * MB/s of output. {@code -Dbench.events=N} (default 10 000 000); the suite smoke-runs 20 000.
 */
public final class ExportBenchmark {
    private ExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        run(Long.getLong("bench.events", 10_000_000L).intValue()).forEach(System.out::println);
    }

    public static List<String> run(int events) throws Exception {
        List<String> out = new ArrayList<>();
        Path dir = Files.createTempDirectory("export-bench");
        try {
            SiteConfig site = ConfigLoader.defaultSite(dir, "csi-cryogenic");
            PulseTable table = new PulseTable();
            PulseJoin join = new PulseJoin(table, site.timing(), () -> true, new BeamCounters());
            int samples = 64;
            ByteBuf buf = Unpooled.directBuffer(2 * samples);
            for (int i = 0; i < samples; i++) {
                buf.writeShortLE(1000 + (i > 16 ? 300 * (int) Math.exp(-(i - 16) / 10.0) : 0) + (i == 17 ? 300 : 0));
            }
            int perPulse = 100;
            long period = EssPulse.PERIOD_NS;
            long t0 = System.currentTimeMillis() * 1_000_000L - (long) (events / perPulse + 10) * period;
            long start = System.nanoTime();
            try (StoreWriter writer = new StoreWriter(64L << 20, 5_000_000_000L, join)) {
                RunControl runs = new RunControl(new RunStore(dir), writer, () -> RunConfigSnapshot.write(site), "bench");
                runs.start("export benchmark", "bench");
                Waveform w = new Waveform();
                for (int i = 0; i < events; i++) {
                    long pulse = t0 + (i / perPulse) * period;
                    if (i % perPulse == 0) {
                        table.add(pulse, 71.4, BeamState.ON);
                        writer.ingress().onPacketPulse(pulse);
                    }
                    writer.ingress().onWaveform(w.set(1, 0, i / perPulse, 0, 0, i & 15, i & 15, 0, 14, 16, samples, pulse,
                            pulse + (i % perPulse) * 700_000L, buf, 0));
                }
                while (writer.counters().waveforms() < events) {
                    Thread.sleep(5);
                }
                runs.stop("", "bench");
            }
            buf.release();
            out.add(String.format("run of %,d waveforms written in %.1f s", events, (System.nanoTime() - start) / 1e9));
            for (RunExport.Format f : RunExport.Format.values()) {
                Path target = dir.resolve("out." + f.name().toLowerCase());
                RunExport.Result r = RunExport.export(new RunStore(dir), List.of(1), f, target, RunExport.Filter.ALL, 0.3,
                        (run, n, total, kept, done) -> { });
                out.add(String.format("export %s: %,d events, %,d bytes in %.2f s = %,.0f events/s, %.1f MB/s", f, r.events(), r.bytes(),
                        r.seconds(), r.events() / r.seconds(), r.bytes() / 1e6 / r.seconds()));
            }
        } finally {
            RunExportCleanup.delete(dir);
        }
        return out;
    }

    /** Removes the benchmark's temporary run. */
    static final class RunExportCleanup {
        static void delete(Path dir) throws java.io.IOException {
            try (var s = Files.walk(dir)) {
                for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(x);
                }
            }
        }
    }
}
