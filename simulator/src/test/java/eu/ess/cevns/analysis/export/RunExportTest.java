package eu.ess.cevns.analysis.export;

import eu.ess.cevns.daq.Await;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.EventHistograms;
import eu.ess.cevns.analysis.monitor.RunAnalysis;
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
import eu.ess.cevns.daq.timing.BeamCounters;
import eu.ess.cevns.daq.timing.BeamState;
import eu.ess.cevns.daq.timing.PulseJoin;
import eu.ess.cevns.daq.timing.PulseTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Export of a real run (store, pulse join, Chronicle files), read back by independent readers:
 * Debian's h5py for HDF5 (a separate Python process) and a plain parser for CSV; the exposure and
 * counts must equal what the analysis of the same run gives.
 */
class RunExportTest {
    static Path data;
    static AnalysisSummary analysed;

    @BeforeAll
    static void makeRun(@TempDir Path dir) throws Exception {
        data = dir;
        SiteConfig site = ConfigLoader.defaultSite(dir, "csi-cryogenic");
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
        RunAnalysis a = new RunAnalysis(0.3);
        try (RunReader r = new RunStore(dir).openReader(1)) {
            r.drain(a);
        }
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
        RunExport.Result r = RunExport.export(new RunStore(data), List.of(1), RunExport.Format.HDF5, file, RunExport.Filter.ALL, 0.3,
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
    }

    @Test
    void rawWaveformsGoAlongWhenAsked(@TempDir Path out) throws Exception {
        Path file = out.resolve("w.h5");
        RunExport.export(new RunStore(data), List.of(1), RunExport.Format.HDF5, file,
                new RunExport.Filter(0, Double.POSITIVE_INFINITY, java.util.Set.of(), true), 0.3, (run, n, total, kept, done) -> { });
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
        RunExport.export(new RunStore(data), List.of(1), RunExport.Format.CSV, folder,
                new RunExport.Filter(0, Double.POSITIVE_INFINITY, java.util.Set.of(0, 1, 2, 3)), 0.3, (run, n, total, kept, done) -> { });
        List<String> events = Files.readAllLines(folder.resolve("run1_events.csv"));
        assertEquals("pulse_t0[ns],time_since_t0[ns],channel,energy[keVee],energy[keVnr],pulse_shape,window,pulse_state", events.get(0));
        for (String line : events.subList(1, events.size())) {
            int ch = Integer.parseInt(line.split(",")[2]);
            assertTrue(ch >= 0 && ch <= 3, "channel filter: " + line);
        }
        assertEquals(61, Files.readAllLines(folder.resolve("run1_pulses.csv")).size(), "header and 60 pulses");
        String meta = Files.readString(folder.resolve("run1_metadata.csv"));
        assertTrue(meta.contains("on_counts," + analysed.counts().on() + ","), meta);
        assertTrue(meta.contains("excess," + analysed.excess().value() + ","), meta);
        assertTrue(meta.contains("aborted,false,"), meta);
    }

    @Test
    void aRunStillBeingWrittenIsMarkedPartialAndAnAbortedRunSaysSo(@TempDir Path out) throws Exception {
        RunStore store = new RunStore(data);
        eu.ess.cevns.daq.store.RunInfo stopped = store.run(1).orElseThrow();
        try {
            store.writeRunInfo(new eu.ess.cevns.daq.store.RunInfo(1, eu.ess.cevns.daq.store.RunInfo.State.RUNNING, stopped.start(),
                    null, stopped.comment(), 0, 0, 0, ""));
            RunExport.Result partial = RunExport.export(store, List.of(1), RunExport.Format.CSV, out.resolve("p"), RunExport.Filter.ALL,
                    0.3, (run, n, total, kept, done) -> { });
            assertTrue(partial.runs().get(0).partial());
            assertTrue(Files.readString(out.resolve("p/run1_metadata.csv")).contains("partial,true,"));
            store.writeRunInfo(new eu.ess.cevns.daq.store.RunInfo(1, eu.ess.cevns.daq.store.RunInfo.State.ABORTED, stopped.start(),
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
