package eu.ess.cevns.app;

import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.FollowView;
import eu.ess.cevns.analysis.monitor.LiveAnalysis;
import eu.ess.cevns.config.AnalysisSettings;
import eu.ess.cevns.config.ConfigException;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.store.RunStore;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code analyze --follow}: the live analysis in a process of its own beside a running server (site
 * {@code analysis.inProcess: false}). It reads the data root only (readers take no lock), follows
 * the newest run and each new one as the server's own analysis would, at the site's
 * {@code analysis.nice}, serves the views over HTTP, prints a status line now and then and each
 * run's final numbers, and ends on Ctrl-C, SIGTERM or after {@code --duration}. It writes nothing
 * into the store: a run's final numbers are not added to its {@code run.json} (the server may be
 * writing that file at the same moment), {@code analyze --run N} gives them afterwards.
 */
final class FollowAnalysis {
    private final Path dataRoot;
    private final int nice;
    private final ExpectationInputs override;

    private FollowAnalysis(Path dataRoot, int nice, ExpectationInputs override) {
        this.dataRoot = dataRoot;
        this.nice = nice;
        this.override = override;
    }

    /** The data root of {@code --data}, else the site file's, else ./data; the nice value of the site file, else the default. */
    static FollowAnalysis of(Path data, Path site, Double r) {
        AnalysisSettings settings = AnalysisSettings.DEFAULT;
        Path root = data;
        if (site != null) {
            try {
                SiteConfig s = ConfigLoader.loadSite(site);
                settings = s.analysis();
                root = data != null ? data : s.dataRoot();
            } catch (ConfigException e) {
                throw new CommandException(e.getMessage(), e);
            }
        }
        root = root != null ? root : Path.of("data");
        if (!Files.isDirectory(root)) {
            throw new CommandException("no data root at " + root.toAbsolutePath() + ": give the server's --site FILE or --data DIR");
        }
        return new FollowAnalysis(root, settings.nice(), r == null ? null : new ExpectationInputs(r, 1));
    }

    /** Runs until {@code stop} counts down or {@code durationS} (null: no limit) has passed. */
    int run(String bind, int httpPort, Double durationS, double statusEveryS, PrintWriter out, CountDownLatch stop) throws InterruptedException {
        if (durationS != null && durationS <= 0) {
            throw new CommandException("--duration must be > 0 seconds");
        }
        if (statusEveryS <= 0) {
            throw new CommandException("--status-every must be > 0 seconds");
        }
        RunStore store = new RunStore(dataRoot);
        LiveAnalysis live = new LiveAnalysis(store, store::newestRun, override, nice).onRunEnd(s -> ended(s, out));
        try (live; FollowView view = FollowView.start(live, store.root().toString(), bind, httpPort)) {
            live.start();
            say(out, String.format(Locale.ROOT, "analyze: following %s at nice %d; analysis at http://%s:%d/api/analysis   (also /api/status, "
                    + "/api/waveforms, /metrics)", store.root(), nice, bind, view.port()));
            long end = durationS == null ? Long.MAX_VALUE : System.nanoTime() + (long) (durationS * 1e9);
            long everyNs = (long) (statusEveryS * 1e9);
            int shown = -1;
            while (true) {
                long waitNs = Math.min(everyNs, end - System.nanoTime());
                if (waitNs <= 0 || stop.await(waitNs, TimeUnit.NANOSECONDS)) {
                    break;
                }
                AnalysisSummary s = live.summary();
                if (s == null) {
                    say(out, "analyze: no run in " + store.root() + " yet");
                    continue;
                }
                if (s.run() != shown) {
                    shown = s.run();
                    say(out, "analyze: following run " + shown);
                }
                AnalysisSummary.Excess x = s.excess();
                say(out, String.format(Locale.ROOT, "analyze: run %d%s: %d waveforms analysed, backlog %d, lag %.1f s; on %d off %d; excess %.2f ± %.2f "
                                + "(expected %.3g): %s", s.run(), s.stopped() ? " (stopped)" : "", s.quality().waveforms(), Math.max(0, live.backlog()),
                        Double.isNaN(live.lagMs()) ? 0 : live.lagMs() / 1000, s.counts().on(), s.counts().off(), x.value(), x.error(), x.expected(),
                        verdict(x)));
            }
        }
        say(out, "analyze: stopped following " + store.root());
        return 0;
    }

    /** A run's final numbers, once, from the analysis thread: the log of a run the server's own analysis would have written into run.json. */
    private static void ended(AnalysisSummary s, PrintWriter out) {
        AnalysisSummary.Excess x = s.excess();
        say(out, String.format(Locale.ROOT, "analyze: run %d read to its end: %d waveforms; on %d off %d; excess %.2f ± %.2f, Li & Ma %.2f sigma, "
                        + "expected %.3g ± %.3g (syst): %s", s.run(), s.quality().waveforms(), s.counts().on(), s.counts().off(), x.value(), x.error(),
                x.significance(), x.expected(), s.expectation().syst(), verdict(x)));
    }

    private static String verdict(AnalysisSummary.Excess x) {
        return x.verdict() == null ? "no verdict" : x.verdict().text();
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
