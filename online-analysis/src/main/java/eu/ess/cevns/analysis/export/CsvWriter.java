package eu.ess.cevns.analysis.export;

import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.ConfigChange;
import eu.ess.cevns.analysis.stats.SignalFit;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.Nucleus;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunQuality;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * CSV export: a folder with, per run, {@code run<N>_events.csv}, {@code run<N>_pulses.csv},
 * {@code run<N>_metadata.csv} and {@code run<N>_config_changes.csv}. The events file opens with a
 * header block of {@code #} lines (the selection, the configuration in force, every change with its
 * time; pandas reads past it with {@code comment='#'}), then a line naming the columns with their
 * units in brackets; the other files start with that line.
 */
final class CsvWriter {
    private CsvWriter() {
    }

    static void write(Path folder, List<RunExport.RunData> runs) throws IOException {
        Files.createDirectories(folder);
        for (RunExport.RunData d : runs) {
            EventTable t = d.table();
            try (BufferedWriter w = Files.newBufferedWriter(folder.resolve("run" + d.run() + "_events.csv"), StandardCharsets.UTF_8)) {
                headerBlock(w, d);
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
            try (BufferedWriter w = Files.newBufferedWriter(folder.resolve("run" + d.run() + "_config_changes.csv"), StandardCharsets.UTF_8)) {
                w.write("time[ISO-8601 UTC],who,what,old_value,new_value\n");
                for (ConfigChange c : d.analysis().configChangeRecords()) {
                    w.write(c.time() + "," + field(c.who()) + "," + field(c.what()) + "," + field(c.oldValue()) + "," + field(c.newValue()) + "\n");
                }
            }
            metadata(folder.resolve("run" + d.run() + "_metadata.csv"), d);
        }
    }

    /** The selection, the configuration in force and every change, as {@code # key: value} lines. */
    private static void headerBlock(BufferedWriter w, RunExport.RunData d) throws IOException {
        RunExport.Filter f = d.filter();
        RunExport.Selection s = d.selection();
        w.write("# cevns-daq export of run " + d.run() + " (" + d.info().state() + "); lines starting with # describe the events below\n");
        w.write("# selection: accepted events of channels " + (f.channels().isEmpty() ? "all" : f.channels().stream().sorted().toList())
                + ", " + f.minKeVnr() + " to " + f.maxKeVnr() + " keVnr\n");
        w.write(String.format(Locale.ROOT, "# these events: on %d, off %d, beam-off %d, other %d; excess %s ± %s; expected %s (CEvNS %s + BRN %s ± %s)"
                        + " for %.4g of the target mass%n", s.on(), s.off(), s.beamOff(), s.other(), num(s.excess()), num(s.excessError()),
                num(s.expected().total()), num(s.expected().cevns()), num(s.expected().brn()), num(s.expected().syst()), s.massShare()));
        DetectorConfig det = d.analysis().detector();
        if (det != null) {
            StringBuilder target = new StringBuilder();
            for (Nucleus n : det.target()) {
                target.append(target.length() == 0 ? "" : " ").append(n.symbol()).append(':').append(n.fraction());
            }
            w.write(String.format(Locale.ROOT, "# detector: %s (%s), %s kg at %s m, threshold %s keVnr, target %s, quenching %s%n", det.name(),
                    det.source(), det.massKg(), det.distanceM(), det.thresholdKeVnr(), target, det.quenching().model().name().toLowerCase()));
            w.write(String.format(Locale.ROOT, "# beam-related neutrons: %s per proton, %s per MWh, %s spectrum slope %s keVnr, delay %s us,"
                            + " normalisation ± %s; systematics: flux %s, quenching %s, form factor %s, threshold %s keVnr%n",
                    det.beamNeutrons().eventsPerProton(), det.beamNeutrons().eventsPerMWh(), det.beamNeutrons().spectrum().model().name().toLowerCase(),
                    det.beamNeutrons().spectrum().slopeKeVnr(), det.beamNeutrons().delayUs(), det.beamNeutrons().normUncertainty(),
                    det.systematics().fluxFraction(), det.systematics().quenchingFraction(), det.systematics().formFactorFraction(),
                    det.systematics().thresholdKeVnr()));
            double[] now = d.analysis().thresholdsKeVnr();
            for (DigitizerConfig g : det.digitizers()) {
                for (ChannelConfig ch : g.channels()) {
                    w.write(String.format(Locale.ROOT, "# channel %d (%s ch %d): %s, threshold %s keVnr at start, %s at end, gain %s keVee/ADC,"
                                    + " offset %s keVee%n", ch.id(), g.name(), ch.channel(), ch.enabled() ? "enabled" : "disabled",
                            ch.thresholdKeVnr(), now[ch.id()], ch.calibration().gainKeVeePerAdc(), ch.calibration().offsetKeVee()));
                }
            }
        }
        BeamWindows wnd = d.analysis().windows();
        if (wnd != null) {
            w.write(String.format(Locale.ROOT, "# windows at end (us after T0): on %s..%s, off %s..%s%n", wnd.onStartUs(), wnd.onEndUs(),
                    wnd.offStartUs(), wnd.offEndUs()));
        }
        AnalysisSummary.Expectation ex = d.summary().expectation();
        w.write(String.format(Locale.ROOT, "# expectation inputs: r %s neutrinos per flavour per proton, boost %s%n", ex.neutrinosPerFlavorPerProton(),
                ex.boost()));
        List<ConfigChange> log = d.analysis().configChangeRecords();
        w.write("# config changes: " + log.size() + (log.isEmpty() ? "" : " (also in run" + d.run() + "_config_changes.csv)") + "\n");
        for (ConfigChange c : log) {
            w.write("# change " + c.time() + " " + c.who() + ": " + c.what() + " " + c.oldValue() + " -> " + c.newValue() + "\n");
        }
    }

    private static void metadata(Path file, RunExport.RunData d) throws IOException {
        AnalysisSummary s = d.summary();
        AnalysisSummary.Exposure exposure = s.exposure();
        RunExport.Selection sel = d.selection();
        SignalFit.Result fit = s.fit();
        RunQuality q = d.quality();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("key,value,unit\n");
            row(w, "run_number", d.run(), "");
            row(w, "state", d.info().state(), "");
            row(w, "partial", d.info().state() == RunInfo.State.RUNNING, "");
            row(w, "aborted", d.info().state() == RunInfo.State.ABORTED || d.analysis().aborted(), "");
            row(w, "quality_flag", q == null ? "not flagged" : q.flag(), "");
            row(w, "start_time", d.info().start(), "");
            row(w, "end_time", d.info().stop(), "");
            row(w, "software_version", d.softwareVersion(), "");
            RunExport.Filter f = d.filter();
            row(w, "selection_channels", f.channels().isEmpty() ? "all" : f.channels().stream().sorted().map(String::valueOf)
                    .reduce((a, b) -> a + " " + b).orElse(""), "");
            row(w, "selection_energy_min", f.minKeVnr(), "keVnr");
            row(w, "selection_energy_max", f.maxKeVnr(), "keVnr");
            row(w, "pot", exposure.pot(), "protons");
            row(w, "on_live_time", exposure.onLiveS(), "s");
            row(w, "off_live_time", exposure.offLiveS(), "s");
            row(w, "beam_off_live_time", exposure.beamOffLiveS(), "s");
            row(w, "mass_share", sel.massShare(), "");
            row(w, "alpha", sel.alpha(), "");
            row(w, "on_counts", sel.on(), "");
            row(w, "off_counts", sel.off(), "");
            row(w, "beam_off_counts", sel.beamOff(), "");
            row(w, "excess", sel.excess(), "");
            row(w, "excess_error", sel.excessError(), "");
            row(w, "significance", sel.significance(), "sigma");
            row(w, "expected", sel.expected().total(), "");
            row(w, "expected_cevns", sel.expected().cevns(), "");
            row(w, "expected_brn", sel.expected().brn(), "");
            row(w, "expected_syst", sel.expected().syst(), "");
            row(w, "pulses_on", exposure.pulsesOn(), "");
            row(w, "pulses_off", exposure.pulsesOff(), "");
            row(w, "pulses_unknown", exposure.pulsesUnknown(), "");
            row(w, "run_on_counts", s.counts().on(), "");
            row(w, "run_off_counts", s.counts().off(), "");
            row(w, "run_excess", s.excess().value(), "");
            row(w, "run_excess_error", s.excess().error(), "");
            row(w, "run_expected", s.excess().expected(), "");
            row(w, "run_verdict", s.excess().verdict().text(), "");
            row(w, "fit_mu", fit.mu(), "");
            row(w, "fit_mu_low", fit.muLow(), "");
            row(w, "fit_mu_high", fit.muHigh(), "");
            row(w, "fit_significance", fit.significance(), "sigma");
            row(w, "fit_brn", fit.brnNorm(), "");
            row(w, "config_changes", d.analysis().configChanges().size(), "");
        }
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "NaN";
    }

    /** A CSV field: quoted when it holds a comma or a quote. */
    private static String field(String v) {
        String s = v == null ? "" : v;
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static void row(BufferedWriter w, String key, Object value, String unit) {
        try {
            String v = value instanceof Double x ? Double.toString(x) : String.valueOf(value);
            w.write(key + "," + field(v) + "," + unit + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
