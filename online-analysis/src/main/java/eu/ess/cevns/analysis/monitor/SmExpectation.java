package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.physics.ExpectedRate;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;

import java.util.HashMap;
import java.util.Map;

/**
 * The Standard-Model expectation of a run's on window ({@link ExpectedRate}): each enabled channel
 * at its own threshold with an equal share of the target mass, scaled by the protons on target.
 * The rate integral is slow and thresholds and windows rarely change, so the events per proton are
 * kept for each (threshold, on window) seen.
 */
final class SmExpectation {
    /** A threshold and an on window: what the events per proton of one channel depend on. */
    record ThresholdWindow(double thresholdKeVnr, double onStartUs, double onEndUs) {
    }

    private final DetectorConfig detector;
    private final ExpectedRate rate;
    private final Exposure perProton;
    private final int enabledChannels;
    private final Map<ThresholdWindow, Double> eventsPerPot = new HashMap<>();

    /** @param neutrinosPerFlavorPerProton the source's r (ESS: {@link Exposure#ESS_R}) */
    SmExpectation(DetectorConfig detector, double neutrinosPerFlavorPerProton) {
        this.detector = detector;
        this.rate = new ExpectedRate(detector);
        this.perProton = new Exposure(1, neutrinosPerFlavorPerProton, detector.distanceM());
        int enabled = 0;
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig ch : d.channels()) {
                if (ch.enabled()) {
                    enabled++;
                }
            }
        }
        this.enabledChannels = enabled;
    }

    /**
     * Events expected in the on window of {@code windows} for {@code pot} protons on target.
     *
     * @param thresholdsKeVnr each channel's threshold, indexed by channel id
     */
    double events(double[] thresholdsKeVnr, BeamWindows windows, double pot) {
        if (enabledChannels == 0 || pot == 0) {
            return 0;
        }
        double sum = 0;
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig ch : d.channels()) {
                if (ch.enabled()) {
                    sum += eventsPerPot(thresholdsKeVnr[ch.id()], windows) / enabledChannels;
                }
            }
        }
        return sum * pot;
    }

    /** Events per proton of the whole target at one threshold, in the on window. */
    double eventsPerPot(double thresholdKeVnr, BeamWindows windows) {
        ThresholdWindow key = new ThresholdWindow(thresholdKeVnr, windows.onStartUs(), windows.onEndUs());
        Double cached = eventsPerPot.get(key);
        if (cached == null) {
            cached = rate.eventsInWindow(thresholdKeVnr, perProton, windows.onStartUs(), windows.onEndUs());
            eventsPerPot.put(key, cached);
        }
        return cached;
    }

    /** (threshold, on window) pairs computed so far. */
    int cachedPairs() {
        return eventsPerPot.size();
    }
}
