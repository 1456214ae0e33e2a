package eu.ess.cevns.analysis.stats;

import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

import java.util.Arrays;
import java.util.Locale;

/**
 * The binned Poisson likelihood fit of the CEvNS signal strength. In each energy bin i the on window
 * of beam pulses holds μ(1+θ)·C_i + β·B_i + α·b_i events (C: Standard-Model CEvNS, B: beam-related
 * neutrons, both as expected for the run; b: the steady background of the off window), the off
 * window b_i and the on window of beam-off pulses α_off·b_i. The nuisances: θ, the CEvNS
 * normalisation (flux, form factor, quenching, threshold; Gaussian of width σ_C), β, the BRN
 * normalisation (Gaussian about 1 of width σ_B, β ≥ 0), and one steady background per bin, free
 * (its shape and size are what the off window and the beam-off pulses say), profiled in closed form.
 * <p>
 * μ̂ minimises −ln L; its 68 % interval is where the profile likelihood ratio −2 ln λ(μ) stays below 1
 * (Wilks); the significance of μ > 0 is √(−2 ln λ(0)) when μ̂ > 0 (Cowan et al., Eur. Phys. J. C 71
 * (2011) 1554, q₀). μ may go below zero (the background then absorbs the deficit), so an interval
 * is two-sided and a run without signal shows μ̂ about 0.
 * <p>
 * The optimiser is Commons Math's BOBYQA (Powell 2009): the profiled likelihood has no analytic
 * gradient (each evaluation profiles the per-bin backgrounds), BOBYQA needs none, honours the bounds
 * (β ≥ 0, θ > −1) directly and converges in a few tens of evaluations on a smooth 2–3 parameter
 * problem; a one-parameter minimisation (a profile point without BRN, say) uses Brent's method,
 * since BOBYQA needs at least two.
 */
public final class SignalFit {
    /** −2 ln λ at the edges of a 68.27 % interval for one parameter (Wilks). */
    static final double ONE_SIGMA_DEVIANCE = 1.0;
    private static final int MAX_EVAL = 20_000;

    /**
     * What the fit needs: per energy bin, counts in the on window of beam pulses, the off window, the
     * on window of beam-off pulses, and the expected CEvNS and BRN events in the on window; the exposure
     * ratios α = on/off and α_off = beam-off/off live time; the relative 1σ uncertainties of the CEvNS
     * and BRN normalisations.
     */
    public record Data(long[] on, long[] off, long[] beamOff, double[] cevns, double[] brn, double alpha, double alphaBeamOff,
                       double cevnsSigma, double brnSigma) {
        public Data {
            int n = on.length;
            if (off.length != n || beamOff.length != n || cevns.length != n || brn.length != n) {
                throw new IllegalArgumentException("every per-bin array must have " + n + " bins");
            }
        }

        double cevnsTotal() {
            return Arrays.stream(cevns).sum();
        }

        double brnTotal() {
            return Arrays.stream(brn).sum();
        }
    }

    /**
     * The fit's answer: μ with its 68 % interval, the significance of μ > 0 (standard deviations),
     * the BRN normalisation β (fitted over expected) and the BRN events it means, the CEvNS
     * normalisation pull θ, the CEvNS events μ(1+θ)·ΣC, and {@code status}: "ok", or why there is no fit.
     */
    public record Result(double mu, double muLow, double muHigh, double significance, double brnNorm, double brnEvents,
                         double cevnsNorm, double cevnsEvents, int bins, String status) {
        public static final Result NONE = new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, 0, "not fitted yet");

        static Result none(String why) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, why);
        }

        public boolean ok() {
            return "ok".equals(status);
        }

        /** Half the width of the interval: the usual "±". */
        public double error() {
            return (muHigh - muLow) / 2;
        }
    }

    private final Data d;
    private final boolean fitTheta;
    private final boolean fitBeta;
    private final double muLowBound;
    private final double muHighBound;
    /** μ at the counting estimate and its error: the optimiser works in units of these, so every parameter is O(1). */
    private final double muCentre;
    private final double muScale;
    private int evaluations;

    private SignalFit(Data d) {
        this.d = d;
        this.fitTheta = d.cevnsSigma() > 0;
        this.fitBeta = d.brnSigma() > 0 && d.brnTotal() > 0;
        // bounds wide enough for any sensible answer, from the counting estimate and its error
        double excess = 0;
        double var = 0;
        for (int i = 0; i < d.on().length; i++) {
            excess += d.on()[i] - d.alpha() * d.off()[i];
            var += d.on()[i] + d.alpha() * d.alpha() * d.off()[i];
        }
        double n = d.cevnsTotal();
        double mu = excess / n;
        double sigma = Math.sqrt(var + 1) / n;
        this.muLowBound = Math.min(-1, mu - 30 * sigma - 1);
        this.muHighBound = Math.max(3, mu + 30 * sigma + 3);
        this.muCentre = mu;
        this.muScale = Math.max(1e-3, sigma);
    }

    /** Fewer CEvNS expected than this and μ means nothing yet: its error would be larger than the signal itself. */
    static final double MIN_EXPECTED_CEVNS = 1;

    /** Fits {@code data}; a result with a status saying why not when there is nothing to fit. Never throws. */
    public static Result fit(Data data) {
        if (!(data.alpha() > 0) || Double.isInfinite(data.alpha())) {
            return Result.none("no off-window exposure yet");
        }
        if (!(data.cevnsTotal() > 0)) {
            return Result.none("no CEvNS expected yet");
        }
        if (data.cevnsTotal() < MIN_EXPECTED_CEVNS) {
            return Result.none(String.format(Locale.ROOT, "too few CEvNS expected yet (%.3g, fitting from %.0f)",
                    data.cevnsTotal(), MIN_EXPECTED_CEVNS));
        }
        try {
            return new SignalFit(data).run();
        } catch (RuntimeException e) {
            // Commons Math reports a failed minimisation as an exception: the page shows why, the analysis goes on
            return Result.none("fit failed: " + e.getMessage());
        }
    }

    private Result run() {
        double[] best = minimise(Double.NaN);
        double muHat = best[0];
        double nllMin = best[3];
        BrentSolver solver = new BrentSolver(1e-6, 1e-9);
        double step = Math.max(1e-3, Math.sqrt(1.0 / curvature(muHat, nllMin)));
        double low = crossing(solver, muHat, nllMin, -step, muLowBound);
        double high = crossing(solver, muHat, nllMin, step, muHighBound);
        double q0 = muHat > 0 ? Math.max(0, 2 * (profile(0) - nllMin)) : 0;
        double beta = best[2];
        double theta = best[1];
        return new Result(muHat, low, high, Math.sqrt(q0), beta, beta * d.brnTotal(), theta, muHat * (1 + theta) * d.cevnsTotal(),
                d.on().length, "ok");
    }

    /** Evaluations of the likelihood so far (for the benchmark). */
    int evaluations() {
        return evaluations;
    }

    /** A rough second derivative of the profile at its minimum, to size the first bracket of the interval search. */
    private double curvature(double muHat, double nllMin) {
        double h = Math.max(1e-3, 0.01 * Math.abs(muHat) + 0.01);
        double c = (profile(muHat + h) + profile(muHat - h) - 2 * nllMin) / (h * h);
        return c > 0 ? c : 1;
    }

    /** Where −2 ln λ(μ) = 1 on one side of μ̂: the bracket grows by {@code step} until it holds the crossing. */
    private double crossing(BrentSolver solver, double muHat, double nllMin, double step, double bound) {
        double inner = muHat;
        double outer = muHat + step;
        while (2 * (profile(outer) - nllMin) < ONE_SIGMA_DEVIANCE) {
            inner = outer;
            step *= 2;
            outer = muHat + step;
            if ((step > 0 && outer >= bound) || (step < 0 && outer <= bound)) {
                return bound;
            }
        }
        double a = Math.min(inner, outer);
        double b = Math.max(inner, outer);
        return solver.solve(200, mu -> 2 * (profile(mu) - nllMin) - ONE_SIGMA_DEVIANCE, a, b);
    }

    /** The minimum of −ln L over the nuisances at this μ. */
    private double profile(double mu) {
        return minimise(mu)[3];
    }

    /**
     * Minimises −ln L over μ (when {@code fixedMu} is NaN) and the free nuisances; returns
     * {μ, θ, β, −ln L} at the minimum.
     */
    private double[] minimise(double fixedMu) {
        boolean freeMu = Double.isNaN(fixedMu);
        int n = (freeMu ? 1 : 0) + (fitTheta ? 1 : 0) + (fitBeta ? 1 : 0);
        double[] start = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        int k = 0;
        // the optimiser's variables: μ in units of its counting error about the counting estimate, θ in units
        // of σ_C, β − 1 in units of σ_B (see unpack)
        if (freeMu) {
            start[k] = 0;
            lo[k] = (muLowBound - muCentre) / muScale;
            hi[k++] = (muHighBound - muCentre) / muScale;
        }
        if (fitTheta) {
            start[k] = 0;
            lo[k] = Math.max(-0.95, -8 * d.cevnsSigma()) / d.cevnsSigma();
            hi[k++] = 8;
        }
        if (fitBeta) {
            start[k] = 0;
            lo[k] = -1 / d.brnSigma();
            hi[k++] = 8 + 3 / d.brnSigma();
        }
        double[] x;
        double value;
        if (n == 0) {
            x = start;
            value = nll(fixedMu, 0, 1);
        } else if (n == 1) {
            BrentOptimizer brent = new BrentOptimizer(1e-10, 1e-12);
            var r = brent.optimize(new MaxEval(MAX_EVAL), GoalType.MINIMIZE,
                    new UnivariateObjectiveFunction(v -> nllOf(fixedMu, new double[] {v})), new SearchInterval(lo[0], hi[0], start[0]));
            x = new double[] {r.getPoint()};
            value = r.getValue();
        } else {
            double radius = 0.3;
            for (int i = 0; i < n; i++) {
                radius = Math.min(radius, (hi[i] - lo[i]) / 4);
            }
            BOBYQAOptimizer bobyqa = new BOBYQAOptimizer(2 * n + 1, radius, 1e-7);
            PointValuePair r = bobyqa.optimize(new MaxEval(MAX_EVAL), new ObjectiveFunction(p -> nllOf(fixedMu, p)), GoalType.MINIMIZE,
                    new InitialGuess(start), new SimpleBounds(lo, hi));
            x = r.getPoint();
            value = r.getValue();
        }
        double[] p = unpack(fixedMu, x);
        return new double[] {p[0], p[1], p[2], value};
    }

    /** (μ, θ, β) from the optimiser's scaled variables. */
    private double[] unpack(double fixedMu, double[] x) {
        int k = 0;
        double mu = Double.isNaN(fixedMu) ? muCentre + muScale * x[k++] : fixedMu;
        double theta = fitTheta ? d.cevnsSigma() * x[k++] : 0;
        double beta = fitBeta ? 1 + d.brnSigma() * x[k] : 1;
        return new double[] {mu, theta, beta};
    }

    private double nllOf(double fixedMu, double[] x) {
        double[] p = unpack(fixedMu, x);
        return nll(p[0], p[1], p[2]);
    }

    /** −ln L(μ, θ, β) with each bin's steady background profiled, up to a constant; the Gaussian constraints included. */
    double nll(double mu, double theta, double beta) {
        evaluations++;
        double a = d.alpha();
        double k = a + 1 + d.alphaBeamOff();
        double sum = 0;
        for (int i = 0; i < d.on().length; i++) {
            double s = mu * (1 + theta) * d.cevns()[i] + beta * d.brn()[i];
            long n = d.on()[i];
            long m = d.off()[i] + d.beamOff()[i];
            double b = profiledBackground(s, n, m, a, k);
            double onMean = s + a * b;
            if (onMean <= 0 && n > 0) {
                return Double.MAX_VALUE;
            }
            sum += onMean - (n > 0 ? n * Math.log(onMean) : 0) + (k - a) * b - (m > 0 ? m * Math.log(b) : 0);
        }
        if (fitTheta) {
            sum += theta * theta / (2 * d.cevnsSigma() * d.cevnsSigma());
        }
        if (fitBeta) {
            sum += (beta - 1) * (beta - 1) / (2 * d.brnSigma() * d.brnSigma());
        }
        return sum;
    }

    /**
     * The steady background b (off-window events per bin) that maximises the likelihood of one bin for
     * beam-correlated events s: the zero of α n/(s + α b) + m/b − k, k = α + 1 + α_off, m the off-window
     * and beam-off counts, i.e. the root of k α b² + (k s − α (n + m)) b − m s = 0 where s + α b > 0
     * and b ≥ 0 (the derivative falls monotonically there, so there is one); at the edge of that domain
     * when the derivative is negative throughout.
     */
    static double profiledBackground(double s, long n, long m, double a, double k) {
        double lowest = Math.max(0, -s / a);
        double qa = k * a;
        double qb = k * s - a * (n + m);
        double qc = -m * s;
        double disc = qb * qb - 4 * qa * qc;
        if (disc >= 0) {
            double sq = Math.sqrt(disc);
            // the larger root, computed without cancellation
            double root = qb <= 0 ? (-qb + sq) / (2 * qa) : (2 * qc) / (-qb - sq);
            if (root > lowest || (root >= lowest && n == 0)) {
                return root;
            }
        }
        return lowest;
    }
}
