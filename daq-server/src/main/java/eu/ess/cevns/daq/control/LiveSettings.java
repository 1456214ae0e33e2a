package eu.ess.cevns.daq.control;

import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.Setting;
import eu.ess.cevns.config.SettingValues;
import eu.ess.cevns.config.WindowRules;

/**
 * The settings in force while data flow ({@link Setting}: channel thresholds and window edges).
 * Every accepted change is recorded in the run (who, what, old, new, with the setting's own name
 * and text) before it takes effect; a change out of range is refused with the reason and changes
 * nothing. The status PVs and the HTTP API both write through here.
 */
public final class LiveSettings {
    /** Where accepted changes are recorded. */
    @FunctionalInterface
    public interface ChangeRecorder {
        void record(String who, String what, String oldValue, String newValue);
    }

    private final ChangeRecorder recorder;
    private volatile SettingValues values;

    public LiveSettings(DetectorConfig detector, BeamWindows windows, ChangeRecorder recorder) {
        this.values = SettingValues.of(detector, windows);
        this.recorder = recorder;
    }

    /** The values in force now. */
    public SettingValues values() {
        return values;
    }

    public double threshold(int channelId) {
        return values.threshold(channelId);
    }

    public BeamWindows windows() {
        return values.windows();
    }

    /** Sets one setting; IllegalArgumentException with the reason if the value is refused. */
    public synchronized void set(Setting setting, double value, String who) {
        SettingValues before = values;
        String problem = setting.problem(before, value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        values = record(before, setting.applyTo(before, value), who);
    }

    /** Sets all four window edges at once (checked as a whole); each edge that moves is recorded. */
    public synchronized BeamWindows setWindows(BeamWindows next, String who) {
        for (Setting.WindowEdge e : Setting.WindowEdge.values()) {
            double us = e.of(next);
            if (!Double.isFinite(us) || us < 0) {
                throw new IllegalArgumentException(e.pvName() + " must be >= 0 µs, got " + us);
            }
        }
        String problem = WindowRules.check(next);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        SettingValues before = values;
        SettingValues after = before;
        for (Setting.WindowEdge e : Setting.WindowEdge.values()) {
            after = e.applyTo(after, e.of(next));
        }
        values = record(before, after, who);
        return next;
    }

    /** Records every setting that differs between {@code before} and {@code after}; returns {@code after}. */
    private SettingValues record(SettingValues before, SettingValues after, String who) {
        for (Integer id : after.thresholdsById().keySet()) {
            recordIfChanged(new Setting.Threshold(id), before, after, who);
        }
        for (Setting.WindowEdge e : Setting.WindowEdge.values()) {
            recordIfChanged(e, before, after, who);
        }
        return after;
    }

    private void recordIfChanged(Setting s, SettingValues before, SettingValues after, String who) {
        double old = s.valueIn(before);
        double now = s.valueIn(after);
        if (old != now) {
            recorder.record(who, s.pvName(), Setting.text(old), Setting.text(now));
        }
    }
}
