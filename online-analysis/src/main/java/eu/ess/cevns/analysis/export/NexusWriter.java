package eu.ess.cevns.analysis.export;

import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.ConfigChange;
import eu.ess.cevns.analysis.monitor.EventHistograms;
import eu.ess.cevns.analysis.physics.Reach;
import eu.ess.cevns.analysis.stats.SignalFit;
import eu.ess.cevns.config.BeamNeutrons;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.Nucleus;
import eu.ess.cevns.config.Systematics;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunQuality;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * HDF5 in a NeXus layout (written with jhdf): one {@code NXentry} per run ({@code /entry}, or
 * {@code /entry_<run>} for several), {@code definition} naming this layout ({@link #DEFINITION}),
 * and groups, each with its {@code NX_class}: {@code events} ({@code NXevent_data}: event_time_zero,
 * event_index, event_time_offset, event_id, plus energy, pulse shape, window and pulse state per
 * event), {@code pulses}, {@code selection} (what was kept), {@code exposure} (the counts, excess and
 * expectation of exactly the events in the file), {@code analysis} (the whole run, as
 * {@code analyze}), {@code fit} (the likelihood fit's inputs and result), {@code reach} (the reach's
 * inputs and this run's result), {@code histograms} and {@code config} (the configuration in force as
 * groups and attributes, and every change with its time). Units are attributes (ASCII: ns, uC, s,
 * keVee, keVnr). A group with no events has {@code count = 0} and no event datasets (HDF5 through
 * jhdf cannot hold zero-length datasets).
 */
final class NexusWriter {
    /** The {@code definition} of every entry: this project's layout, described in export.md (NeXus has none for CEvNS). */
    static final String DEFINITION = "NXcevns_daq";
    static final String DEFINITION_VERSION = "2";

    private NexusWriter() {
    }

    static void write(Path file, List<RunExport.RunData> runs) {
        try (WritableHdfFile f = HdfFile.write(file)) {
            for (RunExport.RunData d : runs) {
                WritableGroup e = f.putGroup(runs.size() == 1 ? "entry" : "entry_" + d.run());
                e.putAttribute("NX_class", "NXentry");
                WritableDataset definition = e.putDataset("definition", new String[] {DEFINITION});
                definition.putAttribute("version", DEFINITION_VERSION);
                e.putAttribute("run_number", (long) d.run());
                e.putAttribute("start_time", String.valueOf(d.info().start()));
                e.putAttribute("end_time", String.valueOf(d.info().stop()));
                e.putAttribute("state", d.info().state().name());
                e.putAttribute("partial", d.info().state() == RunInfo.State.RUNNING ? 1L : 0L);
                e.putAttribute("aborted", d.info().state() == RunInfo.State.ABORTED || d.analysis().aborted() ? 1L : 0L);
                e.putAttribute("software_version", d.softwareVersion() == null ? "" : d.softwareVersion());
                e.putAttribute("comment", d.info().comment() == null ? "" : d.info().comment());
                RunQuality q = d.quality();
                e.putAttribute("quality_flag", q == null ? "not flagged" : q.flag());
                e.putAttribute("quality_reason", q == null ? "" : q.reason() + (q.who().isEmpty() ? "" : " (" + q.who() + ", " + q.time() + ")"));
                events(e.putGroup("events"), d.table());
                pulses(e.putGroup("pulses"), d.table());
                selection(e.putGroup("selection"), d.filter());
                exposure(e.putGroup("exposure"), d.summary(), d.selection());
                analysis(e.putGroup("analysis"), d.summary());
                fit(e.putGroup("fit"), d.analysis().fitData(), d.summary().fit());
                reach(e.putGroup("reach"), d.summary().reach());
                histograms(e.putGroup("histograms"), d.summary().histograms());
                config(e.putGroup("config"), d);
            }
        }
    }

    private static void events(WritableGroup g, EventTable t) {
        g.putAttribute("NX_class", "NXevent_data");
        g.putAttribute("count", (long) t.events);
        long[][] zi = t.eventTimeZeroAndIndex();
        put(g, "event_time_zero", zi[0], "ns", "pulse T0, ns since 1970-01-01T00:00:00Z (ESS clock)");
        put(g, "event_index", zi[1], null, "index of the first event of each pulse in event_time_zero");
        put(g, "event_time_offset", t.timeOffsetNs, "ns", "time since the pulse T0");
        put(g, "event_id", t.channel, null, "channel id");
        put(g, "energy_keVee", t.keVee, "keVee", "electron-equivalent energy");
        put(g, "energy_keVnr", t.keVnr, "keVnr", "nuclear-recoil energy");
        put(g, "pulse_shape", t.shape, null, "tail fraction of the pulse integral");
        put(g, "window", t.window, null, "0 none, 1 on window of a beam pulse, 2 off window of a beam pulse, 3 on window of a beam-off pulse");
        put(g, "pulse_state", t.state, null, "0 unknown, 1 beam on, 2 beam off");
        if (t.samples != null && !t.samples.isEmpty()) {
            int longest = t.samples.stream().mapToInt(a -> a.length).max().orElse(0);
            short[][] raw = new short[t.samples.size()][longest];
            int[] counts = new int[t.samples.size()];
            for (int i = 0; i < raw.length; i++) {
                short[] s = t.samples.get(i);
                System.arraycopy(s, 0, raw[i], 0, s.length);
                counts[i] = s.length;
            }
            put(g, "waveforms", raw, null, "raw ADC samples per event, padded with 0 to the longest record");
            put(g, "waveform_length", counts, null, "samples of each event's record");
        }
    }

    private static void pulses(WritableGroup g, EventTable t) {
        g.putAttribute("NX_class", "NXcollection");
        g.putAttribute("count", (long) t.pulses);
        put(g, "t0", t.pulseT0, "ns", "pulse T0, ns since 1970-01-01T00:00:00Z");
        put(g, "proton_charge", t.chargeUc, "uC", "proton charge of the pulse (NaN when EPICS did not report it)");
        put(g, "beam_state", t.pulseState, null, "0 unknown, 1 beam on, 2 beam off");
    }

    private static void selection(WritableGroup g, RunExport.Filter f) {
        g.putAttribute("NX_class", "NXcollection");
        g.putAttribute("description", "the events kept: accepted by the analysis (above their channel's threshold, no pile-up or"
                + " saturation), of these channels, in this energy range; exposure/ counts exactly these");
        g.putAttribute("channels", f.channels().isEmpty() ? "all" : f.channels().stream().sorted().map(String::valueOf)
                .reduce((a, b) -> a + "," + b).orElse(""));
        scalar(g, "energy_min", f.minKeVnr(), "keVnr");
        scalar(g, "energy_max", f.maxKeVnr(), "keVnr");
        g.putAttribute("waveforms", f.waveforms() ? 1L : 0L);
    }

    private static void exposure(WritableGroup g, AnalysisSummary s, RunExport.Selection sel) {
        AnalysisSummary.Exposure exposure = s.exposure();
        g.putAttribute("NX_class", "NXcollection");
        g.putAttribute("description", "the events in this file (see selection): their counts by window, excess and expectation;"
                + " POT and live times are the run's, every pulse counts for every channel");
        scalar(g, "pot", exposure.pot(), null);
        scalar(g, "on_live_time", exposure.onLiveS(), "s");
        scalar(g, "off_live_time", exposure.offLiveS(), "s");
        scalar(g, "beam_off_live_time", exposure.beamOffLiveS(), "s");
        scalar(g, "mass_share", sel.massShare(), null);
        scalar(g, "mass", exposure.massKg() * sel.massShare(), "kg");
        scalar(g, "alpha", sel.alpha(), null);
        scalar(g, "on_counts", sel.on(), null);
        scalar(g, "off_counts", sel.off(), null);
        scalar(g, "beam_off_counts", sel.beamOff(), null);
        scalar(g, "other_counts", sel.other(), null);
        scalar(g, "excess", sel.excess(), null);
        scalar(g, "excess_error", sel.excessError(), null);
        scalar(g, "significance", sel.significance(), null);
        scalar(g, "expected", sel.expected().total(), null);
        scalar(g, "expected_cevns", sel.expected().cevns(), null);
        scalar(g, "expected_brn", sel.expected().brn(), null);
        scalar(g, "expected_syst", sel.expected().syst(), null);
        scalar(g, "pulses_on", exposure.pulsesOn(), null);
        scalar(g, "pulses_off", exposure.pulsesOff(), null);
        scalar(g, "pulses_unknown", exposure.pulsesUnknown(), null);
    }

    private static void analysis(WritableGroup g, AnalysisSummary s) {
        AnalysisSummary.Excess x = s.excess();
        g.putAttribute("NX_class", "NXcollection");
        g.putAttribute("description", "the whole run, as 'cevns-daq analyze' gives it, whatever the selection");
        scalar(g, "on_counts", s.counts().on(), null);
        scalar(g, "off_counts", s.counts().off(), null);
        scalar(g, "beam_off_counts", s.counts().beamOff(), null);
        scalar(g, "alpha", x.alpha(), null);
        scalar(g, "excess", x.value(), null);
        scalar(g, "excess_error", x.error(), null);
        scalar(g, "significance", x.significance(), null);
        scalar(g, "expected", x.expected(), null);
        scalar(g, "expected_cevns", s.expectation().cevns(), null);
        scalar(g, "expected_brn", s.expectation().brn(), null);
        scalar(g, "expected_syst", s.expectation().syst(), null);
        g.putAttribute("verdict", x.verdict().text());
    }

    /** The fit's inputs (enough to redo it from the file alone) and its result. */
    private static void fit(WritableGroup g, SignalFit.Data in, SignalFit.Result r) {
        g.putAttribute("NX_class", "NXcollection");
        g.putAttribute("description", "binned Poisson likelihood fit of mu = N_CEvNS / N_SM (physics.md): per energy bin, on-window,"
                + " off-window and beam-off counts, expected CEvNS and BRN in the on window; the result as analyze gives it");
        put(g, "energy_edges", EventHistograms.energyEdgesKeVnr(), "keVnr", "edges of the energy bins");
        put(g, "on", in.on(), null, "on-window events of beam pulses per bin");
        put(g, "off", in.off(), null, "off-window events of beam pulses per bin");
        put(g, "beam_off", in.beamOff(), null, "on-window events of beam-off pulses per bin");
        put(g, "expected_cevns", in.cevns(), null, "Standard-Model CEvNS expected in the on window per bin");
        put(g, "expected_brn", in.brn(), null, "beam-related neutrons expected in the on window per bin");
        scalar(g, "alpha", in.alpha(), null);
        scalar(g, "alpha_beam_off", in.alphaBeamOff(), null);
        scalar(g, "cevns_sigma", in.cevnsSigma(), null);
        scalar(g, "brn_sigma", in.brnSigma(), null);
        scalar(g, "mu", r.mu(), null);
        scalar(g, "mu_low", r.muLow(), null);
        scalar(g, "mu_high", r.muHigh(), null);
        scalar(g, "significance", r.significance(), null);
        scalar(g, "brn_norm", r.brnNorm(), null);
        scalar(g, "brn_events", r.brnEvents(), null);
        scalar(g, "cevns_norm", r.cevnsNorm(), null);
        g.putAttribute("status", r.status());
    }

    /** The reach's inputs and this run's result (default statistics), as 'analyze' and the page show it. */
    private static void reach(WritableGroup g, Reach.Result r) {
        g.putAttribute("NX_class", "NXcollection");
        if (r == null) {
            g.putAttribute("status", "no protons on target yet");
            return;
        }
        Reach.Input in = r.input();
        g.putAttribute("status", "ok");
        g.putAttribute("statistics", in.statistics());
        g.putAttribute("description", "cevns-daq reach for this run's exposure (physics.md): inputs, neutron rms radius per nucleus,"
                + " allowed eps_ee intervals at eps_mumu = 0");
        scalar(g, "pot", in.pot(), null);
        scalar(g, "neutrinos_per_flavor_per_proton", in.neutrinosPerFlavorPerProton(), null);
        scalar(g, "boost", in.boost(), null);
        scalar(g, "on_window_start", in.onStartUs(), "us");
        scalar(g, "on_window_end", in.onEndUs(), "us");
        scalar(g, "cl", in.cl(), null);
        put(g, "threshold", in.thresholds().stream().mapToDouble(Reach.Threshold::keVnr).toArray(), "keVnr", "channel thresholds in force");
        put(g, "threshold_mass_share", in.thresholds().stream().mapToDouble(Reach.Threshold::share).toArray(), null,
                "share of the target mass at each threshold");
        put(g, "energy_edges", in.edgesKeVnr(), "keVnr", "edges of the energy bins of the reach");
        if (in.steadyBackground() != null) {
            put(g, "steady_background", in.steadyBackground(), null, "steady background expected in the on window per bin");
        }
        scalar(g, "events", r.events(), null);
        put(g, "nucleus", r.radii().stream().map(Reach.Radius::nucleus).toArray(String[]::new), null, "target nuclei");
        put(g, "neutron_rms_radius", r.radii().stream().mapToDouble(Reach.Radius::rmsFm).toArray(), "fm", "nominal (Helm) neutron rms radius");
        put(g, "neutron_rms_radius_sigma", r.radii().stream().mapToDouble(Reach.Radius::sigmaFm).toArray(), "fm", "1 sigma precision");
        List<double[]> iv = r.nsi().eeIntervalsAtMumuZero();
        if (!iv.isEmpty()) {
            put(g, "ee_intervals_at_mumu_zero", iv.toArray(new double[0][]), null, "allowed [low, high] of eps^uV_ee at eps^uV_mumu = 0");
        }
    }

    private static void histograms(WritableGroup g, AnalysisSummary.Histograms h) {
        g.putAttribute("NX_class", "NXcollection");
        put(g, "energy_on", h.energyOn(), null, "events per keVnr bin, on window of beam pulses");
        put(g, "energy_off", h.energyOff(), null, "events per keVnr bin, off window of beam pulses");
        put(g, "energy_beam_off", h.energyBeamOff(), null, "events per keVnr bin, on window of beam-off pulses");
        g.putAttribute("energy_bin_width_keVnr", EventHistograms.energyBinWidthKeVnr());
        put(g, "time_since_t0", h.timeSinceT0(), null, "events per time bin over one pulse period");
        g.putAttribute("time_bin_width_us", EventHistograms.timeBinWidthUs());
    }

    /** The configuration at the start of the run as groups and attributes, what changed by its end, and every change with its time. */
    private static void config(WritableGroup c, RunExport.RunData d) {
        c.putAttribute("NX_class", "NXcollection");
        c.putDataset("snapshot", new String[] {d.analysis().configText()});
        List<String> changes = d.analysis().configChanges();
        c.putAttribute("changes_count", (long) changes.size());
        if (!changes.isEmpty()) {
            c.putDataset("changes", changes.toArray(new String[0]));
        }
        DetectorConfig det = d.analysis().detector();
        if (det == null) {
            return;
        }
        WritableGroup dg = c.putGroup("detector");
        dg.putAttribute("NX_class", "NXcollection");
        dg.putAttribute("name", det.name());
        dg.putAttribute("source", det.source());
        scalar(dg, "mass", det.massKg(), "kg");
        scalar(dg, "distance", det.distanceM(), "m");
        scalar(dg, "threshold", det.thresholdKeVnr(), "keVnr");
        dg.putAttribute("quenching_model", det.quenching().model().name().toLowerCase());
        dg.putAttribute("quenching_k", det.quenching().k());
        dg.putAttribute("quenching_factor", det.quenching().factor());
        dg.putAttribute("resolution_noise_keVee", det.resolution().noiseKeVee());
        dg.putAttribute("resolution_stat_keVee", det.resolution().statKeVee());
        put(dg, "target_symbol", det.target().stream().map(Nucleus::symbol).toArray(String[]::new), null, "target nuclei");
        put(dg, "target_z", det.target().stream().mapToInt(Nucleus::z).toArray(), null, "protons");
        put(dg, "target_a", det.target().stream().mapToInt(Nucleus::a).toArray(), null, "mass number");
        put(dg, "target_mass", det.target().stream().mapToDouble(Nucleus::massU).toArray(), "u", "atomic mass");
        put(dg, "target_fraction", det.target().stream().mapToDouble(Nucleus::fraction).toArray(), null, "atom fraction");
        BeamNeutrons b = det.beamNeutrons();
        WritableGroup bg = dg.putGroup("beam_neutrons");
        bg.putAttribute("NX_class", "NXcollection");
        scalar(bg, "events_per_proton", b.eventsPerProton(), null);
        scalar(bg, "events_per_MWh", b.eventsPerMWh(), null);
        bg.putAttribute("spectrum_model", b.spectrum().model().name().toLowerCase());
        scalar(bg, "spectrum_slope", b.spectrum().slopeKeVnr(), "keVnr");
        scalar(bg, "delay", b.delayUs(), "us");
        scalar(bg, "norm_uncertainty", b.normUncertainty(), null);
        Systematics s = det.systematics();
        WritableGroup sg = dg.putGroup("systematics");
        sg.putAttribute("NX_class", "NXcollection");
        scalar(sg, "flux_fraction", s.fluxFraction(), null);
        scalar(sg, "quenching_fraction", s.quenchingFraction(), null);
        scalar(sg, "form_factor_fraction", s.formFactorFraction(), null);
        scalar(sg, "threshold", s.thresholdKeVnr(), "keVnr");

        List<ChannelConfig> channels = new ArrayList<>();
        List<String> digitizer = new ArrayList<>();
        for (DigitizerConfig g : det.digitizers()) {
            for (ChannelConfig ch : g.channels()) {
                channels.add(ch);
                digitizer.add(g.name());
            }
        }
        double[] thresholdsNow = d.analysis().thresholdsKeVnr();
        WritableGroup cg = c.putGroup("channels");
        cg.putAttribute("NX_class", "NXcollection");
        put(cg, "id", channels.stream().mapToInt(ChannelConfig::id).toArray(), null, "channel id");
        put(cg, "digitizer", digitizer.toArray(new String[0]), null, "digitizer name");
        put(cg, "enabled", channels.stream().mapToInt(ch -> ch.enabled() ? 1 : 0).toArray(), null, "1 enabled");
        put(cg, "threshold_at_start", channels.stream().mapToDouble(ChannelConfig::thresholdKeVnr).toArray(), "keVnr", "threshold at run start");
        put(cg, "threshold_at_end", channels.stream().mapToDouble(ch -> thresholdsNow[ch.id()]).toArray(), "keVnr",
                "threshold in force at the end of the run (after the changes in change_log)");
        put(cg, "gain", channels.stream().mapToDouble(ch -> ch.calibration().gainKeVeePerAdc()).toArray(), "keVee",
                "calibration gain per ADC count");
        put(cg, "offset", channels.stream().mapToDouble(ch -> ch.calibration().offsetKeVee()).toArray(), "keVee", "calibration offset");

        BeamWindows end = d.analysis().windows();
        WritableGroup wg = c.putGroup("windows");
        wg.putAttribute("NX_class", "NXcollection");
        wg.putAttribute("description", "on and off windows after T0 in force at the end of the run (the snapshot has those at its start)");
        scalar(wg, "on_start", end.onStartUs(), "us");
        scalar(wg, "on_end", end.onEndUs(), "us");
        scalar(wg, "off_start", end.offStartUs(), "us");
        scalar(wg, "off_end", end.offEndUs(), "us");

        AnalysisSummary.Expectation ex = d.summary().expectation();
        WritableGroup eg = c.putGroup("expectation");
        eg.putAttribute("NX_class", "NXcollection");
        scalar(eg, "neutrinos_per_flavor_per_proton", ex.neutrinosPerFlavorPerProton(), null);
        scalar(eg, "boost", ex.boost(), null);

        List<ConfigChange> log = d.analysis().configChangeRecords();
        WritableGroup lg = c.putGroup("change_log");
        lg.putAttribute("NX_class", "NXcollection");
        lg.putAttribute("count", (long) log.size());
        if (!log.isEmpty()) {
            put(lg, "time", log.stream().map(x -> x.time().toString()).toArray(String[]::new), null, "when, ISO-8601 UTC");
            put(lg, "who", log.stream().map(ConfigChange::who).toArray(String[]::new), null, "who made the change");
            put(lg, "what", log.stream().map(ConfigChange::what).toArray(String[]::new), null, "the setting, e.g. Ch3:Threshold, OnWindowEnd");
            put(lg, "old_value", log.stream().map(ConfigChange::oldValue).toArray(String[]::new), null, "value before");
            put(lg, "new_value", log.stream().map(ConfigChange::newValue).toArray(String[]::new), null, "value after");
        }
    }

    private static void scalar(WritableGroup g, String name, double v, String units) {
        WritableDataset d = g.putDataset(name, new double[] {v});
        if (units != null) {
            d.putAttribute("units", units);
        }
    }

    private static void put(WritableGroup g, String name, Object array, String units, String description) {
        if (Array.getLength(array) == 0) {
            return;
        }
        WritableDataset d = g.putDataset(name, array);
        if (units != null) {
            d.putAttribute("units", units);
        }
        d.putAttribute("description", description);
    }
}
