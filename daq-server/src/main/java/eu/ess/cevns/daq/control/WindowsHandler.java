package eu.ess.cevns.daq.control;

import eu.ess.cevns.config.Setting;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.BeamWindows;

import java.util.Iterator;
import java.util.Map;

/**
 * {@code GET /api/windows} and {@code PUT /api/windows} (token) with any of {@code onStartUs},
 * {@code onEndUs}, {@code offStartUs}, {@code offEndUs} (µs after T0) and an optional {@code who}:
 * moves the on/off windows through {@link LiveSettings}, all edges at once, as the window PVs do
 * one at a time. A field that is not one of those, or not a number, is 400 naming it; windows that
 * break the rules (overlap, reversed) are 400 naming {@code windows}; nothing changes then.
 */
public final class WindowsHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LiveSettings settings;
    private final WriteToken token;

    public WindowsHandler(LiveSettings settings, WriteToken token) {
        this.settings = settings;
        this.token = token;
    }

    public ApiResponse get(ApiRequest request) {
        return ApiResponse.ok(toJson(settings.windows()));
    }

    public ApiResponse put(ApiRequest request) {
        ApiResponse refused = token.refusal(request);
        if (refused != null) {
            return refused;
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body() == null ? "" : request.body());
        } catch (JsonProcessingException e) {
            return ApiResponse.error(400, "body is not valid JSON: " + e.getOriginalMessage(), "body");
        }
        if (body == null || !body.isObject()) {
            return ApiResponse.error(400, "body must be a JSON object like {\"onStartUs\": 0, \"onEndUs\": 3000}", "body");
        }
        BeamWindows w = settings.windows();
        String who = "api";
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("who")) {
                if (!f.getValue().isTextual() || f.getValue().asText().isBlank()) {
                    return ApiResponse.error(400, "who must be a non-empty string", "who");
                }
                who = f.getValue().asText();
                continue;
            }
            Setting.WindowEdge edge = edge(f.getKey());
            if (edge == null) {
                return ApiResponse.error(400, "unknown field '" + f.getKey() + "'; windows take onStartUs, onEndUs, offStartUs, offEndUs",
                        f.getKey());
            }
            if (!f.getValue().isNumber()) {
                return ApiResponse.error(400, f.getKey() + " must be a number of µs after T0, got " + f.getValue(), f.getKey());
            }
            w = edge.in(w, f.getValue().asDouble());
        }
        try {
            return ApiResponse.ok(toJson(settings.setWindows(w, who)));
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
