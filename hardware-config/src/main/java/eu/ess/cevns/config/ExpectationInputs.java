package eu.ess.cevns.config;

/**
 * The source-side inputs of the beam-correlated expectation that are not in the detector file
 * (site file {@code expectation:}): the neutrinos of each flavour per proton {@code r}, and a factor
 * on every beam-correlated rate (CEvNS and beam-related neutrons alike) that simulations use so that
 * a signal grows within minutes: the demo's {@code --boost}; 1 for real data. Both are recorded in
 * every run, so that a replay computes the expectation the shift crew saw.
 *
 * @param neutrinosPerFlavorPerProton r (ESS at 2 GeV: 0.3, Baxter et al. JHEP 02 (2020) 123)
 * @param boost                       factor on the beam-correlated rates (1: the real thing)
 */
public record ExpectationInputs(double neutrinosPerFlavorPerProton, double boost) {
    /** ESS at 2 GeV, no boost: what a run that recorded no inputs is replayed with. */
    public static final ExpectationInputs DEFAULT = new ExpectationInputs(0.3, 1);

    /** The same with another boost. */
    public ExpectationInputs withBoost(double b) {
        return new ExpectationInputs(neutrinosPerFlavorPerProton, b);
    }
}
