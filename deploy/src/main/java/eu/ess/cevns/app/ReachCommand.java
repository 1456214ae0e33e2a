package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.analysis.monitor.RunAnalysis;
import eu.ess.cevns.analysis.physics.BeamNeutronRate;
import eu.ess.cevns.analysis.physics.ExpectedRate;
import eu.ess.cevns.analysis.physics.Reach;
import eu.ess.cevns.analysis.physics.ReachJson;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.Systematics;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/**
 * {@code cevns-daq reach}: what an exposure (planned, or a stored run's) means for the neutron rms
 * radius of each target nucleus and for vector NSI with up quarks, as Baxter et al., JHEP 02 (2020)
 * 123 (see {@link Reach} and physics.md for the statistics).
 */
@Command(name = "reach", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"What an exposure means for the neutron rms radius of each target nucleus",
                "(1σ, through the weak form factor) and for vector non-standard interactions",
                "with up quarks: the allowed region in (ε^uV_ee, ε^uV_μμ) with ε^dV = 0, as in",
                "Baxter et al., JHEP 02 (2020) 123, Figure 3. The exposure: --pot, --years at",
                "--power, or --run N (what a stored run has accumulated, with its detector,",
                "thresholds, window, r and boost).",
                "",
                "Statistics (Asimov data; Fisher information for the radius, Δχ² for NSI):",
                "  default: the spectrum in --bins bins of recoil energy over the expected",
                "    background (the detector file's beam-related neutrons; a run's steady",
                "    background), the CEvNS and BRN normalisations as Gaussian nuisances with",
                "    the detector file's systematics (the form factor's left out for the radius);",
                "  --counting --stat-only: the total count N above threshold alone, Poisson",
                "    error only: σ(R_n) = √N₀ / |dN/dR_n|, one nucleus's R_n varied at a time",
                "    (the others nominal), and a point is allowed where (N(ε) − N₀)²/N₀ < 4.61",
                "    (two parameters at 90 %% CL; --cl changes it).",
                "Weak charge of flavour α: Q_α = Z(1/2 − 2 sin²θ_W + 2ε_αα) + N(−1/2 + ε_αα);",
                "νe (delayed) sees ε_ee, prompt νμ and delayed ν̄μ see ε_μμ. Weak form factor",
                "F_W = [N F_n − (1 − 4 sin²θ_W) Z F_p]/Q_W, Helm (s = 0.9 fm,",
                "R_rms² = 3/5 R₀² + 3s²); the nominal R_n is the Lewin–Smith Helm radius."})
final class ReachCommand implements Callable<Integer> {
    @Mixin
    DetectorOptions options;

    @Option(names = "--run", paramLabel = "N", description = "A stored run's exposure so far, with its own configuration (instead of --detector/--pot).")
    Integer run;

    @Option(names = "--data", paramLabel = "DIR", description = "Data root for --run (default: ./data).")
    Path data;

    @Option(names = "--site", paramLabel = "FILE", description = "Site file whose data root to read for --run.")
    Path site;

    @Option(names = "--r", paramLabel = "NU_PER_PROTON", defaultValue = "0.3",
            description = "Neutrinos per flavour per proton for a planned exposure (default: ${DEFAULT-VALUE}; a run brings its own).")
    double r;

    @Option(names = "--counting", description = "Use the total count above threshold only (with --stat-only: the by-hand statistics).")
    boolean counting;

    @Option(names = "--stat-only", description = "Poisson errors only: no systematics, no background.")
    boolean statOnly;

    @Option(names = "--bins", defaultValue = "40", description = "Energy bins from the threshold to the largest recoil (default: ${DEFAULT-VALUE}; a run uses the analysis's 1 keVnr bins).")
    int bins;

    @Option(names = "--cl", defaultValue = "0.9", description = "Confidence level of the NSI region (default: ${DEFAULT-VALUE}).")
    double cl;

    @Option(names = "--range", defaultValue = "1", description = "The NSI plane shown and scanned: ε from -RANGE to RANGE (default: ${DEFAULT-VALUE}).")
    double range;

    @Option(names = "--grid", defaultValue = "401", description = "Grid points per axis of the NSI plane (default: ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--svg", paramLabel = "FILE", description = "Write the NSI plane as an SVG figure (like the paper's Figure 3).")
    Path svg;

    @Option(names = "--json", description = "Print the result as JSON: events, neutronRadius, nsi.eeIntervalsAtMumuZero and the grid.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(cl > 0 && cl < 1)) {
            throw new CommandException("--cl must be between 0 and 1, got " + cl);
        }
        if (!(range > 0) || grid < 11 || grid > 2001 || bins < 1) {
            throw new CommandException("--range must be > 0, --grid 11..2001 and --bins >= 1");
        }
        Reach.Input in;
        String exposureWords;
        if (run != null) {
            if (options.detectorGiven() || options.exposureGiven()) {
                throw new CommandException("--run brings its own detector and exposure: leave out --detector, --target, --mass, --distance, "
                        + "--threshold and --pot");
            }
            in = runInput();
            exposureWords = String.format(Locale.ROOT, "run %d so far: %.3g POT", run, in.pot());
        } else {
            in = plannedInput();
            exposureWords = options.exposureGiven() ? String.format(Locale.ROOT, "%.3g POT", in.pot())
                    : String.format(Locale.ROOT, "%s year%s at %.1f MW (%.3g POT)", AnalyzeCommand.plain(options.years),
                    options.years == 1 ? "" : "s", options.powerMw, in.pot());
        }
        if (!(in.pot() > 0)) {
            throw new CommandException("no exposure: " + (run != null ? "run " + run + " has no protons on target yet" : "--pot must be > 0"));
        }
        boolean wantGrid = json || svg != null;
        Reach.Result result = Reach.compute(in, wantGrid, grid);
        PrintWriter out = spec.commandLine().getOut();
        if (svg != null) {
            try {
                Files.writeString(svg, ReachFigure.svg(result, exposureWords));
            } catch (IOException e) {
                throw new CommandException("cannot write " + svg + ": " + e.getMessage(), e);
            }
        }
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("exposure", exposureWords);
            ReachJson.write(result, o);
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
        } else {
            print(out, result, exposureWords);
        }
        out.flush();
        return 0;
    }

    private Reach.Input plannedInput() {
        DetectorConfig d = options.detectorConfig();
        if (!(d.massKg() > 0 && d.distanceM() > 0 && d.thresholdKeVnr() >= 0 && r > 0)) {
            throw new CommandException("mass, distance and --r must be > 0 and the threshold >= 0");
        }
        double max = new ExpectedRate(d).maxRecoilKeV();
        if (d.thresholdKeVnr() >= max) {
            throw new CommandException(String.format(Locale.ROOT, "a threshold of %.2f keVnr is above the largest recoil (%.2f keVnr)",
                    d.thresholdKeVnr(), max));
        }
        int n = counting ? 1 : bins;
        double[] edges = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            edges[i] = d.thresholdKeVnr() + (max - d.thresholdKeVnr()) * i / n;
        }
        BeamWindows w = BeamWindows.DEFAULT;
        return new Reach.Input(d, options.pot(), r, 1, w.onStartUs(), w.onEndUs(), List.of(new Reach.Threshold(d.thresholdKeVnr(), 1)),
                edges, null, !statOnly, cl, range);
    }

    private Reach.Input runInput() {
        RunStore store = new RunStore(RunsCommand.dataRoot(data, site));
        if (store.run(run).isEmpty()) {
            throw new CommandException("no run " + run + " in " + store.root());
        }
        RunAnalysis analysis = new RunAnalysis();
        try (RunReader reader = store.openReader(run)) {
            reader.drain(analysis);
        }
        return analysis.reachInput(!statOnly, counting, cl, range);
    }

    private void print(PrintWriter out, Reach.Result res, String exposureWords) {
        Reach.Input in = res.input();
        DetectorConfig d = in.detector();
        StringJoiner thresholds = new StringJoiner(", ");
        for (Reach.Threshold t : in.thresholds()) {
            thresholds.add(String.format(Locale.ROOT, "%.2f keVnr%s", t.keVnr(), t.share() < 1 ? String.format(Locale.ROOT, " (%.0f %%)",
                    100 * t.share()) : ""));
        }
        out.printf(Locale.ROOT, "reach: %s, %.1f kg at %.1f m, threshold %s; %s, r %s%s%n", d.name(), d.massKg(), d.distanceM(), thresholds,
                exposureWords, AnalyzeCommand.plain(in.neutrinosPerFlavorPerProton()),
                in.boost() != 1 ? ", boost " + AnalyzeCommand.plain(in.boost()) : "");
        Systematics s = d.systematics();
        String syst = in.systematics() ? String.format(Locale.ROOT, " (flux %.0f %%, quenching %.0f %%, form factor %.0f %%, threshold %.2g keVnr,"
                        + " BRN normalisation %.0f %%)", 100 * s.fluxFraction(), 100 * s.quenchingFraction(), 100 * s.formFactorFraction(),
                s.thresholdKeVnr(), 100 * new BeamNeutronRate(d).normUncertainty()) : "";
        out.printf(Locale.ROOT, "statistics: %s%s; NSI at %.0f %% CL (Δχ² < %.2f)%n", in.statistics(), syst, 100 * in.cl(), res.nsi().deltaChi2());
        StringJoiner byNucleus = new StringJoiner(", ");
        for (int k = 0; k < res.eventsByNucleus().length; k++) {
            byNucleus.add(String.format(Locale.ROOT, "%s %.1f", d.target().get(k).symbol(), res.eventsByNucleus()[k]));
        }
        out.printf(Locale.ROOT, "CEvNS events: %.1f (%s)%s%n", res.events(), byNucleus,
                in.systematics() ? String.format(Locale.ROOT, "; beam-related neutrons %.1f", res.brnEvents()) : "");
        out.println("neutron rms radius, 1σ (one nucleus at a time, the others nominal):");
        for (Reach.Radius x : res.radii()) {
            out.printf(Locale.ROOT, "  %-6s %.3f ± %.3f fm (%.2f %%)%n", x.nucleus(), x.rmsFm(), x.sigmaFm(), x.sigmaPercent());
        }
        out.printf(Locale.ROOT, "NSI (ε^uV_ee, ε^uV_μμ), ε^dV = 0, in [-%s, %s]:%n", AnalyzeCommand.plain(in.epsilonRange()),
                AnalyzeCommand.plain(in.epsilonRange()));
        out.printf(Locale.ROOT, "  at ε_μμ = 0: ε_ee in %s%n", intervals(res.nsi().eeIntervalsAtMumuZero()));
        out.printf(Locale.ROOT, "  at ε_ee = 0: ε_μμ in %s%n", intervals(res.nsi().mumuIntervalsAtEeZero()));
        if (svg != null) {
            out.printf("figure: %s%n", svg.toAbsolutePath());
        }
    }

    /** "[-0.031, 0.030] ∪ [0.372, 0.433]", or "nothing" when the whole line is excluded. */
    static String intervals(List<double[]> list) {
        if (list.isEmpty()) {
            return "nothing (excluded)";
        }
        StringJoiner j = new StringJoiner(" ∪ ");
        for (double[] i : list) {
            j.add(String.format(Locale.ROOT, "[%.3f, %.3f]", i[0], i[1]));
        }
        return j.toString();
    }
}
