package eu.ess.cevns.daq.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.Setting;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /api/windows} and {@code PUT /api/windows} (behind the {@link WriteGuard}) with any of
 * the window edges' fields ({@code onStartUs}, {@code onEndUs}, {@code offStartUs},
 * {@code offEndUs}: µs after T0): moves the on/off windows through {@link LiveSettings}, all edges
 * at once, as the window PVs do one at a time. A field that is not one of those (the guard's
 * check) or not a number is 400 naming it; windows that break the rules (overlap, reversed) are
 * 400 naming {@code windows}; nothing changes then.
 */
public final class WindowsHandler {
    /** What a body looks like, for the error that says it is not one. */
    public static final String EXAMPLE = "{\"onStartUs\": 0, \"onEndUs\": 3000}";
    /** What a body may hold: the window edges' fields. */
    public static final WriteGuard.Body BODY = new WriteGuard.Body(EXAMPLE,
            Arrays.stream(Setting.WindowEdge.values()).map(Setting.WindowEdge::httpField).collect(Collectors.toSet()));
    private final LiveSettings settings;

    public WindowsHandler(LiveSettings settings) {
        this.settings = settings;
    }

    public ApiResponse get(ApiRequest request) {
        return ApiResponse.ok(toJson(settings.windows()));
    }

    public ApiResponse put(WriteGuard.Write write) {
        BeamWindows w = settings.windows();
        for (Iterator<Map.Entry<String, JsonNode>> it = write.body().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("who")) {
                continue;
            }
            // the guard let only the edges' fields through
            Setting.WindowEdge edge = edge(f.getKey());
            if (!f.getValue().isNumber()) {
                return ApiResponse.error(400, f.getKey() + " must be a number of µs after T0, got " + f.getValue(), f.getKey());
            }
            w = edge.in(w, f.getValue().asDouble());
        }
        try {
            return ApiResponse.ok(toJson(settings.setWindows(w, write.who())));
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage(), "windows");
        }
    }

    private static Setting.WindowEdge edge(String httpField) {
        for (Setting.WindowEdge e : Setting.WindowEdge.values()) {
            if (e.httpField().equals(httpField)) {
                return e;
            }
        }
        return null;
    }

    static ObjectNode toJson(BeamWindows w) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Setting.WindowEdge e : Setting.WindowEdge.values()) {
            o.put(e.httpField(), e.of(w));
        }
        return o;
    }
}
