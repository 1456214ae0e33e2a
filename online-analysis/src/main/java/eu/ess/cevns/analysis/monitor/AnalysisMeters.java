package eu.ess.cevns.analysis.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.ToDoubleFunction;

/**
 * The live analysis's Prometheus gauges (lag, backlog, excess, expectation, fit), read from a
 * {@link LiveAnalysis} at each scrape: the same meters whether the analysis runs in the server
 * ({@link AnalysisExtension}) or in a process of its own ({@code analyze --follow}).
 */
public final class AnalysisMeters {
    private AnalysisMeters() {
    }

    /** Registers the gauges of {@code a} in {@code m}. */
    public static void register(MeterRegistry m, LiveAnalysis a) {
        Gauge.builder("cevns.analysis.lag", a, x -> Double.isNaN(x.lagMs()) ? 0 : x.lagMs() / 1000)
                .baseUnit("seconds").description("How far the live analysis trails the run store: data time between the newest stored "
                        + "waveform and the newest analysed, 0 when caught up").register(m);
        Gauge.builder("cevns.analysis.backlog", a, x -> Math.max(0, x.backlog()))
                .description("Records stored in the run and not yet analysed, 0 when caught up").register(m);
        gauge(a, m, "cevns.analysis.excess", "events", "Beam-on minus alpha x beam-off events of the current run", s -> s.excess().value());
        gauge(a, m, "cevns.analysis.excess.error", "events", "Standard error of the excess", s -> s.excess().error());
        gauge(a, m, "cevns.analysis.expected", "events", "Beam-correlated expectation (CEvNS + beam-related neutrons) for the run's on-window exposure",
                s -> s.excess().expected());
        gauge(a, m, "cevns.analysis.expected.syst", "events", "Systematic uncertainty (1 sigma) of the expectation", s -> s.expectation().syst());
        gauge(a, m, "cevns.analysis.fit.mu", null, "Likelihood fit: CEvNS signal strength mu = N_CEvNS / N_SM", s -> s.fit().mu());
        gauge(a, m, "cevns.analysis.fit.mu.error", null, "Likelihood fit: half width of the 68 % interval of mu", s -> s.fit().error());
        gauge(a, m, "cevns.analysis.fit.significance", null, "Likelihood fit: significance of mu > 0 (profile likelihood ratio), standard deviations",
                s -> s.fit().significance());
        gauge(a, m, "cevns.analysis.significance", null, "Li & Ma significance of the excess, standard deviations",
                s -> s.excess().significance());
    }

    /** A gauge of the latest summary; NaN until the analysis has one. */
    private static void gauge(LiveAnalysis live, MeterRegistry m, String name, String unit, String description, ToDoubleFunction<AnalysisSummary> value) {
        Gauge.Builder<LiveAnalysis> b = Gauge.builder(name, live, x -> x.summary() == null ? Double.NaN : value.applyAsDouble(x.summary()))
                .description(description);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(m);
    }
}
