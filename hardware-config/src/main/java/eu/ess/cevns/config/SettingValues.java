package eu.ess.cevns.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * The values of every live {@link Setting} at one moment: each configured channel's threshold
 * (keVnr, by channel id) and the beam windows (µs after T0). Immutable; a change gives new values.
 * The server keeps the values in force, and an analysis replaying a run rebuilds the same values
 * from the run's records.
 */
public record SettingValues(Map<Integer, Double> thresholdsKeVnr, BeamWindows windows) {
    public SettingValues {
        thresholdsKeVnr = Map.copyOf(thresholdsKeVnr);
    }

    /** The values a detector file and the site's windows start with. */
    public static SettingValues of(DetectorConfig detector, BeamWindows windows) {
        Map<Integer, Double> t = new TreeMap<>();
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig c : d.channels()) {
                t.put(c.id(), c.thresholdKeVnr());
            }
        }
        return new SettingValues(t, windows);
    }

    /**
     * {@code site} with these values in force: each channel's threshold in its detector, and the
     * windows. What a run records at its start, so that it replays with what was set live before it.
     */
    public SiteConfig applyTo(SiteConfig site) {
        return site.with(b -> {
            b.detector = site.detector().withThresholds(thresholdsKeVnr);
            b.windows = windows;
        });
    }

    /** Channel {@code channelId}'s threshold; IllegalArgumentException if the detector has no such channel. */
    public double threshold(int channelId) {
        Double v = thresholdsKeVnr.get(channelId);
        if (v == null) {
            throw new IllegalArgumentException(noChannel(channelId));
        }
        return v;
    }

    /** The thresholds sorted by channel id. */
    public Map<Integer, Double> thresholdsById() {
        return new TreeMap<>(thresholdsKeVnr);
    }

    SettingValues withThreshold(int channelId, double keVnr) {
        Map<Integer, Double> t = new TreeMap<>(thresholdsKeVnr);
        t.put(channelId, keVnr);
        return new SettingValues(t, windows);
    }

    SettingValues withWindows(BeamWindows w) {
        return new SettingValues(thresholdsKeVnr, w);
    }

    static String noChannel(int channelId) {
        return "no channel " + channelId + " in the detector configuration";
    }
}
