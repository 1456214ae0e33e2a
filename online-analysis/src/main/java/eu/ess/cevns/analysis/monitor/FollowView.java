package eu.ess.cevns.analysis.monitor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.http.ApiResponse;
import eu.ess.cevns.daq.http.ApiRouter;
import eu.ess.cevns.daq.http.HostCheck;
import eu.ess.cevns.daq.http.HttpApiServer;
import eu.ess.cevns.daq.metrics.ServerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Instant;
import java.util.List;

/**
 * The views of a live analysis that runs in a process of its own ({@code analyze --follow}), over
 * the server's HTTP plumbing, read-only: {@code /api/analysis} and {@code /api/waveforms} as the
 * server gives them, {@code /api/status} with the server's {@code analysis} section (and
 * {@code follow}: the data root and the run followed), and {@code /metrics} with the analysis's
 * gauges under the server's names.
 */
public final class FollowView implements AutoCloseable {
    private final HttpApiServer http;
    private final PrometheusMeterRegistry meters;

    private FollowView(HttpApiServer http, PrometheusMeterRegistry meters) {
        this.http = http;
        this.meters = meters;
    }

    /** Serves {@code live}'s views on {@code bind}:{@code port} (0: a free port); {@code dataRoot} is named in the status. */
    public static FollowView start(LiveAnalysis live, String dataRoot, String bind, int port) throws InterruptedException {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AnalysisMeters.register(meters, live);
        ApiRouter router = new ApiRouter();
        router.add(ApiRouter.Route.of("GET", "/api/analysis", r -> ApiResponse.ok(live.toJson())));
        router.add(ApiRouter.Route.of("GET", "/api/waveforms", live::waveforms));
        router.add(ApiRouter.Route.of("GET", "/api/status", r -> ApiResponse.ok(status(live, dataRoot))));
        router.add(ApiRouter.Route.of("GET", "/metrics", r -> ApiResponse.text(ServerMetrics.CONTENT_TYPE, meters.scrape())));
        HttpApiServer http = new HttpApiServer(router, new HostCheck(bind, List.of()));
        try {
            http.start(bind, port);
        } catch (RuntimeException | InterruptedException e) {
            http.close();
            meters.close();
            throw e;
        }
        return new FollowView(http, meters);
    }

    /** {@code /api/status}: the time, what is followed, and the {@code analysis} section as the server writes it. */
    static ObjectNode status(LiveAnalysis live, String dataRoot) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("time", Instant.now().toString());
        ObjectNode follow = o.putObject("follow");
        follow.put("dataRoot", dataRoot);
        AnalysisStatus s = live.status();
        if (s.summary() == null) {
            follow.putNull("run");
        } else {
            follow.put("run", s.summary().run());
        }
        AnalysisJson.status(s.summary(), s.lagMs(), s.backlog(), o.putObject("analysis"));
        return o;
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        meters.close();
    }
}
