package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.analysis.calib.EnergyScale;
import eu.ess.cevns.analysis.pulse.PulseProcessor;
import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.Setting;
import eu.ess.cevns.config.SettingValues;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's configuration as its own records set it: the run-start snapshot ({@link RunConfigSnapshot})
 * gives the detector, the pulse processor of each channel's digitizer, the energy scale, each
 * channel's threshold, the windows, the alarm limits and the expectation inputs; each config-change record then moves a
 * threshold or a window edge ({@link Setting}) from where it was recorded. Changes that name no
 * setting, or whose value is not a number, are listed but change nothing. Before the run-start
 * record no channel is configured.
 */
final class RunConfigReplay {
    private String text = "";
    private final List<String> changes = new ArrayList<>();
    private final List<ConfigChange> changeRecords = new ArrayList<>();
    private DetectorConfig detector;
    private AlarmLimits limits = AlarmLimits.DEFAULT;
    private ExpectationInputs expectation;
    private SettingValues settings;
    private BeamWindows windows;
    private WaveformEvents events;
    private double[] thresholdsKeVnr = new double[0];

    /** The run-start record's configuration text. */
    void start(String configText) {
        text = configText;
        RunConfigSnapshot c = RunConfigSnapshot.parse(configText);
        detector = c.detector();
        windows = c.windows();
        limits = c.alarms();
        expectation = c.expectation();
        settings = SettingValues.of(detector, windows);
        events = new WaveformEvents(detector);
        thresholdsKeVnr = new double[events.channelSlots()];
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig ch : d.channels()) {
                thresholdsKeVnr[ch.id()] = ch.thresholdKeVnr();
            }
        }
    }

    /** A config-change record. */
    void change(Instant time, String who, String what, String oldValue, String newValue) {
        changes.add(time + " " + who + " " + what + " " + oldValue + " -> " + newValue);
        changeRecords.add(new ConfigChange(time, who, what, oldValue, newValue));
        Setting setting = Setting.parse(what).orElse(null);
        if (setting == null || settings == null) {
            return;
        }
        double v;
        try {
            v = Double.parseDouble(newValue);
        } catch (NumberFormatException e) {
            return;
        }
        settings = setting.applyTo(settings, v);
        windows = settings.windows();
        if (setting instanceof Setting.Threshold t && t.channelId() < thresholdsKeVnr.length) {
            thresholdsKeVnr[t.channelId()] = v;
        }
    }

    /** The pulse processor of channel {@code channelId}, or null if the run configures no such channel. */
    PulseProcessor processor(int channelId) {
        return events == null ? null : events.processor(channelId);
    }

    /** How the run's waveforms become events; null before the run start. */
    WaveformEvents events() {
        return events;
    }

    /** Channel {@code channelId}'s threshold in force, keVnr (a configured channel). */
    double thresholdKeVnr(int channelId) {
        return thresholdsKeVnr[channelId];
    }

    /** The thresholds in force by channel id (0 for ids the run does not configure); the analysis' own array, not a copy. */
    double[] thresholdsKeVnr() {
        return thresholdsKeVnr;
    }

    /** The largest configured channel id plus one (at least 1 once started; 0 before the run start). */
    int channelSlots() {
        return events == null ? 0 : events.channelSlots();
    }

    /** The windows in force, or null before the run start. */
    BeamWindows windows() {
        return windows;
    }

    SettingValues settings() {
        return settings;
    }

    /** The detector of the run-start snapshot, or null before it. */
    DetectorConfig detector() {
        return detector;
    }

    AlarmLimits limits() {
        return limits;
    }

    /** The expectation inputs the run recorded, or null if it recorded none (runs before they were recorded). */
    ExpectationInputs expectation() {
        return expectation;
    }

    EnergyScale scale() {
        return events == null ? null : events.scale();
    }

    String text() {
        return text;
    }

    /** Every config change recorded so far, as "time who what old -> new". */
    List<String> changes() {
        return List.copyOf(changes);
    }

    /** Every config change recorded so far, as the run recorded it. */
    List<ConfigChange> changeRecords() {
        return List.copyOf(changeRecords);
    }

    /** Nanoseconds between samples of channel {@code channelId}'s digitizer, NaN if the run configures no such channel. */
    double samplePeriodNs(int channelId) {
        return events == null ? Double.NaN : events.samplePeriodNs(channelId);
    }
}
