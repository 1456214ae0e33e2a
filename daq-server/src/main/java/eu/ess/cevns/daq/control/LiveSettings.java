package eu.ess.cevns.daq.control;

import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.WindowRules;

import java.util.Map;
import java.util.TreeMap;

/**
 * The settings experts change while data flows: each channel's trigger threshold (keVnr) and the
 * on/off window edges (µs after T0). Every accepted change is recorded in the run (who, what, old,
 * new) before it takes effect; a change out of range is refused with the reason and changes
 * nothing. The status PVs and the HTTP API both write through here.
 */
public final class LiveSettings {
    /** Highest threshold accepted, keVnr: far above any CEvNS recoil at ESS energies. */
    public static final double MAX_THRESHOLD_KEVNR = 1000;

    /** Where accepted changes are recorded. */
    @FunctionalInterface
    public interface ChangeRecorder {
        void record(String who, String what, String oldValue, String newValue);
    }

    /** The four window edges that can be written. */
    public enum WindowEdge { ON_START, ON_END, OFF_START, OFF_END }

    private final Map<Integer, Double> thresholds = new TreeMap<>();
    private final ChangeRecorder recorder;
    private BeamWindows windows;

    public LiveSettings(DetectorConfig detector, BeamWindows windows, ChangeRecorder recorder) {
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig c : d.channels()) {
                thresholds.put(c.id(), c.thresholdKeVnr());
            }
        }
        this.windows = windows;
        this.recorder = recorder;
    }

    public synchronized Map<Integer, Double> thresholds() {
        return Map.copyOf(thresholds);
    }

    public synchronized double threshold(int channelId) {
        Double v = thresholds.get(channelId);
        if (v == null) {
            throw new IllegalArgumentException("no channel " + channelId + " in the detector configuration");
        }
        return v;
    }

    /** Sets a channel's threshold; returns the old value. */
    public synchronized double setThreshold(int channelId, double keVnr, String who) {
        double old = threshold(channelId);
        if (!Double.isFinite(keVnr) || keVnr < 0 || keVnr > MAX_THRESHOLD_KEVNR) {
            throw new IllegalArgumentException("threshold of channel " + channelId + " must be 0.." + MAX_THRESHOLD_KEVNR
                    + " keVnr, got " + keVnr);
        }
        if (old != keVnr) {
            recorder.record(who, "Ch" + channelId + ":Threshold", Double.toString(old), Double.toString(keVnr));
            thresholds.put(channelId, keVnr);
        }
        return old;
    }

    public synchronized BeamWindows windows() {
        return windows;
    }

    /** Moves one window edge; the windows that result must pass {@link WindowRules}. */
    public synchronized BeamWindows setWindowEdge(WindowEdge edge, double us, String who) {
        BeamWindows w = windows;
        return setWindows(switch (edge) {
            case ON_START -> new BeamWindows(us, w.onEndUs(), w.offStartUs(), w.offEndUs());
            case ON_END -> new BeamWindows(w.onStartUs(), us, w.offStartUs(), w.offEndUs());
            case OFF_START -> new BeamWindows(w.onStartUs(), w.onEndUs(), us, w.offEndUs());
            case OFF_END -> new BeamWindows(w.onStartUs(), w.onEndUs(), w.offStartUs(), us);
        }, who);
    }

    /** Sets all four edges at once (checked as a whole); each edge that moves is recorded. */
    public synchronized BeamWindows setWindows(BeamWindows next, String who) {
        for (WindowEdge e : WindowEdge.values()) {
            double us = value(next, e);
            if (!Double.isFinite(us) || us < 0) {
                throw new IllegalArgumentException(edgeName(e) + " must be >= 0 µs, got " + us);
            }
        }
        String problem = WindowRules.check(next);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        BeamWindows w = windows;
        for (WindowEdge e : WindowEdge.values()) {
            if (value(w, e) != value(next, e)) {
                recorder.record(who, edgeName(e), Double.toString(value(w, e)), Double.toString(value(next, e)));
            }
        }
        windows = next;
        return next;
    }

    public static double value(BeamWindows w, WindowEdge edge) {
        return switch (edge) {
            case ON_START -> w.onStartUs();
            case ON_END -> w.onEndUs();
            case OFF_START -> w.offStartUs();
            case OFF_END -> w.offEndUs();
        };
    }

    /** The status PV name (after the prefix) of an edge. */
    public static String edgeName(WindowEdge edge) {
        return switch (edge) {
            case ON_START -> "OnWindowStart";
            case ON_END -> "OnWindowEnd";
            case OFF_START -> "OffWindowStart";
            case OFF_END -> "OffWindowEnd";
        };
    }
}
