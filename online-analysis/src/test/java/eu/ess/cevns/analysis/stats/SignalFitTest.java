package eu.ess.cevns.analysis.stats;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The likelihood fit of the signal strength: the per-bin background profile against a brute-force
 * maximum, the one-bin case against the on/off likelihood it must reduce to, and toy experiments
 * drawn from the model (fixed seeds, so every run sees the same toys) for the coverage of the 68 %
 * interval, the answer without signal and the significance. The full closed loop through the server
 * is {@code ClosedLoopTest} (a few seeds) and the coverage harness {@code bench/run.sh coverage} (50).
 */
class SignalFitTest {
    static final int BINS = 50;

    /** A falling exponential of total {@code total} over 1 keVnr bins from {@code firstBin}. */
    static double[] falling(double total, double slopeKeVnr, int firstBin) {
        double[] x = new double[BINS];
        double sum = 0;
        for (int i = firstBin; i < BINS; i++) {
            x[i] = Math.exp(-(i + 0.5) / slopeKeVnr);
            sum += x[i];
        }
        for (int i = 0; i < BINS; i++) {
            x[i] *= total / sum;
        }
        return x;
    }

    /**
     * Demo-like numbers (csi-cryogenic, a minute of demo): 250 CEvNS (slope 4 keVnr) and 25 BRN (slope 20)
     * over the 1 keVnr threshold, 120 steady-background events per window (slope 25), equal on and off
     * live time, beam-off pulses with a quarter of it.
     */
    static final double[] CEVNS = falling(250, 4, 1);
    static final double[] BRN = falling(25, 20, 1);
    static final double[] STEADY = falling(120, 25, 1);
    static final double ALPHA = 1.0;
    static final double ALPHA_OFF = 0.25;

    /** One toy experiment: counts drawn from the model with signal strength {@code mu}, CEvNS scaled by 1+θ, BRN by β. */
    static SignalFit.Data toy(RandomGenerator rng, double mu, double theta, double beta, double cevnsSigma, double brnSigma) {
        long[] on = new long[BINS];
        long[] off = new long[BINS];
        long[] beamOff = new long[BINS];
        for (int i = 0; i < BINS; i++) {
            on[i] = draw(rng, mu * (1 + theta) * CEVNS[i] + beta * BRN[i] + ALPHA * STEADY[i]);
            off[i] = draw(rng, STEADY[i]);
            beamOff[i] = draw(rng, ALPHA_OFF * STEADY[i]);
        }
        return new SignalFit.Data(on, off, beamOff, CEVNS, BRN, ALPHA, ALPHA_OFF, cevnsSigma, brnSigma);
    }

    static long draw(RandomGenerator rng, double mean) {
        return mean <= 0 ? 0 : new PoissonDistribution(rng, mean, 1e-12, 10_000).sample();
    }

    @Test
    void theProfiledBackgroundIsTheMaximumOfTheBinsLikelihood() {
        // (s, n, m, α, k): signal present or not, negative s (μ < 0), empty on or off bins
        double[][] cases = {{5, 12, 7, 1, 2.25}, {0, 3, 4, 0.5, 1.5}, {-2, 6, 9, 1, 2}, {3, 0, 5, 1, 2}, {4, 9, 0, 1, 2},
                {-1, 0, 4, 0.5, 1.5}, {20, 3, 1, 2, 3.5}};
        for (double[] c : cases) {
            double s = c[0];
            long n = (long) c[1];
            long m = (long) c[2];
            double a = c[3];
            double k = c[4];
            double b = SignalFit.profiledBackground(s, n, m, a, k);
            double best = logL(s, n, m, a, k, b);
            double lowest = Math.max(0, -s / a);
            assertTrue(b >= lowest, "within the domain: " + Arrays.toString(c));
            for (double x = lowest; x < 40; x += 0.001) {
                assertTrue(logL(s, n, m, a, k, x) <= best + 1e-9, "no better b than " + b + " at " + x + " for " + Arrays.toString(c));
            }
        }
    }

    static double logL(double s, long n, long m, double a, double k, double b) {
        double on = s + a * b;
        if (on <= 0 && n > 0 || b <= 0 && m > 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return (n > 0 ? n * Math.log(on) : 0) - on + (m > 0 ? m * Math.log(b) : 0) - (k - a) * b;
    }

    @Test
    void withOneBinAndNoNuisanceItIsTheOnOffLikelihood() {
        // 130 on, 400 off, α = 0.25, 25 CEvNS expected: s = μ·25, the on/off measurement of OnOffLikelihood
        SignalFit.Data d = new SignalFit.Data(new long[] {130}, new long[] {400}, new long[] {0}, new double[] {25}, new double[] {0},
                0.25, 0, 0, 0);
        SignalFit.Result r = SignalFit.fit(d);
        assertTrue(r.ok(), r.status());
        OnOff m = new OnOff(130, 400, 0.25);
        assertEquals(m.excess() / 25, r.mu(), 1e-6, "μ̂ = (N_on − α N_off) / N_SM");
        // OnOffLikelihood's interval at 68.27 %: χ²(1) quantile 0.99998 instead of 1, so equal to 1e-4 relative
        Interval i = OnOffLikelihood.interval(m, 0.6827);
        assertEquals(i.lower() / 25, r.muLow(), 2e-4 * r.mu());
        assertEquals(i.upper() / 25, r.muHigh(), 2e-4 * r.mu());
        // q₀ of the on/off likelihood: its deviance at s = 0
        assertEquals(Math.sqrt(OnOffLikelihood.deviance(m, 0)), r.significance(), 1e-4);
        assertEquals(m.liMaSignificance(), r.significance(), 1e-4, "which is Li & Ma's Eq. 17");
    }

    @Test
    void theIntervalCoversTheTrueSignalStrengthIn68PercentOfToys() {
        // statistics only: the Wilks interval should cover about 68.3 %; 400 toys give a binomial error of 2.3 %
        RandomGenerator rng = new Well19937c(13);
        int toys = 400;
        int covered = 0;
        for (int t = 0; t < toys; t++) {
            SignalFit.Result r = SignalFit.fit(toy(rng, 1, 0, 1, 0, 0));
            assertTrue(r.ok(), r.status());
            if (r.muLow() <= 1 && 1 <= r.muHigh()) {
                covered++;
            }
        }
        double coverage = covered / (double) toys;
        System.out.printf("signal fit, statistics only: %d of %d toys covered mu = 1 (%.1f %%)%n", covered, toys, 100 * coverage);
        assertEquals(0.683, coverage, 3 * Math.sqrt(0.683 * 0.317 / toys), "coverage " + coverage);
    }

    @Test
    void withTheSystematicsAsNuisancesItStillCoversWhenTheTruthIsOffTheNominalFlux() {
        // each toy's true CEvNS normalisation drawn from its prior (11 %), the BRN one from 25 %: the interval of μ,
        // which carries both through the constrained nuisances, covers μ = 1 about 68 % of the time
        RandomGenerator rng = new Well19937c(29);
        int toys = 200;
        int covered = 0;
        int coveredNominal = 0;
        double widthSum = 0;
        for (int t = 0; t < toys; t++) {
            double theta = 0.11 * rng.nextGaussian();
            double beta = Math.max(0, 1 + 0.25 * rng.nextGaussian());
            SignalFit.Result r = SignalFit.fit(toy(rng, 1, theta, beta, 0.11, 0.25));
            if (r.muLow() <= 1 && 1 <= r.muHigh()) {
                covered++;
            }
            SignalFit.Result nominal = SignalFit.fit(toy(rng, 1, 0, 1, 0.11, 0.25));
            if (nominal.muLow() <= 1 && 1 <= nominal.muHigh()) {
                coveredNominal++;
            }
            widthSum += r.error();
        }
        double coverage = covered / (double) toys;
        System.out.printf("signal fit with systematics: %d of %d toys covered (%.1f %%), %d of %d at the nominal flux; mean ± %.3f%n",
                covered, toys, 100 * coverage, coveredNominal, toys, widthSum / toys);
        assertEquals(0.683, coverage, 3 * Math.sqrt(0.683 * 0.317 / toys), "coverage " + coverage);
        assertTrue(coveredNominal >= covered, "at the nominal flux the prior only widens the interval: over-coverage");
        assertTrue(widthSum / toys > 0.11, "the interval is wider than the flux uncertainty alone");
    }

    @Test
    void withoutSignalMuIsCompatibleWithZeroAndNotSignificant() {
        RandomGenerator rng = new Well19937c(41);
        int toys = 100;
        double sum = 0;
        double errors = 0;
        int significant = 0;
        for (int t = 0; t < toys; t++) {
            SignalFit.Result r = SignalFit.fit(toy(rng, 0, 0, 1, 0.11, 0.25));
            sum += r.mu();
            errors += r.error();
            if (r.significance() > 3) {
                significant++;
            }
            assertTrue(r.significance() >= 0);
            if (r.mu() <= 0) {
                assertEquals(0, r.significance(), "no excess, no significance");
            }
        }
        double mean = sum / toys;
        double meanError = errors / toys;
        // the mean μ̂ of 100 toys is within 3 standard errors of the mean of zero
        assertEquals(0, mean, 3 * meanError / Math.sqrt(toys), "mean mu without signal: " + mean);
        assertTrue(significant <= 2, "3σ without a signal: " + significant + " of " + toys);
    }

    @Test
    void aClearSignalIsSignificantAndTheBrnNormalisationIsFitted() {
        RandomGenerator rng = new Well19937c(7);
        SignalFit.Result r = SignalFit.fit(toy(rng, 1, 0, 1, 0.11, 0.25));
        assertTrue(r.significance() > 8, "250 CEvNS over 120 background events: " + r);
        assertEquals(1, r.brnNorm(), 3 * 0.25, "β near its expectation: " + r);
        assertEquals(r.brnNorm() * 25, r.brnEvents(), 1e-9);
        assertTrue(r.muLow() < r.mu() && r.mu() < r.muHigh());
    }

    @Test
    void nothingToFitSaysWhy() {
        long[] z = new long[BINS];
        assertEquals("no off-window exposure yet",
                SignalFit.fit(new SignalFit.Data(z, z, z, CEVNS, BRN, Double.NaN, 0, 0.1, 0.25)).status());
        assertEquals("no CEvNS expected yet",
                SignalFit.fit(new SignalFit.Data(z, z, z, new double[BINS], BRN, 1, 0, 0.1, 0.25)).status());
        assertThrows(IllegalArgumentException.class, () -> new SignalFit.Data(z, new long[3], z, CEVNS, BRN, 1, 0, 0, 0));
        double[] tiny = falling(8e-4, 4, 1);
        assertTrue(SignalFit.fit(new SignalFit.Data(z, z, z, tiny, BRN, 1, 0, 0.1, 0.25)).status().startsWith("too few CEvNS expected yet"),
                "an unboosted minute of beam expects 8e-4 events: no μ to speak of");
    }

    @Test
    void oddDataGiveAnAnswerOrAReasonNeverAnException() {
        long[] none = new long[BINS];
        long[] many = new long[BINS];
        Arrays.fill(many, 1, BINS, 100);
        long[] one = new long[BINS];
        one[BINS - 1] = 1;
        for (long[][] c : new long[][][] {{none, many}, {many, none}, {one, none}, {none, none}, {many, many}}) {
            SignalFit.Result r = SignalFit.fit(new SignalFit.Data(c[0], c[1], none, CEVNS, BRN, 0.9, 0, 0.11, 0.25));
            assertNotNull(r.status());
            if (r.ok()) {
                assertTrue(r.muLow() <= r.mu() && r.mu() <= r.muHigh(), r.toString());
            }
        }
    }
}
