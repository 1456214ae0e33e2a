package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.stats.SignalFit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The coverage of the likelihood fit's 68 % interval, measured through the whole chain: for each of
 * {@code bench.seeds} seeds (default 50) one closed-loop run ({@link ClosedLoopTest#run}: simulated
 * timing IOC and digitizers, the server, the run store, the replayed analysis) of
 * {@code bench.seconds} of 2 MW beam with CEvNS and beam-related neutrons boosted by
 * {@code bench.boost} (defaults 8 s and 2 × 10⁵: a few hundred events a run); the injected signal
 * strength is the CEvNS the simulator drew in the on window over the CEvNS expected there. Prints
 * a line per run and the coverage, and writes the figure (each run's μ̂ and interval against its
 * injected μ) to {@code bench.svg} (default {@code target/fit-coverage.svg}).
 * Run by hand: {@code simulator/bench/run.sh coverage}; about 15 s a seed.
 */
public final class FitCoverage {
    record Run(long seed, double injectedMu, SignalFit.Result fit, long onCounts, double expected, SignalFit.Data data) {
        boolean covered() {
            return fit.muLow() <= injectedMu && injectedMu <= fit.muHigh();
        }
    }

    private FitCoverage() {
    }

    public static void main(String[] args) throws Exception {
        int seeds = Integer.getInteger("bench.seeds", 50);
        int seconds = Integer.getInteger("bench.seconds", 8);
        double boost = Double.parseDouble(System.getProperty("bench.boost", "2e5"));
        Path svg = Path.of(System.getProperty("bench.svg", "target/fit-coverage.svg"));
        List<Run> runs = measure(seeds, seconds, boost);
        long covered = runs.stream().filter(Run::covered).count();
        double meanPull = runs.stream().mapToDouble(r -> (r.fit().mu() - r.injectedMu()) / r.fit().error()).average().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "coverage: %d of %d runs (%.0f %%) have the injected mu inside the 68 %% interval; mean pull %.2f%n",
                covered, runs.size(), 100.0 * covered / runs.size(), meanPull);
        // what a live fit costs: each run's fit again, timed (the fit reads the histograms, never a waveform)
        long start = System.nanoTime();
        int refits = 0;
        for (int pass = 0; pass < 3; pass++) {
            for (Run r : runs) {
                SignalFit.fit(r.data());
                refits++;
            }
        }
        System.out.printf(Locale.ROOT, "fit time: %.1f ms per fit (%d fits of %d energy bins)%n", (System.nanoTime() - start) / 1e6 / refits,
                refits, runs.get(0).data().on().length);
        Files.createDirectories(svg.toAbsolutePath().getParent());
        Files.writeString(svg, figure(runs, seconds, boost));
        System.out.println("figure: " + svg.toAbsolutePath());
    }

    static List<Run> measure(int seeds, int seconds, double boost) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            long seed = 1000 + 37L * i;
            Path data = Files.createTempDirectory("fit-coverage-" + seed);
            try {
                ClosedLoopTest.Result r = ClosedLoopTest.run(data, seed, 0.3, boost, 0.3 * boost / 1e5, seconds);
                SignalFit.Result f = r.replay().fit();
                Run run = new Run(seed, r.injectedMu(), f, r.replay().counts().on(), r.replay().excess().expected(), r.fitData());
                runs.add(run);
                System.out.printf(Locale.ROOT, "seed %d: %d on-window events, %.1f expected; injected mu %.3f, fit mu %.3f (68 %%: %.3f .. %.3f)"
                                + " %.1f sigma, BRN x %.2f%s%n", seed, run.onCounts(), run.expected(), run.injectedMu(), f.mu(), f.muLow(),
                        f.muHigh(), f.significance(), f.brnNorm(), run.covered() ? "" : "   NOT COVERED");
            } finally {
                deleteQuietly(data);
            }
        }
        return runs;
    }

    /** Each run's interval (a bar) and μ̂ (a dot) against its injected μ (a cross), by seed: plain SVG. */
    static String figure(List<Run> runs, int seconds, double boost) {
        int w = 720;
        int h = 360;
        int left = 50;
        int right = 20;
        int top = 40;
        int bottom = 40;
        double lo = runs.stream().mapToDouble(r -> Math.min(r.fit().muLow(), r.injectedMu())).min().orElse(0);
        double hi = runs.stream().mapToDouble(r -> Math.max(r.fit().muHigh(), r.injectedMu())).max().orElse(2);
        lo = Math.floor(lo * 10) / 10;
        hi = Math.ceil(hi * 10) / 10;
        double yLo = lo;
        double ySpan = hi - lo;
        double dx = (w - left - right) / (double) Math.max(1, runs.size());
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n", w, h));
        long covered = runs.stream().filter(Run::covered).count();
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\">Likelihood fit, closed loop: %d of %d runs cover the injected μ"
                + " (%.0f %%); %d s of 2 MW beam each, boost %.0e</text>%n", left, covered, runs.size(), 100.0 * covered / runs.size(), seconds, boost));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"30\" fill=\"#555\">bar: 68 %% interval of μ (blue: covers, red: misses) · dot: fitted μ · black tick: injected μ</text>%n", left));
        for (double t = Math.ceil(lo * 5) / 5; t <= hi + 1e-9; t += 0.2) {
            double y = top + (h - top - bottom) * (1 - (t - yLo) / ySpan);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", left, w - right, y, y, left - 4, y + 4, t));
        }
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            double x = left + dx * (i + 0.5);
            String colour = r.covered() ? "#1d4ed8" : "#b91c1c";
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>",
                    x, x, y(r.fit().muLow(), yLo, ySpan, top, h - bottom), y(r.fit().muHigh(), yLo, ySpan, top, h - bottom), colour));
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x,
                    y(r.fit().mu(), yLo, ySpan, top, h - bottom), colour));
            double yi = y(r.injectedMu(), yLo, ySpan, top, h - bottom);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" stroke-width=\"2\"/>%n",
                    x - dx * 0.4, x + dx * 0.4, yi, yi));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">run (seeds 1000, 1037, …)</text>%n",
                (w + left) / 2, h - 10));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">μ = N_CEvNS / N_SM</text>%n",
                (h) / 2, h / 2));
        s.append("</svg>\n");
        return s.toString();
    }

    private static double y(double mu, double lo, double span, int top, int bottom) {
        return bottom - (bottom - top) * (mu - lo) / span;
    }

    private static void deleteQuietly(Path p) throws IOException {
        try (var files = Files.walk(p)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
