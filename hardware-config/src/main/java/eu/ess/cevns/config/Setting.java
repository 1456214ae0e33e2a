package eu.ess.cevns.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A setting experts change while data flow: a channel's trigger threshold (keVnr) or one edge of
 * the on/off windows (µs after T0). This is the one place that names them: the status PV
 * ({@code Ch3:Threshold}, {@code OnWindowStart}), the HTTP field, the text a config-change record
 * carries, how that text is parsed back, what range a value must have, and how a value is applied
 * to a set of {@link SettingValues}. The server records changes with {@link #pvName()}; a replay of
 * the run finds the same setting again with {@link #parse}, so a rename on one side cannot pass
 * unnoticed on the other.
 */
public sealed interface Setting permits Setting.Threshold, Setting.WindowEdge {
    /** Highest threshold accepted, keVnr: far above any CEvNS recoil at ESS energies. */
    double MAX_THRESHOLD_KEVNR = 1000;

    /** Name after the PV prefix, and the {@code what} of its config-change records. */
    String pvName();

    /** Units of the value, as a display shows them. */
    String units();

    /** Highest value accepted (the PV's control limit); the lowest is 0. */
    double maxValue();

    /** The field that carries this setting's value in an HTTP request body. */
    String httpField();

    /** This setting's value in {@code values}; IllegalArgumentException if it has none (no such channel). */
    double valueIn(SettingValues values);

    /** {@code values} with this setting at {@code value}, unchecked (a replay applies what was recorded). */
    SettingValues applyTo(SettingValues values, double value);

    /** Null if {@code value} may be set on {@code values}, else why not. */
    String problem(SettingValues values, double value);

    /** How a value is written in a config-change record. */
    static String text(double value) {
        return Double.toString(value);
    }

    /** The setting a PV or record names, if it is one. */
    static Optional<Setting> parse(String name) {
        for (WindowEdge e : WindowEdge.values()) {
            if (e.name.equals(name)) {
                return Optional.of(e);
            }
        }
        if (name.startsWith(Threshold.PREFIX) && name.endsWith(Threshold.SUFFIX)) {
            try {
                int id = Integer.parseInt(name.substring(Threshold.PREFIX.length(), name.length() - Threshold.SUFFIX.length()));
                if (id >= 0) {
                    return Optional.of(new Threshold(id));
                }
            } catch (NumberFormatException notAChannel) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Every setting of {@code detector}: a threshold per configured channel, then the four window edges. */
    static List<Setting> all(DetectorConfig detector) {
        List<Setting> out = new ArrayList<>();
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig c : d.channels()) {
                out.add(new Threshold(c.id()));
            }
        }
        out.addAll(List.of(WindowEdge.values()));
        return out;
    }

    /** The trigger threshold of configured channel {@code channelId}, keVnr. */
    record Threshold(int channelId) implements Setting {
        static final String PREFIX = "Ch";
        static final String SUFFIX = ":Threshold";

        @Override
        public String pvName() {
            return PREFIX + channelId + SUFFIX;
        }

        @Override
        public String units() {
            return "keVnr";
        }

        @Override
        public double maxValue() {
            return MAX_THRESHOLD_KEVNR;
        }

        @Override
        public String httpField() {
            return "keVnr";
        }

        @Override
        public double valueIn(SettingValues values) {
            return values.threshold(channelId);
        }

        @Override
        public SettingValues applyTo(SettingValues values, double value) {
            return values.withThreshold(channelId, value);
        }

        @Override
        public String problem(SettingValues values, double value) {
            if (!values.thresholdsKeVnr().containsKey(channelId)) {
                return SettingValues.noChannel(channelId);
            }
            if (!Double.isFinite(value) || value < 0 || value > MAX_THRESHOLD_KEVNR) {
                return "threshold of channel " + channelId + " must be 0.." + MAX_THRESHOLD_KEVNR + " keVnr, got " + value;
            }
            return null;
        }
    }

    /** One edge of the on or off window, µs after T0. */
    enum WindowEdge implements Setting {
        ON_START("OnWindowStart", "onStartUs"),
        ON_END("OnWindowEnd", "onEndUs"),
        OFF_START("OffWindowStart", "offStartUs"),
        OFF_END("OffWindowEnd", "offEndUs");

        private final String name;
        private final String httpField;

        WindowEdge(String name, String httpField) {
            this.name = name;
            this.httpField = httpField;
        }

        @Override
        public String pvName() {
            return name;
        }

        @Override
        public String units() {
            return "us";
        }

        @Override
        public double maxValue() {
            return EssPulse.PERIOD_US;
        }

        @Override
        public String httpField() {
            return httpField;
        }

        /** The edge's value in {@code w}. */
        public double of(BeamWindows w) {
            return switch (this) {
                case ON_START -> w.onStartUs();
                case ON_END -> w.onEndUs();
                case OFF_START -> w.offStartUs();
                case OFF_END -> w.offEndUs();
            };
        }

        /** {@code w} with this edge moved to {@code us}. */
        public BeamWindows in(BeamWindows w, double us) {
            return switch (this) {
                case ON_START -> new BeamWindows(us, w.onEndUs(), w.offStartUs(), w.offEndUs());
                case ON_END -> new BeamWindows(w.onStartUs(), us, w.offStartUs(), w.offEndUs());
                case OFF_START -> new BeamWindows(w.onStartUs(), w.onEndUs(), us, w.offEndUs());
                case OFF_END -> new BeamWindows(w.onStartUs(), w.onEndUs(), w.offStartUs(), us);
            };
        }

        @Override
        public double valueIn(SettingValues values) {
            return of(values.windows());
        }

        @Override
        public SettingValues applyTo(SettingValues values, double value) {
            return values.withWindows(in(values.windows(), value));
        }

        @Override
        public String problem(SettingValues values, double value) {
            if (!Double.isFinite(value) || value < 0) {
                return name + " must be >= 0 µs, got " + value;
            }
            return WindowRules.check(in(values.windows(), value));
        }
    }
}
