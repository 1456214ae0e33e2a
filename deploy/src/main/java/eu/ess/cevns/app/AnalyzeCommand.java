package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.analysis.monitor.AnalysisJson;
import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.RunAnalysis;
import eu.ess.cevns.analysis.physics.Reach;
import eu.ess.cevns.analysis.stats.SignalFit;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.daq.store.RunQuality;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code cevns-daq analyze --run N}: the live analysis replayed on a stored run, from its own
 * configuration and changes; with {@code --json} the same {@code analysis} object as
 * {@code /api/status} gave at the end of that run.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Replay the analysis on a stored run (the same code as the live analysis, from the run's own records):",
                "on/off counts, exposure, excess with error, Li & Ma significance, 68 %% interval, the beam-correlated expectation",
                "(SM CEvNS + beam-related neutrons, with its systematic error, from the inputs the run recorded), the verdict,",
                "and the binned likelihood fit of the signal strength mu = N_CEvNS/N_SM (68 %% interval, significance, BRN norm).",
                "With --kafka BROKERS: the combined analysis of several detectors from the ESS Kafka topics their hosts publish,",
                "per detector (the same numbers as each host's own analysis) and summed over the pulses every detector reported;",
                "of run N of each host with --run N, else live, with its page at --http-port.",
                "With --follow: the live analysis in a process of its own beside a running server (site analysis.inProcess: false),",
                "following the newest run of the data root and each new one, at the site's analysis.nice, its views at --http-port",
                "(/api/analysis, /api/status, /api/waveforms, /metrics), until Ctrl-C or SIGTERM; it only reads the store.",
                "Says the run's quality flag (run.json); a run flagged bad or check is also named on stderr."})
final class AnalyzeCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "N", description = "Run number (with --kafka: each host's run N; without --run, live).")
    Integer run;

    @Option(names = "--follow", description = {"Follow the live runs of the data root beside a running server (--site FILE or --data DIR),",
            "serving the analysis at --http-port (--bind, --duration, --status-every as for --kafka)."})
    boolean follow;

    @Mixin
    CombinedOptions combined;

    @Option(names = "--data", paramLabel = "DIR", description = "Data root (default: ./data).")
    Path data;

    @Option(names = "--site", paramLabel = "FILE", description = "Site file whose data root to read.")
    Path site;

    @Option(names = "--r", paramLabel = "NU_PER_PROTON",
            description = {"Neutrinos per flavour per proton for the expectation, with no boost, instead of what the run recorded",
                    "(default: the run's own inputs, r and a demo's boost; 0.3 for runs that recorded none)."})
    Double r;

    @Option(names = "--json", description = "Print the analysis object as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (follow) {
            return follow(out);
        }
        if (combined.kafka != null) {
            return combined.run(run, site, r, json, out);
        }
        if (run == null) {
            throw new CommandException("--run N is required (or --kafka BROKERS for the combined analysis)");
        }
        RunStore store = new RunStore(RunsCommand.dataRoot(data, site));
        if (store.run(run).isEmpty()) {
            throw new CommandException("no run " + run + " in " + store.root());
        }
        RunQuality quality = store.run(run).get().quality();
        RunAnalysis analysis = new RunAnalysis(r == null ? null : new ExpectationInputs(r, 1));
        long records;
        try (RunReader reader = store.openReader(run)) {
            records = reader.drain(analysis);
        }
        analysis.fit();
        analysis.reach();
        AnalysisSummary s = analysis.summary();
        if (quality != null && !quality.good()) {
            // said on stderr too, so that a script reading --json is told as well
            PrintWriter err = spec.commandLine().getErr();
            err.printf("cevns-daq analyze: run %d is flagged %s%s%s: not for physics as it stands%n", run, quality.flag().toUpperCase(Locale.ROOT),
                    quality.reason().isEmpty() ? "" : " (" + quality.reason() + ")", quality.who().isEmpty() ? "" : " by " + quality.who());
            err.flush();
        }
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            AnalysisJson.status(s, 0, 0, o);
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
        } else {
            AnalysisSummary.Quality q = s.quality();
            AnalysisSummary.Exposure e = s.exposure();
            AnalysisSummary.Counts c = s.counts();
            AnalysisSummary.Excess x = s.excess();
            out.printf(Locale.ROOT, "run %d: %d records, %d waveforms (%d below threshold, %d pile-up, %d saturated)%n", run, records,
                    q.waveforms(), q.belowThreshold(), q.pileUp(), q.saturated());
            out.printf(Locale.ROOT, "quality  %s%n", quality == null ? "not flagged"
                    : quality.flag().toUpperCase(Locale.ROOT) + (quality.reason().isEmpty() ? "" : " (" + quality.reason() + ")")
                    + (quality.who().isEmpty() ? "" : " by " + quality.who()) + (quality.time().isEmpty() ? "" : " at " + quality.time()));
            out.printf(Locale.ROOT, "pulses   on %d  off %d  unknown %d   POT %.4g   live on %.3f s  off %.3f s  beam-off %.3f s%n",
                    e.pulsesOn(), e.pulsesOff(), e.pulsesUnknown(), e.pot(), e.onLiveS(), e.offLiveS(), e.beamOffLiveS());
            out.printf(Locale.ROOT, "counts   on %d  off %d (alpha %.4f)  beam-off %d%n", c.on(), c.off(), x.alpha(), c.beamOff());
            AnalysisSummary.Expectation ex = s.expectation();
            out.printf(Locale.ROOT, "excess   %.2f ± %.2f  (68 %%: %.2f .. %.2f)  Li & Ma %.2f sigma%n",
                    x.value(), x.error(), x.low68(), x.high68(), x.significance());
            out.printf(Locale.ROOT, "expected %.2f ± %.2f (syst) = CEvNS %.2f + beam-related neutrons %.2f   (r %s, boost %s, as %s)%n",
                    x.expected(), ex.syst(), ex.cevns(), ex.brn(), plain(ex.neutrinosPerFlavorPerProton()), plain(ex.boost()),
                    r == null ? "the run recorded" : "given by --r");
            out.printf(Locale.ROOT, "verdict  %s%n", x.verdict().text());
            for (String act : analysis.alarmActs()) {
                out.printf(Locale.ROOT, "alarm act %s%n", act);
            }
            SignalFit.Result f = s.fit();
            if (f.ok()) {
                out.printf(Locale.ROOT, "fit      mu = %.3f  (68 %%: %.3f .. %.3f)  significance of mu > 0: %.2f sigma   BRN x %.2f (%.1f events)"
                        + "   binned likelihood, %d energy bins%n", f.mu(), f.muLow(), f.muHigh(), f.significance(), f.brnNorm(), f.brnEvents(),
                        f.bins());
            } else {
                out.printf(Locale.ROOT, "fit      none: %s%n", f.status());
            }
            Reach.Result reach = s.reach();
            if (reach != null) {
                StringJoiner radii = new StringJoiner(", ");
                for (Reach.Radius rad : reach.radii()) {
                    radii.add(String.format(Locale.ROOT, "%s ± %.3f fm (%.1f %%)", rad.nucleus(), rad.sigmaFm(), rad.sigmaPercent()));
                }
                out.printf(Locale.ROOT, "this run so far: neutron radius %s; NSI region at ε_μμ = 0: ε_ee in %s (%.0f %% CL, %s;"
                        + " cevns-daq reach --run %d for the plane)%n", radii, ReachCommand.intervals(reach.nsi().eeIntervalsAtMumuZero()),
                        100 * reach.input().cl(), reach.input().statistics(), run);
            }
        }
        out.flush();
        return 0;
    }

    /** {@code --follow}: until Ctrl-C or SIGTERM, which end it cleanly (the views closed, the store's files unmapped). */
    private int follow(PrintWriter out) throws InterruptedException {
        if (run != null || combined.kafka != null || json) {
            throw new CommandException("--follow follows the live runs of a data root: give it without --run, --kafka or --json");
        }
        FollowAnalysis following = FollowAnalysis.of(data, site, r);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "analyze-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return following.run(combined.bind, combined.httpPort, combined.durationS, combined.statusEveryS, out, stop);
        } finally {
            done.countDown();
        }
    }

    /** A number as written in a config file: 0.3, 30000. */
    static String plain(double v) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : "-";
    }
}
