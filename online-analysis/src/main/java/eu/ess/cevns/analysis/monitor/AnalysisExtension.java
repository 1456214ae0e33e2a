package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.daq.ServerContext;
import eu.ess.cevns.daq.ServerExtension;
import eu.ess.cevns.daq.epics.StatusPv;
import eu.ess.cevns.daq.history.Aggregation;
import eu.ess.cevns.daq.history.HistorySeries;
import eu.ess.cevns.daq.http.ApiResponse;
import eu.ess.cevns.daq.status.StatusPart;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * The live analysis as a server extension: it tails the server's current run
 * ({@link LiveAnalysis}) and adds to the server's views the {@code analysis} section of
 * {@code /api/status}, {@code /api/analysis} and {@code /api/waveforms}, the page's
 * {@code analysis} events, the {@code excessLow} and {@code analysisLag} alarms, the analysis
 * status PVs (Excess, ExcessError, Significance, Expected, ExpectedSyst, FitMu, FitMuError, FitSignificance,
 * AnalysisLag), the analysis series of the status history (excess, its error, the expectation with
 * its systematic error, significance, μ, lag) and metrics; and, when it has read a run to its stop
 * record, writes the run's final excess and expectation into its {@code run.json} for run lists.
 */
public final class AnalysisExtension implements ServerExtension {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisExtension.class);
    private final ExpectationInputs override;
    private LiveAnalysis live;

    /** The live analysis with each run's own expectation inputs (what {@code serve} and {@code demo} attach). */
    public AnalysisExtension() {
        this.override = null;
    }

    /** The live analysis with r = {@code neutrinosPerFlavorPerProton} and no boost, whatever the runs recorded. */
    public AnalysisExtension(double neutrinosPerFlavorPerProton) {
        this.override = new ExpectationInputs(neutrinosPerFlavorPerProton, 1);
    }

    @Override
    public String name() {
        return "live analysis";
    }

    /** The analysis running, once attached. */
    public LiveAnalysis live() {
        return live;
    }

    @Override
    public void attach(ServerContext context) {
        RunStore store = context.store();
        live = new LiveAnalysis(store, () -> context.currentRun().orElse(-1), override, context.site().analysis().nice())
                .onRunEnd(s -> recordRunEnd(store, s)).start();
        LiveAnalysis a = live;
        StatusPart<AnalysisStatus> part = new StatusPart<>("analysis", AnalysisStatus.class, a::status,
                (v, o) -> AnalysisJson.status(v.summary(), v.lagMs(), v.backlog(), o));
        context.addStatusPart(part);
        context.addRoute("GET", "/api/analysis", r -> ApiResponse.ok(a.toJson()));
        context.addRoute("GET", "/api/waveforms", a::waveforms);
        context.addEvents("analysis", a::toJson, 2);
        context.addAlarmRule(new AnalysisLagAlarm(part));
        context.addAlarmRule(new ExcessLowAlarm(part));
        // NaN until an analysis reports them: a display must not show "no lag" or "no excess" for "unknown"
        context.addStatusPv(StatusPv.number("Excess", "events", 1, s -> summaryValue(s.part(part), x -> x.excess().value())));
        context.addStatusPv(StatusPv.number("ExcessError", "events", 1, s -> summaryValue(s.part(part), x -> x.excess().error())));
        context.addStatusPv(StatusPv.number("Significance", "sigma", 2, s -> summaryValue(s.part(part), x -> x.excess().significance())));
        context.addStatusPv(StatusPv.number("Expected", "events", 1, s -> summaryValue(s.part(part), x -> x.excess().expected())));
        context.addStatusPv(StatusPv.number("FitMu", "", 3, s -> summaryValue(s.part(part), x -> x.fit().mu())));
        context.addStatusPv(StatusPv.number("FitMuError", "", 3, s -> summaryValue(s.part(part), x -> x.fit().error())));
        context.addStatusPv(StatusPv.number("FitSignificance", "sigma", 2, s -> summaryValue(s.part(part), x -> x.fit().significance())));
        context.addStatusPv(StatusPv.number("ExpectedSyst", "events", 1, s -> summaryValue(s.part(part), x -> x.expectation().syst())));
        context.addStatusPv(StatusPv.number("AnalysisLag", "s", 1, s -> s.part(part).lagMs() / 1000));
        history(context, "excess", "events", Aggregation.LAST, "beam-on minus alpha x beam-off events of the current run",
                part, x -> x.excess().value());
        history(context, "excessError", "events", Aggregation.LAST, "standard error of the excess", part, x -> x.excess().error());
        history(context, "expected", "events", Aggregation.LAST,
                "beam-correlated expectation (CEvNS + beam-related neutrons) for the run's exposure so far", part, x -> x.excess().expected());
        history(context, "expectedSyst", "events", Aggregation.LAST, "systematic uncertainty (1 sigma) of the expectation", part,
                x -> x.expectation().syst());
        history(context, "significance", "sigma", Aggregation.LAST, "Li & Ma significance of the excess", part,
                x -> x.excess().significance());
        history(context, "fitMu", "", Aggregation.LAST, "likelihood fit: signal strength mu = N_CEvNS / N_SM", part, x -> x.fit().mu());
        context.addHistorySeries(HistorySeries.of("analysisLagS", "s", Aggregation.MAX, "how far the live analysis trails the run store (data time)",
                s -> s.part(part) == null ? Double.NaN : s.part(part).lagMs() / 1000));
        AnalysisMeters.register(context.meters(), a);
    }

    private static void history(ServerContext context, String name, String unit, Aggregation how, String description,
                                StatusPart<AnalysisStatus> part, ToDoubleFunction<AnalysisSummary> f) {
        context.addHistorySeries(HistorySeries.of(name, unit, how, description, s -> summaryValue(s.part(part), f)));
    }

    /** The run's final numbers into its run.json, for run lists that read no queue. */
    private static void recordRunEnd(RunStore store, AnalysisSummary s) {
        AnalysisSummary.Excess x = s.excess();
        RunInfo.Analysis a = new RunInfo.Analysis(finite(x.value()), finite(x.error()), finite(x.expected()),
                finite(s.expectation().syst()), finite(x.significance()), x.verdict() == null ? null : x.verdict().text(), Instant.now());
        try {
            store.update(s.run(), info -> info.withAnalysis(a));
        } catch (IOException | RuntimeException e) {
            LOG.warn("run {}: cannot record the analysis's final numbers in run.json: {}", s.run(), e.toString());
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double summaryValue(AnalysisStatus a, ToDoubleFunction<AnalysisSummary> f) {
        return a == null || a.summary() == null ? Double.NaN : f.applyAsDouble(a.summary());
    }

    @Override
    public void close() {
        if (live != null) {
            live.close();
        }
    }
}
