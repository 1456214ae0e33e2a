package eu.ess.cevns.analysis.export;

import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.EventHistograms;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.List;

/**
 * HDF5 in a NeXus layout (written with jhdf): one {@code NXentry} per run ({@code /entry}, or
 * {@code /entry_<run>} for several), with {@code events} ({@code NXevent_data}: event_time_zero,
 * event_index, event_time_offset, event_id, plus energy, pulse shape, window and pulse state per
 * event), {@code pulses}, {@code exposure}, {@code histograms} and {@code config}. Units are
 * attributes (ASCII: ns, keV, uC, s). A group with no events has {@code count = 0} and no event
 * datasets (HDF5 through jhdf cannot hold zero-length datasets).
 */
final class NexusWriter {
    private NexusWriter() {
    }

    static void write(Path file, List<RunExport.RunData> runs) {
        try (WritableHdfFile f = HdfFile.write(file)) {
            for (RunExport.RunData d : runs) {
                WritableGroup e = f.putGroup(runs.size() == 1 ? "entry" : "entry_" + d.run());
                e.putAttribute("NX_class", "NXentry");
                e.putAttribute("run_number", (long) d.run());
                e.putAttribute("start_time", String.valueOf(d.info().start()));
                e.putAttribute("end_time", String.valueOf(d.info().stop()));
                e.putAttribute("state", d.info().state().name());
                e.putAttribute("partial", d.info().state() == eu.ess.cevns.daq.store.RunInfo.State.RUNNING ? 1L : 0L);
                e.putAttribute("aborted", d.info().state() == eu.ess.cevns.daq.store.RunInfo.State.ABORTED || d.analysis().aborted() ? 1L : 0L);
                e.putAttribute("software_version", d.softwareVersion() == null ? "" : d.softwareVersion());
                e.putAttribute("comment", d.info().comment() == null ? "" : d.info().comment());
                events(e.putGroup("events"), d.table());
                pulses(e.putGroup("pulses"), d.table());
                exposure(e.putGroup("exposure"), d.summary());
                histograms(e.putGroup("histograms"), d.summary().histograms());
                WritableGroup c = e.putGroup("config");
                c.putAttribute("NX_class", "NXcollection");
                c.putDataset("snapshot", new String[] {d.analysis().configText()});
                List<String> changes = d.analysis().configChanges();
                c.putAttribute("changes_count", (long) changes.size());
                if (!changes.isEmpty()) {
                    c.putDataset("changes", changes.toArray(new String[0]));
                }
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
        put(g, "energy_keVee", t.keVee, "keV", "electron-equivalent energy");
        put(g, "energy_keVnr", t.keVnr, "keV", "nuclear-recoil energy");
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
        g.putAttribute("count", (long) t.pulses);
        put(g, "t0", t.pulseT0, "ns", "pulse T0, ns since 1970-01-01T00:00:00Z");
        put(g, "proton_charge", t.chargeUc, "uC", "proton charge of the pulse (NaN when EPICS did not report it)");
        put(g, "beam_state", t.pulseState, null, "0 unknown, 1 beam on, 2 beam off");
    }

    private static void exposure(WritableGroup g, AnalysisSummary s) {
        AnalysisSummary.Exposure exposure = s.exposure();
        AnalysisSummary.Excess excess = s.excess();
        g.putAttribute("NX_class", "NXcollection");
        scalar(g, "pot", exposure.pot(), null);
        scalar(g, "on_live_time", exposure.onLiveS(), "s");
        scalar(g, "off_live_time", exposure.offLiveS(), "s");
        scalar(g, "beam_off_live_time", exposure.beamOffLiveS(), "s");
        scalar(g, "alpha", excess.alpha(), null);
        scalar(g, "on_counts", s.counts().on(), null);
        scalar(g, "off_counts", s.counts().off(), null);
        scalar(g, "beam_off_counts", s.counts().beamOff(), null);
        scalar(g, "excess", excess.value(), null);
        scalar(g, "excess_error", excess.error(), null);
        scalar(g, "significance", excess.significance(), null);
        scalar(g, "expected", excess.expected(), null);
        scalar(g, "pulses_on", exposure.pulsesOn(), null);
        scalar(g, "pulses_off", exposure.pulsesOff(), null);
        scalar(g, "pulses_unknown", exposure.pulsesUnknown(), null);
    }

    private static void histograms(WritableGroup g, AnalysisSummary.Histograms h) {
        g.putAttribute("NX_class", "NXcollection");
        put(g, "energy_on", h.energyOn(), null, "events per keVnr bin, on window of beam pulses");
        put(g, "energy_off", h.energyOff(), null, "events per keVnr bin, off window of beam pulses");
        g.putAttribute("energy_bin_width_keVnr", EventHistograms.energyBinWidthKeVnr());
        put(g, "time_since_t0", h.timeSinceT0(), null, "events per time bin over one pulse period");
        g.putAttribute("time_bin_width_us", EventHistograms.timeBinWidthUs());
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
