package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.beam.BeamExposure;
import eu.ess.cevns.analysis.physics.ExpectedRate;
import eu.ess.cevns.analysis.physics.Reach;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.ExpectationInputs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run's exposure so far means for the neutron radius and NSI ({@link Reach}): the reach
 * input made from the run's detector, thresholds, on window, POT and measured background, and the
 * reach model of the thresholds and on window in force, kept while they stay (building it takes a
 * second or so; scaling it to the POT is quick). One thread: the run's analysis.
 */
final class RunReach {
    private Reach model;
    /** What the model was built for: within a run only the thresholds and the on window change. */
    private ModelKey modelKey;
    private Reach.Result result;

    /** The last result (null before the first). */
    Reach.Result result() {
        return result;
    }

    /** The reach of {@code in}, rebuilding the model only when its thresholds or on window changed. */
    Reach.Result update(Reach.Input in) {
        ModelKey key = new ModelKey(in.thresholds(), in.onStartUs(), in.onEndUs());
        if (model == null || !key.equals(modelKey)) {
            model = Reach.model(in);
            modelKey = key;
        }
        result = model.at(in.pot(), in.steadyBackground(), false, 0);
        return result;
    }

    /**
     * The reach input of a run so far: its detector, POT, r and boost, on window, the thresholds in
     * force (each enabled channel a share of the mass), and either one counting bin from the lowest
     * threshold to the largest recoil, or the analysis's energy bins with the steady background the
     * off window measured (α × off counts per bin).
     */
    static Reach.Input input(RunConfigReplay config, BeamExposure exposure, long[] energyOff, ExpectationInputs inputs,
                             boolean systematics, boolean counting, double cl, double range) {
        DetectorConfig d = config.detector();
        Map<Double, Double> shares = new TreeMap<>();
        int enabled = 0;
        for (DigitizerConfig g : d.digitizers()) {
            for (ChannelConfig ch : g.channels()) {
                if (ch.enabled()) {
                    enabled++;
                    shares.merge(config.thresholdsKeVnr()[ch.id()], 1.0, Double::sum);
                }
            }
        }
        List<Reach.Threshold> thresholds = new ArrayList<>();
        for (var t : shares.entrySet()) {
            thresholds.add(new Reach.Threshold(t.getKey(), t.getValue() / enabled));
        }
        double[] edges;
        double[] steady = null;
        if (counting) {
            edges = new double[] {thresholds.get(0).keVnr(), new ExpectedRate(d).maxRecoilKeV()};
        } else {
            edges = EventHistograms.energyEdgesKeVnr();
            double alpha = exposure.alpha();
            steady = new double[energyOff.length];
            for (int i = 0; i < energyOff.length; i++) {
                steady[i] = Double.isNaN(alpha) ? 0 : alpha * energyOff[i];
            }
        }
        BeamWindows w = config.windows();
        return new Reach.Input(d, exposure.pot(), inputs.neutrinosPerFlavorPerProton(), inputs.boost(), w.onStartUs(), w.onEndUs(),
                thresholds, edges, steady, systematics, cl, range);
    }

    private record ModelKey(List<Reach.Threshold> thresholds, double onStartUs, double onEndUs) {
    }
}
