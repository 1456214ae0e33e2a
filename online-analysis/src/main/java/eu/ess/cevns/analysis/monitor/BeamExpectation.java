package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.physics.BeamNeutronRate;
import eu.ess.cevns.analysis.physics.ExpectedRate;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.Systematics;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The beam-correlated expectation of a run's on window: Standard-Model CEvNS ({@link ExpectedRate})
 * plus the detector's beam-related neutrons ({@link BeamNeutronRate}), each enabled channel at its
 * own threshold with an equal share of the target mass, scaled by the protons on target and the
 * run's boost, with the 1σ systematic uncertainty of the sum: neutrino flux and form factor as
 * relative errors of CEvNS, the quenching factor and the threshold calibration through the CEvNS
 * rate at the shifted threshold (the same for every channel, so added linearly over channels), the
 * BRN normalisation as a relative error of BRN; the sources are independent and add in quadrature.
 * The rate integrals are slow and thresholds and windows rarely change, so the numbers per proton
 * are kept for each (threshold, on window) seen.
 */
final class BeamExpectation {
    /** A threshold and an on window: what the events per proton of one channel depend on. */
    record ThresholdWindow(double thresholdKeVnr, double onStartUs, double onEndUs) {
    }

    /** Per proton, whole target at one threshold: CEvNS, its quenching and threshold shifts (absolute), BRN. */
    private record PerProton(double cevns, double quenchingShift, double thresholdShift, double brn) {
    }

    /**
     * The expectation for an exposure: CEvNS and beam-related neutron events, and the 1σ systematic
     * uncertainty of their sum (events).
     */
    record Value(double cevns, double brn, double syst, double cevnsSyst) {
        static final Value NONE = new Value(0, 0, 0, 0);

        double total() {
            return cevns + brn;
        }
    }

    /**
     * The expectation in energy bins (keVnr, edges {@code edges}): CEvNS and BRN events in the on
     * window of each bin, each channel above its own threshold, for the exposure given.
     */
    record Binned(double[] cevns, double[] brn) {
    }

    private final DetectorConfig detector;
    private final ExpectedRate rate;
    private final BeamNeutronRate neutrons;
    private final Exposure perProton;
    private final double boost;
    private final int enabledChannels;
    private final Map<ThresholdWindow, PerProton> cache = new HashMap<>();
    /** CEvNS per proton above each bin edge, by on window. */
    private final Map<ThresholdWindow, double[]> edgeCache = new HashMap<>();

    BeamExpectation(DetectorConfig detector, ExpectationInputs inputs) {
        this.detector = detector;
        this.rate = new ExpectedRate(detector);
        this.neutrons = new BeamNeutronRate(detector);
        this.perProton = new Exposure(1, inputs.neutrinosPerFlavorPerProton(), detector.distanceM());
        this.boost = inputs.boost();
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
     * CEvNS events expected in the on window of {@code windows} for {@code pot} protons on target.
     *
     * @param thresholdsKeVnr each channel's threshold, indexed by channel id
     */
    double events(double[] thresholdsKeVnr, BeamWindows windows, double pot) {
        return value(thresholdsKeVnr, windows, pot).cevns();
    }

    /** CEvNS, beam-related neutrons and the systematic uncertainty for {@code pot} protons on target. */
    Value value(double[] thresholdsKeVnr, BeamWindows windows, double pot) {
        return value(thresholdsKeVnr, windows, pot, id -> true, 0, Double.POSITIVE_INFINITY);
    }

    /**
     * The same for the enabled channels {@code selected} accepts, recoils in [minKeVnr, maxKeVnr]: each
     * channel from max(its threshold, minKeVnr); the quenching and threshold terms where that is its threshold.
     */
    Value value(double[] thresholdsKeVnr, BeamWindows windows, double pot, IntPredicate selected, double minKeVnr, double maxKeVnr) {
        if (enabledChannels == 0 || pot == 0) {
            return Value.NONE;
        }
        double cevns = 0;
        double quenching = 0;
        double threshold = 0;
        double brn = 0;
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig ch : d.channels()) {
                if (ch.enabled() && selected.test(ch.id())) {
                    double t = thresholdsKeVnr[ch.id()];
                    double lo = Math.max(t, minKeVnr);
                    PerProton p = perProton(lo, windows);
                    double above = Double.isInfinite(maxKeVnr) ? 0 : perProton(Math.max(lo, maxKeVnr), windows).cevns();
                    cevns += (p.cevns() - above) / enabledChannels;
                    if (lo == t) {
                        quenching += p.quenchingShift() / enabledChannels;
                        threshold += p.thresholdShift() / enabledChannels;
                    }
                    double brnAbove = Double.isInfinite(maxKeVnr) ? 0 : perProton(Math.max(lo, maxKeVnr), windows).brn();
                    brn += (p.brn() - brnAbove) / enabledChannels;
                }
            }
        }
        Systematics s = detector.systematics();
        double relative = Math.hypot(s.fluxFraction(), s.formFactorFraction()) * cevns;
        double cevnsSyst = Math.sqrt(relative * relative + quenching * quenching + threshold * threshold);
        double syst = Math.hypot(cevnsSyst, neutrons.normUncertainty() * brn);
        double scale = pot * boost;
        return new Value(cevns * scale, brn * scale, syst * scale, cevnsSyst * scale);
    }

    /** The share of the target mass behind the enabled channels {@code selected} accepts. */
    double share(IntPredicate selected) {
        int n = 0;
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig ch : d.channels()) {
                if (ch.enabled() && selected.test(ch.id())) {
                    n++;
                }
            }
        }
        return enabledChannels == 0 ? 0 : n / (double) enabledChannels;
    }

    /** Relative 1σ uncertainty of the BRN normalisation (the detector file's). */
    double brnUncertainty() {
        return neutrons.normUncertainty();
    }

    /**
     * CEvNS and BRN events in the on window for {@code pot} protons in each energy bin [edges[i],
     * edges[i+1]) keVnr: each enabled channel counts its share above its own threshold.
     */
    Binned binned(double[] thresholdsKeVnr, BeamWindows windows, double pot, double[] edges) {
        int bins = edges.length - 1;
        double[] cevns = new double[bins];
        double[] brn = new double[bins];
        if (enabledChannels == 0 || pot == 0) {
            return new Binned(cevns, brn);
        }
        double[] above = cevnsAboveEdges(windows, edges);
        double brnFraction = neutrons.windowFraction(windows.onStartUs(), windows.onEndUs());
        double scale = pot * boost / enabledChannels;
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig ch : d.channels()) {
                if (!ch.enabled()) {
                    continue;
                }
                double t = thresholdsKeVnr[ch.id()];
                double atThreshold = perProton(t, windows).cevns();
                for (int i = 0; i < bins; i++) {
                    double lo = edges[i] >= t ? above[i] : atThreshold;
                    double hi = edges[i + 1] >= t ? above[i + 1] : atThreshold;
                    cevns[i] += (lo - hi) * scale;
                    brn[i] += neutrons.eventsPerProton(Math.max(edges[i], t), Math.max(edges[i + 1], t)) * brnFraction * scale;
                }
            }
        }
        return new Binned(cevns, brn);
    }

    private double[] cevnsAboveEdges(BeamWindows windows, double[] edges) {
        ThresholdWindow key = new ThresholdWindow(Double.NaN, windows.onStartUs(), windows.onEndUs());
        double[] cached = edgeCache.get(key);
        if (cached == null || cached.length != edges.length) {
            cached = new double[edges.length];
            for (int i = 0; i < edges.length; i++) {
                cached[i] = rate.eventsInWindow(edges[i], perProton, windows.onStartUs(), windows.onEndUs());
            }
            edgeCache.put(key, cached);
        }
        return cached;
    }

    /** Events per proton of the whole target at one threshold, in the on window. */
    double eventsPerPot(double thresholdKeVnr, BeamWindows windows) {
        return perProton(thresholdKeVnr, windows).cevns();
    }

    private PerProton perProton(double thresholdKeVnr, BeamWindows windows) {
        ThresholdWindow key = new ThresholdWindow(thresholdKeVnr, windows.onStartUs(), windows.onEndUs());
        PerProton cached = cache.get(key);
        if (cached == null) {
            double on = windows.onStartUs();
            double off = windows.onEndUs();
            double cevns = rate.eventsInWindow(thresholdKeVnr, perProton, on, off);
            Systematics s = detector.systematics();
            // a quenching factor higher by q moves a fixed keVee threshold down by q in keVnr, and the other way round
            double q = s.quenchingFraction();
            double quenching = q > 0 ? Math.abs(rate.eventsInWindow(thresholdKeVnr * (1 - q), perProton, on, off)
                    - rate.eventsInWindow(thresholdKeVnr * (1 + q), perProton, on, off)) / 2 : 0;
            double dT = s.thresholdKeVnr();
            double threshold = dT > 0 ? Math.abs(rate.eventsInWindow(Math.max(0, thresholdKeVnr - dT), perProton, on, off)
                    - rate.eventsInWindow(thresholdKeVnr + dT, perProton, on, off)) / 2 : 0;
            double brn = neutrons.eventsPerProton(thresholdKeVnr) * neutrons.windowFraction(on, off);
            cached = new PerProton(cevns, quenching, threshold, brn);
            cache.put(key, cached);
        }
        return cached;
    }

    /** (threshold, on window) pairs computed so far. */
    int cachedPairs() {
        return cache.size();
    }
}
