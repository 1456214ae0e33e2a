package eu.ess.cevns.analysis.export;

import eu.ess.cevns.analysis.monitor.AnalysisSummary;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * CSV export: a folder with, per run, {@code run<N>_events.csv}, {@code run<N>_pulses.csv} and
 * {@code run<N>_metadata.csv}; every file starts with a header line naming the columns with their
 * units in brackets.
 */
final class CsvWriter {
    private CsvWriter() {
    }

    static void write(Path folder, List<RunExport.RunData> runs) throws IOException {
        Files.createDirectories(folder);
        for (RunExport.RunData d : runs) {
            EventTable t = d.table();
            try (BufferedWriter w = Files.newBufferedWriter(folder.resolve("run" + d.run() + "_events.csv"), StandardCharsets.UTF_8)) {
                w.write("pulse_t0[ns],time_since_t0[ns],channel,energy[keVee],energy[keVnr],pulse_shape,window,pulse_state\n");
                for (int i = 0; i < t.events; i++) {
                    w.write(String.format(Locale.ROOT, "%d,%d,%d,%.6g,%.6g,%.6g,%d,%d%n", t.pulseT0Ns[i], t.timeOffsetNs[i],
                            t.channel[i], t.keVee[i], t.keVnr[i], t.shape[i], t.window[i], t.state[i]));
                }
            }
            try (BufferedWriter w = Files.newBufferedWriter(folder.resolve("run" + d.run() + "_pulses.csv"), StandardCharsets.UTF_8)) {
                w.write("t0[ns],proton_charge[uC],beam_state\n");
                for (int i = 0; i < t.pulses; i++) {
                    w.write(String.format(Locale.ROOT, "%d,%.6f,%d%n", t.pulseT0[i], t.chargeUc[i], t.pulseState[i]));
                }
            }
            AnalysisSummary s = d.summary();
            AnalysisSummary.Exposure exposure = s.exposure();
            AnalysisSummary.Excess excess = s.excess();
            try (BufferedWriter w = Files.newBufferedWriter(folder.resolve("run" + d.run() + "_metadata.csv"), StandardCharsets.UTF_8)) {
                w.write("key,value,unit\n");
                row(w, "run_number", d.run(), "");
                row(w, "state", d.info().state(), "");
                row(w, "partial", d.info().state() == eu.ess.cevns.daq.store.RunInfo.State.RUNNING, "");
                row(w, "aborted", d.info().state() == eu.ess.cevns.daq.store.RunInfo.State.ABORTED || d.analysis().aborted(), "");
                row(w, "start_time", d.info().start(), "");
                row(w, "end_time", d.info().stop(), "");
                row(w, "software_version", d.softwareVersion(), "");
                row(w, "pot", exposure.pot(), "protons");
                row(w, "on_live_time", exposure.onLiveS(), "s");
                row(w, "off_live_time", exposure.offLiveS(), "s");
                row(w, "beam_off_live_time", exposure.beamOffLiveS(), "s");
                row(w, "alpha", excess.alpha(), "");
                row(w, "on_counts", s.counts().on(), "");
                row(w, "off_counts", s.counts().off(), "");
                row(w, "beam_off_counts", s.counts().beamOff(), "");
                row(w, "excess", excess.value(), "");
                row(w, "excess_error", excess.error(), "");
                row(w, "significance", excess.significance(), "sigma");
                row(w, "expected", excess.expected(), "");
                row(w, "pulses_on", exposure.pulsesOn(), "");
                row(w, "pulses_off", exposure.pulsesOff(), "");
                row(w, "pulses_unknown", exposure.pulsesUnknown(), "");
                row(w, "config_changes", d.analysis().configChanges().size(), "");
            }
        }
    }

    private static void row(BufferedWriter w, String key, Object value, String unit) {
        try {
            String v = value instanceof Double x ? Double.toString(x) : String.valueOf(value);
            w.write(key + "," + v.replace(",", ";") + "," + unit + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
