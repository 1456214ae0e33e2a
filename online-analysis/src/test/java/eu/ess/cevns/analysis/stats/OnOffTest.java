package eu.ess.cevns.analysis.stats;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** On/off statistics: the textbook formulas, their limits, and the coverage of the interval. */
class OnOffTest {

    @Test
    void excessAndItsError() {
        OnOff m = new OnOff(130, 400, 0.25);
        assertEquals(30, m.excess(), 1e-12);
        assertEquals(Math.sqrt(130 + 0.0625 * 400), m.excessError(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new OnOff(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new OnOff(1, 0, 0));
    }

    @Test
    void liMaSignificanceHasTheRightLimitsAndSign() {
        assertEquals(0, new OnOff(50, 50, 1).liMaSignificance(), 1e-12, "no excess, no significance");
        assertEquals(0, new OnOff(0, 0, 1).liMaSignificance());
        // large counts: Li & Ma Eq. 17 approaches excess / sqrt(α (N_on + N_off)) (their Eq. 9 in that limit)
        OnOff big = new OnOff(11_000, 40_000, 0.25);
        double gauss = big.excess() / Math.sqrt(big.alpha() * (big.on() + big.off()));
        assertEquals(gauss, big.liMaSignificance(), 0.01 * gauss);
        assertTrue(new OnOff(20, 200, 0.25).liMaSignificance() < 0, "a deficit is negative");
        // Li & Ma 1983 Eq. 17 evaluated by hand for N_on = 10, N_off = 20, α = 0.1:
        // 2 [10 ln(11 · 10/30) + 20 ln(1.1 · 20/30)] = 2 [12.9928 − 6.2031] = 13.579 → S = 3.685
        assertEquals(3.685, new OnOff(10, 20, 0.1).liMaSignificance(), 0.001);
    }

    @Test
    void withNothingSeenTheIntervalIsAnUpperLimit() {
        // N_on = N_off = 0: L = exp(−s), −2 ln λ = 2 s, so the 90 % limit is χ²₁(0.9)/2 = 2.7055/2
        Interval i = new OnOff(0, 0, 1).interval(0.90);
        assertEquals(0, i.lower());
        assertEquals(2.705543 / 2, i.upper(), 1e-4);
        Interval few = new OnOff(2, 40, 0.1).interval(0.90);
        assertEquals(0, few.lower(), "two on counts over an expected four: an upper limit");
        assertTrue(few.upper() > 0 && few.upper() < 10, few.toString());
    }

    @Test
    void aClearSignalHasAnIntervalAroundTheExcess() {
        OnOff m = new OnOff(400, 1000, 0.2);
        Interval i = m.interval(0.6827);
        assertTrue(i.lower() > 0 && i.contains(m.excess()), i.toString());
        // for large counts the 68 % interval is about ± the Gaussian error
        assertEquals(2 * m.excessError(), i.upper() - i.lower(), 0.05 * 2 * m.excessError());
    }

    /** Fraction of pseudo-experiments whose interval contains the true signal. */
    static double coverage(double signal, double backgroundOn, double alpha, double confidence, int experiments, long seed) {
        Well19937c rng = new Well19937c(seed);
        PoissonDistribution on = new PoissonDistribution(rng, signal + backgroundOn, 1e-12, 10_000);
        PoissonDistribution off = new PoissonDistribution(rng, backgroundOn / alpha, 1e-12, 10_000);
        int covered = 0;
        for (int i = 0; i < experiments; i++) {
            if (new OnOff(on.sample(), off.sample(), alpha).interval(confidence).contains(signal)) {
                covered++;
            }
        }
        return (double) covered / experiments;
    }

    @Test
    void theIntervalCoversTheTrueSignalAsOftenAsItClaimsDownToLowCounts() {
        // profile-likelihood intervals are approximate at low counts (Rolke et al. 2005 report coverage
        // within a few % of nominal); 2000 experiments give a statistical spread of ±1 %
        double high = coverage(40, 60, 0.2, 0.6827, 2000, 1);
        double low = coverage(3, 2, 0.2, 0.6827, 2000, 2);
        double limit = coverage(0.5, 1, 0.5, 0.90, 2000, 3);
        System.out.printf("coverage: 68.27 %% nominal: %.3f (s=40, b=60), %.3f (s=3, b=2); 90 %% nominal: %.3f (s=0.5, b=1)%n",
                high, low, limit);
        assertEquals(0.6827, high, 0.03);
        assertEquals(0.6827, low, 0.06);
        assertTrue(limit > 0.85, "90 % intervals near zero signal cover at least about 90 %: " + limit);
    }
}
