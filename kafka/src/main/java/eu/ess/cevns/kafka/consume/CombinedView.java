package eu.ess.cevns.kafka.consume;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.http.ApiResponse;
import eu.ess.cevns.daq.http.ApiRouter;
import eu.ess.cevns.daq.http.HostCheck;
import eu.ess.cevns.daq.http.HttpApiServer;
import eu.ess.cevns.daq.http.StaticFiles;

import java.util.List;

/**
 * The combined view's page and API over HTTP (the server's own HTTP plumbing, read-only):
 * {@code /} the page, {@code /api/combined} the {@link CombinedSummary} as JSON (per detector its
 * host's own analysis and its joint share, the summed view, the facility beam), the last one the
 * analysis thread {@link #update handed over}.
 */
public final class CombinedView implements AutoCloseable {
    private final HttpApiServer http;
    private volatile ObjectNode latest = JsonNodeFactory.instance.objectNode().put("waiting", true);

    private CombinedView(HttpApiServer http) {
        this.http = http;
    }

    /** Serves on {@code bind}:{@code port} (0: a free port). */
    public static CombinedView start(String bind, int port) throws InterruptedException {
        StaticFiles page = new StaticFiles("eu/ess/cevns/kafka/web/");
        ApiRouter router = new ApiRouter();
        CombinedView[] view = new CombinedView[1];
        router.add(ApiRouter.Route.of("GET", "/api/combined", r -> ApiResponse.ok(view[0].latest)));
        router.add(ApiRouter.Route.of("GET", "/", r -> page.file("combined.html")));
        HttpApiServer http = new HttpApiServer(router, new HostCheck(bind, List.of()));
        view[0] = new CombinedView(http);
        try {
            http.start(bind, port);
        } catch (RuntimeException | InterruptedException e) {
            http.close();
            throw e;
        }
        return view[0];
    }

    public int port() {
        return http.port();
    }

    /** The summary to serve from now on (called by the analysis thread). */
    public void update(CombinedSummary s) {
        latest = s.toJson();
    }

    @Override
    public void close() {
        http.close();
    }
}
