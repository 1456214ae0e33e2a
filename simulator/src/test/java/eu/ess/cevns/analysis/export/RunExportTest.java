package eu.ess.cevns.analysis.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.EventHistograms;
import eu.ess.cevns.analysis.monitor.RunAnalysis;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.daq.store.StoreWriter;
import eu.ess.cevns.daq.timing.BeamCounters;
import eu.ess.cevns.daq.timing.BeamState;
import eu.ess.cevns.daq.timing.PulseJoin;
import eu.ess.cevns.daq.timing.PulseTable;
import eu.ess.cevns.sim.WaveformSynth;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Export of a real run (store, pulse join, Chronicle files), read back by independent readers:
 * Debian's h5py for HDF5 (a separate Python process) and a plain parser for CSV; the whole run's
 * numbers must equal what the analysis of the same run gives, and with a selection the counts and
 * exposure must describe exactly the events in the file. The run records a boost, so that its
 * expectation is large enough to fit, and the documented h5py example refits μ from the file alone.
 */
class RunExportTest {
    static Path data;
    static AnalysisSummary analysed;

    @BeforeAll
    static void makeRun(@TempDir Path dir) throws Exception {
        data = dir;
        // 60 pulses of 71.4 µC are 2.7e16 protons: a boost of 1e5 makes the expectation about 80 events, enough to fit
        SiteConfig site = ConfigLoader.defaultSite(dir, "csi-cryogenic").withExpectation(new ExpectationInputs(0.3, 1e5));
        DetectorConfig d = site.detector();
        DigitizerConfig dig = d.digitizers().get(0);
        PulseTable table = new PulseTable();
        PulseJoin join = new PulseJoin(table, site.timing(), () -> true, new BeamCounters());
        WaveformSynth synth = new WaveformSynth(d.pulseShape(), dig, new SplittableRandom(3));
        short[] s = new short[dig.recordLength()];
        ByteBuf buf = Unpooled.directBuffer(2 * s.length);
        SplittableRandom rnd = new SplittableRandom(4);
        long t0 = System.currentTimeMillis() * 1_000_000L - 100 * EssPulse.PERIOD_NS;
        try (StoreWriter writer = new StoreWriter(16 << 20, 1_000_000_000L, join)) {
            RunControl runs = new RunControl(new RunStore(dir), writer, () -> RunConfigSnapshot.write(site), "test");
            runs.start("export", "test");
            for (int p = 0; p < 60; p++) {
                if (p == 30) {
                    // half way through, as an expert would from the page: the run records it
                    assertTrue(writer.ingress().submitConfigChange("expert", "Ch2:Threshold", "1.0", "1.5"));
                }
                long pulse = t0 + p * EssPulse.PERIOD_NS;
                table.add(pulse, p % 10 == 9 ? 0 : 71.4, p % 10 == 9 ? BeamState.OFF : BeamState.ON);
                writer.ingress().onPacketPulse(pulse);
                for (int e = 0; e < 6; e++) {
                    synth.fill(30 + 500 * rnd.nextDouble(), s);
                    buf.clear();
                    for (short v : s) {
                        buf.writeShortLE(v);
                    }
                    // half the events early in the period (on window), half anywhere
                    long since = e % 2 == 0 ? rnd.nextLong(2_800_000) : rnd.nextLong(EssPulse.PERIOD_NS);
                    int ch = rnd.nextInt(16);
                    writer.ingress().onWaveform(new Waveform().set(1, 0, p, 0, 0, ch, ch, 0, 14, dig.preTrigger(), s.length, pulse,
                            pulse + since, buf, 0));
                }
            }
            Await.until("the 360 waveforms written stored", Duration.ofSeconds(5), () -> writer.counters().waveforms(), n -> n >= 360);
            runs.stop("", "test");
        }
        buf.release();
        RunAnalysis a = new RunAnalysis();
        try (RunReader r = new RunStore(dir).openReader(1)) {
            r.drain(a);
        }
        a.fit();
        analysed = a.summary();
        assertEquals(360, analysed.quality().waveforms());
    }

    static String python(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "python3 (with Debian's python3-h5py) failed:\n" + out);
        return out.strip();
    }

    @Test
    void hdf5ReadBackWithH5pyHoldsTheEventsPulsesAndTheExposureOfTheAnalysis(@TempDir Path out) throws Exception {
        Path file = out.resolve("run1.h5");
        RunExport.Result r = RunExport.export(new RunStore(data), List.of(1), RunExport.Format.HDF5, file, RunExport.Filter.ALL, null,
                (run, n, total, kept, done) -> { });
        assertEquals(1, r.runs().size());
        assertTrue(Files.size(file) > 0);
        assertEquals(List.of(file), Files.list(out).toList(), "no temporary file left beside it");
        // the HDF5 library's own tool reads it too
        Process dump = new ProcessBuilder("h5dump", "-H", file.toString()).redirectErrorStream(true).start();
        String header = new String(dump.getInputStream().readAllBytes());
        assertEquals(0, dump.waitFor(), header);
        assertTrue(header.contains("GROUP \"entry\"") && header.contains("DATASET \"event_time_offset\""), header);
        String got = python("""
                import h5py, numpy as np
                f = h5py.File('%s', 'r'); e = f['entry']; ev = e['events']
                idx = ev['event_index'][:]; zero = ev['event_time_zero'][:]; t0 = np.repeat(zero, np.diff(np.append(idx, len(ev['event_id']))))
                assert (np.diff(zero) > 0).all(), 'pulses ordered'
                win = ev['window'][:]
                print(e.attrs['NX_class'].decode(), ev.attrs['NX_class'].decode(), e.attrs['run_number'], e.attrs['state'].decode(),
                      len(ev['event_id']), int((win == 1).sum()), int((win == 2).sum()), int((win == 3).sum()),
                      len(e['pulses/t0']), int((e['pulses/beam_state'][:] == 1).sum()), repr(float(e['exposure/pot'][0])),
                      repr(float(e['exposure/alpha'][0])), repr(float(e['exposure/excess'][0])), ev['event_time_offset'].attrs['units'].decode(),
                      e['pulses/proton_charge'].attrs['units'].decode(), int(e['histograms/energy_on'][:].sum()), len(t0),
                      int(((win == 1) & (ev['energy_keVnr'][:] < %s)).sum()))
                """.formatted(file, EventHistograms.ENERGY_MAX_KEVNR));
        String[] v = got.split(" ");
        assertEquals("NXentry", v[0]);
        assertEquals("NXevent_data", v[1]);
        assertEquals("1", v[2]);
        assertEquals("STOPPED", v[3]);
        long accepted = analysed.quality().accepted();
        assertEquals(accepted, Long.parseLong(v[4]), "every accepted event exported");
        assertEquals(analysed.counts().on(), Long.parseLong(v[5]));
        assertEquals(analysed.counts().off(), Long.parseLong(v[6]));
        assertEquals(analysed.counts().beamOff(), Long.parseLong(v[7]));
        assertEquals(60, Long.parseLong(v[8]));
        assertEquals(analysed.exposure().pulsesOn(), Long.parseLong(v[9]));
        assertEquals(analysed.exposure().pot(), Double.parseDouble(v[10]), 0.0, "POT exactly as analysed");
        assertEquals(analysed.excess().alpha(), Double.parseDouble(v[11]), 0.0);
        assertEquals(analysed.excess().value(), Double.parseDouble(v[12]), 0.0);
        assertEquals("ns", v[13]);
        assertEquals("uC", v[14]);
        assertEquals(Long.parseLong(v[17]), Long.parseLong(v[15]), "the on-window histogram holds the on-window events in its range");
        assertEquals(accepted, Long.parseLong(v[16]), "event_index covers every event");

        // NeXus: a class on every group, the definition, the units spelled out; the fit and the configuration as data
        String layout = python("""
                import h5py
                e = h5py.File('%s', 'r')['entry']
                missing = []
                e.visititems(lambda name, o: missing.append(name) if isinstance(o, h5py.Group) and 'NX_class' not in o.attrs else None)
                print('missing:' + ','.join(missing), e['definition'][0].decode(), e['events/energy_keVee'].attrs['units'].decode(),
                      e['events/energy_keVnr'].attrs['units'].decode(), e['fit'].attrs['status'].decode(), repr(float(e['fit/mu'][0])),
                      e['config/detector'].attrs['name'].decode(), int(e['config/change_log'].attrs['count']),
                      e['config/change_log/what'][0].decode(), e['config/change_log/new_value'][0].decode(),
                      repr(float(e['config/channels/threshold_at_end'][2])), repr(float(e['config/expectation/boost'][0])),
                      e['selection'].attrs['channels'].decode(), repr(float(e['reach/events'][0])), len(e['reach/nucleus']))
                """.formatted(file));
        String[] l = layout.split(" ");
        assertEquals("missing:", l[0], "every group has its NX_class");
        assertEquals("NXcevns_daq", l[1]);
        assertEquals("keVee", l[2]);
        assertEquals("keVnr", l[3]);
        assertEquals("ok", l[4]);
        assertEquals(analysed.fit().mu(), Double.parseDouble(l[5]), 0.0, "the fit as analyze gives it");
        assertEquals("csi-cryogenic", l[6]);
        assertEquals("1", l[7], "the run's one config change");
        assertEquals("Ch2:Threshold", l[8]);
        assertEquals("1.5", l[9]);
        assertEquals(1.5, Double.parseDouble(l[10]), "the threshold in force at the end");
        assertEquals(1e5, Double.parseDouble(l[11]), "the expectation inputs");
        assertEquals("all", l[12]);
        assertTrue(Double.parseDouble(l[13]) > 0, "the run's reach");
        assertEquals("2", l[14], "Cs133 and I127");

        // the documented example refits μ from the file alone (numpy and h5py) and gets analyze's value
        Process refit = new ProcessBuilder("/usr/bin/python3", REFIT.toString(), file.toString()).redirectErrorStream(true).start();
        String said = new String(refit.getInputStream().readAllBytes());
        assertTrue(refit.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, refit.exitValue(), said);
        assertTrue(said.contains(String.format(Locale.ROOT, "mu = %.4f", analysed.fit().mu())), said);
    }

    /** src/site/notebooks/refit_mu.py, from the simulator module's folder where the tests run. */
    static final Path REFIT = Path.of("../src/site/notebooks/refit_mu.py");

    @Test
    void withASelectionTheCountsAndTheExpectationAreThoseOfTheEventsInTheFile(@TempDir Path out) throws Exception {
        Path file = out.resolve("sel.h5");
        RunExport.Filter f = new RunExport.Filter(1, 40, Set.of(0, 1, 2, 3));
        RunExport.Result r = RunExport.export(new RunStore(data), List.of(1), RunExport.Format.HDF5, file, f, null,
                (run, n, total, kept, done) -> { });
        RunExport.Selection sel = r.runs().get(0).selection();
        String got = python("""
                import h5py, numpy as np
                e = h5py.File('%s', 'r')['entry']; ev = e['events']
                w = ev['window'][:]; ch = ev['event_id'][:]; nr = ev['energy_keVnr'][:]
                assert set(ch) <= {0, 1, 2, 3} and nr.min() >= 1 and nr.max() <= 40
                x = lambda k: float(e['exposure/' + k][0])
                print(int((w == 1).sum()), int((w == 2).sum()), int((w == 3).sum()), int(x('on_counts')), int(x('off_counts')),
                      int(x('beam_off_counts')), repr(x('mass_share')), repr(x('expected')), int(float(e['analysis/on_counts'][0])),
                      e['selection'].attrs['channels'].decode(), repr(float(e['selection/energy_min'][0])), repr(float(e['selection/energy_max'][0])))
                """.formatted(file));
        String[] v = got.split(" ");
        assertEquals(v[0], v[3], "exposure/on_counts counts the on-window events in the file");
        assertEquals(v[1], v[4]);
        assertEquals(v[2], v[5]);
        assertEquals(sel.on(), Long.parseLong(v[0]));
        assertTrue(sel.on() < analysed.counts().on(), "a quarter of the channels hold fewer events than the run");
        assertEquals(0.25, Double.parseDouble(v[6]), 1e-12, "4 of 16 channels");
        double expected = Double.parseDouble(v[7]);
        assertTrue(expected > 0 && expected < 0.25 * analysed.excess().expected(), "the expectation of 4 channels in 1-40 keVnr: " + expected);
        assertEquals(analysed.counts().on(), Long.parseLong(v[8]), "the whole run beside it, as analyze");
        assertEquals("0,1,2,3", v[9]);
        assertEquals(1.0, Double.parseDouble(v[10]));
        assertEquals(40.0, Double.parseDouble(v[11]));
    }

    @Test
    void anExistingFileIsKeptUnlessForcedAMissingRunIsReportedAndTheOthersExported(@TempDir Path out) throws Exception {
        RunStore store = new RunStore(data);
        Path file = out.resolve("runs.h5");
        RunExport.Result r = RunExport.export(store, List.of(1, 7), RunExport.Format.HDF5, file, RunExport.Filter.ALL, null,
                (run, n, total, kept, done) -> { });
        assertEquals(List.of(1), r.runs().stream().map(RunExport.Exported::run).toList());
        assertEquals(1, r.skipped().size());
        assertEquals(7, r.skipped().get(0).run());
        assertTrue(r.skipped().get(0).reason().startsWith("no run 7 in "), r.skipped().get(0).reason());
        long size = Files.size(file);
        IOException exists = assertThrows(IOException.class, () -> RunExport.export(store, List.of(1), RunExport.Format.CSV, file,
                RunExport.Filter.ALL, null, (run, n, total, kept, done) -> { }));
        assertEquals(file + " exists; give --force to replace it", exists.getMessage());
        assertEquals(size, Files.size(file), "left as it was");
        RunExport.export(store, List.of(1), RunExport.Format.CSV, file, RunExport.Filter.ALL, null, new RunExport.Options(true, false),
                (run, n, total, kept, done) -> { });
        assertTrue(Files.isDirectory(file), "replaced when forced: now the CSV folder");
    }

    @Test
    void goodOnlyHonoursTheQualityFlagOfRunJsonAndExportsUnflaggedRuns(@TempDir Path out) throws Exception {
        RunStore store = new RunStore(data);
        Path json = store.runDir(1).resolve("run.json");
        String original = Files.readString(json);
        try {
            RunExport.Options goodOnly = new RunExport.Options(true, true);
            RunExport.Result unflagged = RunExport.export(store, List.of(1), RunExport.Format.HDF5, out.resolve("a.h5"), RunExport.Filter.ALL,
                    null, goodOnly, (run, n, total, kept, done) -> { });
            assertNull(unflagged.runs().get(0).quality(), "a run without a flag is not flagged, and exported");
            assertEquals("not flagged", python("import h5py; print(h5py.File('%s', 'r')['entry'].attrs['quality_flag'].decode())"
                    .formatted(out.resolve("a.h5"))));
            // the flag as issue 12 writes it into run.json
            flag(json, original, "bad", "HV trip at 14:02");
            IOException none = assertThrows(IOException.class, () -> RunExport.export(store, List.of(1), RunExport.Format.HDF5,
                    out.resolve("b.h5"), RunExport.Filter.ALL, null, goodOnly, (run, n, total, kept, done) -> { }));
            assertTrue(none.getMessage().contains("run 1: flagged bad (HV trip at 14:02) by shift-leader"), none.getMessage());
            assertFalse(Files.exists(out.resolve("b.h5")));
            RunExport.Result all = RunExport.export(store, List.of(1), RunExport.Format.HDF5, out.resolve("c.h5"), RunExport.Filter.ALL, null,
                    new RunExport.Options(false, false), (run, n, total, kept, done) -> { });
            assertEquals("bad", all.runs().get(0).quality().flag(), "without --good-only a bad run goes out, flag and all");
            flag(json, original, "good", "");
            RunExport.Result good = RunExport.export(store, List.of(1), RunExport.Format.CSV, out.resolve("d"), RunExport.Filter.ALL, null,
                    goodOnly, (run, n, total, kept, done) -> { });
            assertTrue(good.runs().get(0).quality().good());
            assertTrue(Files.readString(out.resolve("d/run1_metadata.csv")).contains("quality_flag,good,"));
        } finally {
            Files.writeString(json, original);
        }
    }

    static void flag(Path json, String original, String flag, String reason) throws IOException {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = (ObjectNode) m.readTree(original);
        o.putObject("quality").put("flag", flag).put("reason", reason).put("who", "shift-leader").put("time", "2026-12-01T14:05:00Z");
        Files.writeString(json, m.writeValueAsString(o));
    }

    @Test
    void rawWaveformsGoAlongWhenAsked(@TempDir Path out) throws Exception {
        Path file = out.resolve("w.h5");
        RunExport.export(new RunStore(data), List.of(1), RunExport.Format.HDF5, file,
                new RunExport.Filter(0, Double.POSITIVE_INFINITY, Set.of(), true), null, (run, n, total, kept, done) -> { });
        String got = python(("import h5py; ev = h5py.File('%s', 'r')['entry/events']; w = ev['waveforms']; "
                + "print(w.shape[0] == len(ev['event_id']), w.shape[1], int(ev['waveform_length'][0]), int(w[0][:256].mean()))").formatted(file));
        String[] v = got.split(" ");
        assertEquals("True", v[0], "one waveform per event");
        assertEquals("1024", v[1], "csi-cryogenic records are 1024 samples");
        assertEquals("1024", v[2]);
        // the pre-trigger samples sit at the simulated baseline of 1000 ADC counts
        assertEquals(1000, Integer.parseInt(v[3]), 2);
    }

    @Test
    void csvFilesParseBackToTheSameEventsAndExposure(@TempDir Path out) throws Exception {
        Path folder = out.resolve("run1-csv");
        RunExport.Result r = RunExport.export(new RunStore(data), List.of(1), RunExport.Format.CSV, folder,
                new RunExport.Filter(0, Double.POSITIVE_INFINITY, Set.of(0, 1, 2, 3)), null, (run, n, total, kept, done) -> { });
        List<String> lines = Files.readAllLines(folder.resolve("run1_events.csv"));
        List<String> block = lines.stream().takeWhile(x -> x.startsWith("#")).toList();
        List<String> events = lines.subList(block.size(), lines.size());
        assertTrue(block.get(1).startsWith("# selection: accepted events of channels [0, 1, 2, 3], 0.0 to Infinity keVnr"), block.get(1));
        assertTrue(block.stream().anyMatch(x -> x.startsWith("# detector: csi-cryogenic")), String.join("\n", block));
        assertTrue(block.stream().anyMatch(x -> x.startsWith("# channel 2 (csi-adc0 ch 2): enabled, threshold 1.0 keVnr at start, 1.5 at end")),
                String.join("\n", block));
        assertTrue(block.stream().anyMatch(x -> x.matches("# change \\S+ expert: Ch2:Threshold 1.0 -> 1.5")), String.join("\n", block));
        assertEquals("pulse_t0[ns],time_since_t0[ns],channel,energy[keVee],energy[keVnr],pulse_shape,window,pulse_state", events.get(0));
        long on = 0;
        for (String line : events.subList(1, events.size())) {
            String[] c = line.split(",");
            int ch = Integer.parseInt(c[2]);
            assertTrue(ch >= 0 && ch <= 3, "channel filter: " + line);
            on += c[6].equals("1") ? 1 : 0;
        }
        assertEquals(61, Files.readAllLines(folder.resolve("run1_pulses.csv")).size(), "header and 60 pulses");
        String meta = Files.readString(folder.resolve("run1_metadata.csv"));
        assertTrue(meta.contains("on_counts," + on + ","), "the counts of the events in the file: " + meta);
        assertEquals(r.runs().get(0).selection().on(), on);
        assertTrue(meta.contains("run_on_counts," + analysed.counts().on() + ","), "and the whole run's: " + meta);
        assertTrue(meta.contains("run_excess," + analysed.excess().value() + ","), meta);
        assertTrue(meta.contains("selection_channels,0 1 2 3,"), meta);
        assertTrue(meta.contains("aborted,false,"), meta);
        List<String> changes = Files.readAllLines(folder.resolve("run1_config_changes.csv"));
        assertEquals("time[ISO-8601 UTC],who,what,old_value,new_value", changes.get(0));
        assertTrue(changes.get(1).endsWith(",expert,Ch2:Threshold,1.0,1.5"), changes.get(1));
    }

    @Test
    void aRunStillBeingWrittenIsMarkedPartialAndAnAbortedRunSaysSo(@TempDir Path out) throws Exception {
        RunStore store = new RunStore(data);
        RunInfo stopped = store.run(1).orElseThrow();
        try {
            store.writeRunInfo(new RunInfo(1, RunInfo.State.RUNNING, stopped.start(),
                    null, stopped.comment(), 0, 0, 0, ""));
            RunExport.Result partial = RunExport.export(store, List.of(1), RunExport.Format.CSV, out.resolve("p"), RunExport.Filter.ALL,
                    0.3, (run, n, total, kept, done) -> { });
            assertTrue(partial.runs().get(0).partial());
            assertTrue(Files.readString(out.resolve("p/run1_metadata.csv")).contains("partial,true,"));
            store.writeRunInfo(new RunInfo(1, RunInfo.State.ABORTED, stopped.start(),
                    stopped.stop(), stopped.comment(), stopped.waveforms(), stopped.pulses(), 0, "aborted"));
            Path h5 = out.resolve("a.h5");
            RunExport.Result aborted = RunExport.export(store, List.of(1), RunExport.Format.HDF5, h5, RunExport.Filter.ALL, 0.3, (run, n, total, kept, done) -> { });
            assertTrue(aborted.runs().get(0).aborted());
            assertEquals("1 ABORTED", python("import h5py; e = h5py.File('%s', 'r')['entry']; print(e.attrs['aborted'], e.attrs['state'].decode())"
                    .formatted(h5)));
        } finally {
            store.writeRunInfo(stopped);
        }
    }

    @Test
    void badRequestsFailClearlyAndLeaveNothingBehind(@TempDir Path out) throws Exception {
        RunStore store = new RunStore(data);
        IOException unknown = assertThrows(IOException.class, () -> RunExport.export(store, List.of(99), RunExport.Format.HDF5,
                out.resolve("x.h5"), RunExport.Filter.ALL, 0.3, (run, n, total, kept, done) -> { }));
        assertTrue(unknown.getMessage().contains("no run 99"), unknown.getMessage());
        IOException noFolder = assertThrows(IOException.class, () -> RunExport.export(store, List.of(1), RunExport.Format.HDF5,
                out.resolve("missing/x.h5"), RunExport.Filter.ALL, 0.3, (run, n, total, kept, done) -> { }));
        assertTrue(noFolder.getMessage().contains("does not exist"), noFolder.getMessage());
        Path readOnly = Files.createDirectory(out.resolve("ro"));
        assertTrue(readOnly.toFile().setWritable(false));
        if (!Files.isWritable(readOnly)) { // root may write anyway; the check is then meaningless
            IOException denied = assertThrows(IOException.class, () -> RunExport.export(store, List.of(1), RunExport.Format.CSV,
                    readOnly.resolve("x"), RunExport.Filter.ALL, 0.3, (run, n, total, kept, done) -> { }));
            assertTrue(denied.getMessage().contains("not writable"), denied.getMessage());
        }
        readOnly.toFile().setWritable(true);
        assertEquals(0, Files.list(readOnly).count());
        assertFalse(Files.exists(out.resolve("x.h5")));
    }
}
