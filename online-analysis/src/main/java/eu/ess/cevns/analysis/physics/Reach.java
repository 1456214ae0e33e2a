package eu.ess.cevns.analysis.physics;

import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.Nucleus;
import eu.ess.cevns.config.Systematics;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.List;

/**
 * What an exposure means for the two measurements the ESS CEvNS programme is built for (Baxter et
 * al., JHEP 02 (2020) 123): the 1σ precision on the neutron rms radius of each nucleus of the
 * target, and the allowed region of vector non-standard interactions with up quarks
 * (ε^uV_ee, ε^uV_μμ; ε^dV = 0), from the expected (Asimov) data in energy bins:
 * σ(R_n) from the Fisher information F_ab = Σ_i ∂ν_i/∂a ∂ν_i/∂b / ν_i (+ the nuisances' priors), one
 * nucleus's R_n varied at a time, and the NSI region where Δχ²(ε) = min over the nuisances of
 * Σ_i (ν_i(ε) − ν_i⁰)²/ν_i⁰ (+ priors) stays below χ²₂(CL) (the nuisances enter linearly, so the
 * minimum is a 2×2 solve).
 * <ul>
 * <li>counting, statistical only ({@code --counting --stat-only}): one bin holding every count above
 *     threshold, no background, no nuisance; the formulas above become σ(R_n) = √N₀ / |dN/dR_n| and
 *     (N(ε) − N₀)²/N₀ &lt; χ²₂(CL), checkable by hand;</li>
 * <li>binned with systematics (the default): bins of recoil energy over the expected background
 *     (beam-related neutrons, and a stored run's steady background), with the CEvNS and BRN
 *     normalisations as Gaussian nuisances of the detector file's systematics (the form factor's left
 *     out for the radius, which is what it measures).</li>
 * </ul>
 * The weak charge of flavour α: Q_α = Z(g_V^p + 2ε^uV_αα) + N(g_V^n + ε^uV_αα), g_V^p = 1/2 − 2 sin²θ_W,
 * g_V^n = −1/2; the rate of flavour α scales as (Q_α/Q_α(0))²: νe (delayed) with ε_ee, prompt νμ and
 * delayed ν̄μ with ε_μμ. The form factor is the weak one ({@link CevnsCrossSection}).
 */
public final class Reach {

    /** A channel threshold and the share of the target mass behind it. */
    public record Threshold(double keVnr, double share) {
    }

    /**
     * What the reach is computed for: a detector, protons on target, r and a boost (a demo's), the on
     * window, the thresholds in force with their shares of the mass, the energy bins (keVnr; the
     * statistics' bins: one bin from the threshold to the largest recoil is counting), the steady
     * background expected in each (a stored run's; zeros for a plan), whether the systematics and the
     * backgrounds enter (false: statistical only), the confidence level of the NSI region and its range in ε.
     */
    public record Input(DetectorConfig detector, double pot, double neutrinosPerFlavorPerProton, double boost, double onStartUs,
                        double onEndUs, List<Threshold> thresholds, double[] edgesKeVnr, double[] steadyBackground,
                        boolean systematics, double cl, double epsilonRange) {
        /** The statistics in words: "counting, statistical only", "binned (40 bins) with systematics", … */
        public String statistics() {
            int bins = edgesKeVnr.length - 1;
            return (bins == 1 ? "counting" : "binned (" + bins + " bins)") + (systematics ? " with systematics" : ", statistical only");
        }
    }

    /** One nucleus's neutron rms radius: nominal (the Helm radius) and its 1σ precision. */
    public record Radius(String nucleus, double rmsFm, double sigmaFm) {
        public double sigmaPercent() {
            return 100 * sigmaFm / rmsFm;
        }
    }

    /** The NSI region: Δχ² threshold, the allowed intervals on each axis through zero, and (if asked) the grid. */
    public record Nsi(double deltaChi2, List<double[]> eeIntervalsAtMumuZero, List<double[]> mumuIntervalsAtEeZero, Grid grid) {
    }

    /** Δχ² on a square grid: {@code deltaChi2[j][i]} at ε_ee = {@code ee[i]}, ε_μμ = {@code mumu[j]}. */
    public record Grid(double[] ee, double[] mumu, double[][] deltaChi2) {
    }

    /** The reach: CEvNS events above threshold (all and by nucleus), BRN events, the radii and the NSI region. */
    public record Result(Input input, double events, double[] eventsByNucleus, double brnEvents, List<Radius> radii, Nsi nsi) {
    }

    /** Neutron-radius step of the numerical derivative, fm. */
    static final double RADIUS_STEP_FM = 0.05;
    private static final int ELECTRON = 0;
    private static final int MUON = 1;
    /** Points of the 1-D scans for the intervals through zero, over [−range, range]. */
    private static final int SCAN = 8001;

    private Input in;
    private final int nuclei;
    private final int bins;
    /** signal[k][g][i]: CEvNS of nucleus k, flavour group g (νe; νμ + ν̄μ), bin i, at the nominal radii and the exposure in use. */
    private final double[][][] signal;
    /** dSignal[k][i]: d/dR_n of nucleus k's CEvNS in bin i, per fm. */
    private final double[][] dSignal;
    /** BRN per bin, per proton times boost (the model's); {@link #brn} and {@link #background} are at the exposure in use. */
    private final double[] brnPerProton;
    private final double[][][] signalPerProton;
    private final double[][] dSignalPerProton;
    private double[] brn;
    private double[] background;
    private final double[] nominalRms;
    /** Q_α(ε) = q0[k] + slope[k]·ε for nucleus k. */
    private final double[] q0;
    private final double[] slope;
    private final double cevnsSigmaRadius;
    private final double cevnsSigmaNsi;
    private final double brnSigma;

    private Reach(Input in) {
        this.in = in;
        DetectorConfig d = in.detector();
        this.nuclei = d.target().size();
        this.bins = in.edgesKeVnr().length - 1;
        this.signalPerProton = new double[nuclei][2][bins];
        this.dSignalPerProton = new double[nuclei][bins];
        this.nominalRms = new double[nuclei];
        this.q0 = new double[nuclei];
        this.slope = new double[nuclei];
        ExpectedRate rate = new ExpectedRate(d);
        double[] targets = rate.targets();
        Exposure exposure = new Exposure(1, in.neutrinosPerFlavorPerProton(), d.distanceM());
        double scale = exposure.fluencePerFlavorCm2() * in.boost();
        double prompt = TimingProfile.promptFraction(in.onStartUs(), in.onEndUs());
        double delayed = TimingProfile.delayedFraction(in.onStartUs(), in.onEndUs());
        double gp = 0.5 - 2 * Constants.SIN2_THETA_W;
        double gn = -0.5;
        for (int k = 0; k < nuclei; k++) {
            Nucleus n = d.target().get(k);
            CevnsCrossSection nominal = new CevnsCrossSection(n);
            nominalRms[k] = nominal.nominalRmsFm();
            CevnsCrossSection up = new CevnsCrossSection(n, nominalRms[k] + RADIUS_STEP_FM);
            CevnsCrossSection down = new CevnsCrossSection(n, nominalRms[k] - RADIUS_STEP_FM);
            double perTarget = targets[k] * scale;
            for (int i = 0; i < bins; i++) {
                double[] g = flavours(nominal, in, i, prompt, delayed);
                signalPerProton[k][ELECTRON][i] = g[0] * perTarget;
                signalPerProton[k][MUON][i] = g[1] * perTarget;
                double[] gu = flavours(up, in, i, prompt, delayed);
                double[] gd = flavours(down, in, i, prompt, delayed);
                dSignalPerProton[k][i] = (gu[0] + gu[1] - gd[0] - gd[1]) * perTarget / (2 * RADIUS_STEP_FM);
            }
            int neutrons = n.a() - n.z();
            q0[k] = n.z() * gp + neutrons * gn;
            slope[k] = 2 * n.z() + neutrons;
        }
        BeamNeutronRate neutrons = new BeamNeutronRate(d);
        this.brnPerProton = new double[bins];
        double brnWindow = neutrons.windowFraction(in.onStartUs(), in.onEndUs());
        for (Threshold t : in.thresholds()) {
            for (int i = 0; i < bins; i++) {
                double lo = Math.max(in.edgesKeVnr()[i], t.keVnr());
                double hi = Math.max(in.edgesKeVnr()[i + 1], t.keVnr());
                // statistical only: the signal's own Poisson error, nothing else
                brnPerProton[i] += in.systematics() ? neutrons.eventsPerProton(lo, hi) * brnWindow * in.boost() * t.share() : 0;
            }
        }
        this.signal = new double[nuclei][2][bins];
        this.dSignal = new double[nuclei][bins];
        this.brn = new double[bins];
        this.background = new double[bins];
        Systematics s = in.systematics() ? d.systematics() : Systematics.NONE;
        double[] shifts = thresholdShifts(rate, in, s);
        double shared = Math.hypot(s.fluxFraction(), Math.hypot(shifts[0], shifts[1]));
        this.cevnsSigmaRadius = shared;
        this.cevnsSigmaNsi = Math.hypot(shared, s.formFactorFraction());
        this.brnSigma = in.systematics() ? neutrons.normUncertainty() : 0;
    }

    /** The reach of {@code in}; with {@code grid} the Δχ² grid for a figure ({@code gridPoints} per axis). */
    public static Result compute(Input in, boolean grid, int gridPoints) {
        return new Reach(in).at(in.pot(), in.steadyBackground(), grid, gridPoints);
    }

    /**
     * The model of {@code in} without its exposure: the spectra per proton, computed once (the slow
     * part: the cross section integrated per bin, per flavour, at three radii per nucleus), for
     * {@link #at} to scale to any exposure. The live analysis keeps one per configuration.
     */
    public static Reach model(Input in) {
        return new Reach(in);
    }

    /** The reach at {@code pot} protons with {@code steadyBackground} per bin (null: none). One thread at a time. */
    public Result at(double pot, double[] steadyBackground, boolean grid, int gridPoints) {
        for (int k = 0; k < nuclei; k++) {
            for (int i = 0; i < bins; i++) {
                signal[k][ELECTRON][i] = signalPerProton[k][ELECTRON][i] * pot;
                signal[k][MUON][i] = signalPerProton[k][MUON][i] * pot;
                dSignal[k][i] = dSignalPerProton[k][i] * pot;
            }
        }
        for (int i = 0; i < bins; i++) {
            brn[i] = brnPerProton[i] * pot;
            background[i] = brn[i] + (in.systematics() && steadyBackground != null ? steadyBackground[i] : 0);
        }
        in = new Input(in.detector(), pot, in.neutrinosPerFlavorPerProton(), in.boost(), in.onStartUs(), in.onEndUs(), in.thresholds(),
                in.edgesKeVnr(), steadyBackground, in.systematics(), in.cl(), in.epsilonRange());
        return result(grid, gridPoints);
    }

    private Result result(boolean withGrid, int gridPoints) {
        double[] byNucleus = new double[nuclei];
        double total = 0;
        for (int k = 0; k < nuclei; k++) {
            for (int i = 0; i < bins; i++) {
                byNucleus[k] += signal[k][ELECTRON][i] + signal[k][MUON][i];
            }
            total += byNucleus[k];
        }
        double brnTotal = 0;
        for (double b : brn) {
            brnTotal += b;
        }
        List<Radius> radii = new ArrayList<>();
        for (int k = 0; k < nuclei; k++) {
            radii.add(new Radius(in.detector().target().get(k).symbol(), nominalRms[k], radiusSigma(k)));
        }
        double level = new ChiSquaredDistribution(2).inverseCumulativeProbability(in.cl());
        double range = in.epsilonRange();
        List<double[]> ee = intervals(level, range, true);
        List<double[]> mumu = intervals(level, range, false);
        Grid grid = null;
        if (withGrid) {
            double[] axis = new double[gridPoints];
            for (int i = 0; i < gridPoints; i++) {
                axis[i] = -range + 2 * range * i / (gridPoints - 1);
            }
            double[][] chi2 = new double[gridPoints][gridPoints];
            for (int j = 0; j < gridPoints; j++) {
                for (int i = 0; i < gridPoints; i++) {
                    chi2[j][i] = deltaChi2(axis[i], axis[j]);
                }
            }
            grid = new Grid(axis, axis.clone(), chi2);
        }
        return new Result(in, total, byNucleus, brnTotal, radii, new Nsi(level, ee, mumu, grid));
    }

    private double radiusSigma(int k) {
        // Fisher information of (R_k, θ_C, θ_B) on Asimov data, the nuisances with their Gaussian priors
        boolean theta = cevnsSigmaRadius > 0;
        boolean beta = brnSigma > 0 && sum(brn) > 0;
        int n = 1 + (theta ? 1 : 0) + (beta ? 1 : 0);
        double[][] f = new double[n][n];
        for (int i = 0; i < bins; i++) {
            double s = signal(i);
            double nu = s + background[i];
            if (!(nu > 0)) {
                continue;
            }
            double[] grad = new double[n];
            int a = 0;
            grad[a++] = dSignal[k][i];
            if (theta) {
                grad[a++] = s;
            }
            if (beta) {
                grad[a] = brn[i];
            }
            for (int p = 0; p < n; p++) {
                for (int q = 0; q < n; q++) {
                    f[p][q] += grad[p] * grad[q] / nu;
                }
            }
        }
        int a = 1;
        if (theta) {
            f[a][a] += 1 / (cevnsSigmaRadius * cevnsSigmaRadius);
            a++;
        }
        if (beta) {
            f[a][a] += 1 / (brnSigma * brnSigma);
        }
        RealMatrix inverse = new LUDecomposition(new Array2DRowRealMatrix(f)).getSolver().getInverse();
        return Math.sqrt(inverse.getEntry(0, 0));
    }

    private double signal(int i) {
        double s = 0;
        for (int k = 0; k < nuclei; k++) {
            s += signal[k][ELECTRON][i] + signal[k][MUON][i];
        }
        return s;
    }

    /** Δχ² of the NSI point (ε_ee, ε_μμ) against the Standard Model, in the input's statistics. */
    double deltaChi2(double ee, double mumu) {
        // Σ (r_i + θ a_i + β b_i)²/v_i + θ²/σ_C² + β²/σ_B², minimised over θ and β: a 2×2 linear solve
        double[] ratioE = new double[nuclei];
        double[] ratioM = new double[nuclei];
        for (int k = 0; k < nuclei; k++) {
            ratioE[k] = ratio(k, ee);
            ratioM[k] = ratio(k, mumu);
        }
        double rr = 0;
        double aa = 0;
        double bb = 0;
        double ab = 0;
        double ra = 0;
        double rb = 0;
        for (int i = 0; i < bins; i++) {
            double s0 = 0;
            double s = 0;
            for (int k = 0; k < nuclei; k++) {
                s0 += signal[k][ELECTRON][i] + signal[k][MUON][i];
                s += signal[k][ELECTRON][i] * ratioE[k] + signal[k][MUON][i] * ratioM[k];
            }
            double v = s0 + background[i];
            if (!(v > 0)) {
                continue;
            }
            double r = s - s0;
            rr += r * r / v;
            aa += s * s / v;
            bb += brn[i] * brn[i] / v;
            ab += s * brn[i] / v;
            ra += r * s / v;
            rb += r * brn[i] / v;
        }
        boolean theta = cevnsSigmaNsi > 0;
        boolean beta = brnSigma > 0 && bb > 0;
        if (theta) {
            aa += 1 / (cevnsSigmaNsi * cevnsSigmaNsi);
        }
        if (beta) {
            bb += 1 / (brnSigma * brnSigma);
        }
        if (theta && beta) {
            double det = aa * bb - ab * ab;
            double t = -(bb * ra - ab * rb) / det;
            double b = -(aa * rb - ab * ra) / det;
            return rr + t * ra + b * rb;
        }
        if (theta) {
            return rr - ra * ra / aa;
        }
        if (beta) {
            return rr - rb * rb / bb;
        }
        return rr;
    }

    /** (Q_α(ε)/Q_α(0))² for nucleus k: how the rate of a flavour scales with its ε^uV. */
    private double ratio(int k, double epsilon) {
        double q = (q0[k] + slope[k] * epsilon) / q0[k];
        return q * q;
    }

    /** The allowed intervals of ε_ee at ε_μμ = 0 ({@code ee}), or of ε_μμ at ε_ee = 0, within [−range, range]. */
    private List<double[]> intervals(double level, double range, boolean ee) {
        List<double[]> out = new ArrayList<>();
        double start = Double.NaN;
        double previous = -range;
        boolean previousIn = false;
        for (int i = 0; i < SCAN; i++) {
            double x = -range + 2 * range * i / (SCAN - 1);
            boolean inside = (ee ? deltaChi2(x, 0) : deltaChi2(0, x)) < level;
            if (inside && !previousIn) {
                start = i == 0 ? x : edge(previous, x, level, ee);
            } else if (!inside && previousIn) {
                out.add(new double[] {start, edge(previous, x, level, ee)});
            }
            previousIn = inside;
            previous = x;
        }
        if (previousIn) {
            out.add(new double[] {start, range});
        }
        return out;
    }

    /** Where Δχ² crosses {@code level} between a and b, by bisection. */
    private double edge(double a, double b, double level, boolean ee) {
        boolean aIn = (ee ? deltaChi2(a, 0) : deltaChi2(0, a)) < level;
        for (int i = 0; i < 50; i++) {
            double m = (a + b) / 2;
            boolean mIn = (ee ? deltaChi2(m, 0) : deltaChi2(0, m)) < level;
            if (mIn == aIn) {
                a = m;
            } else {
                b = m;
            }
        }
        return (a + b) / 2;
    }

    /**
     * νe and νμ + ν̄μ events per target nucleus per unit fluence in bin i, above each threshold with
     * its share, in the on window: ∫ dT of the flux-averaged dσ/dT.
     */
    private static double[] flavours(CevnsCrossSection x, Input in, int i, double prompt, double delayed) {
        double e = 0;
        double mu = 0;
        for (Threshold t : in.thresholds()) {
            double lo = Math.max(in.edgesKeVnr()[i], t.keVnr()) / 1000;
            double hi = Math.max(in.edgesKeVnr()[i + 1], t.keVnr()) / 1000;
            double tMax = x.maxRecoilMev(DarSpectrum.delayedEndpointMev());
            hi = Math.min(hi, tMax);
            if (hi <= lo) {
                continue;
            }
            double promptMax = x.maxRecoilMev(DarSpectrum.promptEnergyMev());
            double pHi = Math.min(hi, promptMax);
            double pr = pHi > lo ? Quadrature.integrate(tm -> x.differential(DarSpectrum.promptEnergyMev(), tm), lo, pHi, 4) : 0;
            double ve = Quadrature.integrate(tm -> Quadrature.integrate(en -> DarSpectrum.electronNeutrino(en) * x.differential(en, tm),
                    ExpectedRate.minEnergyMev(x, tm), DarSpectrum.delayedEndpointMev(), 8), lo, hi, 4);
            double vm = Quadrature.integrate(tm -> Quadrature.integrate(en -> DarSpectrum.muonAntineutrino(en) * x.differential(en, tm),
                    ExpectedRate.minEnergyMev(x, tm), DarSpectrum.delayedEndpointMev(), 8), lo, hi, 4);
            e += t.share() * delayed * ve;
            mu += t.share() * (prompt * pr + delayed * vm);
        }
        return new double[] {e, mu};
    }

    /** Relative shifts of the CEvNS count from the quenching factor and the threshold calibration (as the expectation takes them). */
    private static double[] thresholdShifts(ExpectedRate rate, Input in, Systematics s) {
        Exposure perProton = new Exposure(1, in.neutrinosPerFlavorPerProton(), in.detector().distanceM());
        double n = 0;
        double q = 0;
        double t = 0;
        for (Threshold th : in.thresholds()) {
            double keV = th.keVnr();
            double n0 = rate.eventsInWindow(keV, perProton, in.onStartUs(), in.onEndUs());
            n += th.share() * n0;
            if (s.quenchingFraction() > 0) {
                q += th.share() * Math.abs(rate.eventsInWindow(keV * (1 - s.quenchingFraction()), perProton, in.onStartUs(), in.onEndUs())
                        - rate.eventsInWindow(keV * (1 + s.quenchingFraction()), perProton, in.onStartUs(), in.onEndUs())) / 2;
            }
            if (s.thresholdKeVnr() > 0) {
                t += th.share() * Math.abs(rate.eventsInWindow(Math.max(0, keV - s.thresholdKeVnr()), perProton, in.onStartUs(), in.onEndUs())
                        - rate.eventsInWindow(keV + s.thresholdKeVnr(), perProton, in.onStartUs(), in.onEndUs())) / 2;
            }
        }
        return n > 0 ? new double[] {q / n, t / n} : new double[] {0, 0};
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s;
    }
}
