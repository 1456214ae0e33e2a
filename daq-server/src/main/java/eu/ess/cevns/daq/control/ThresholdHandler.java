package eu.ess.cevns.daq.control;

import eu.ess.cevns.config.Setting;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code PUT /api/channels/{n}/threshold} with {@code {"keVnr": 1.5}} (token): sets a channel's
 * threshold as the {@code Ch<n>:Threshold} PV does, through {@link LiveSettings}, so the change is
 * checked and recorded the same way. {@code GET} answers the current value.
 */
public final class ThresholdHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LiveSettings settings;
    private final WriteToken token;

    public ThresholdHandler(LiveSettings settings, WriteToken token) {
        this.settings = settings;
        this.token = token;
    }

    public ApiResponse get(ApiRequest request) {
        Integer id = channel(request);
        if (id == null) {
            return ApiResponse.error(400, "channel must be a whole number, got '" + request.pathParams().get("n") + "'", "n");
        }
        try {
            return ApiResponse.ok(answer(id, settings.threshold(id)));
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(404, e.getMessage(), "n");
        }
    }

    public ApiResponse put(ApiRequest request) {
        ApiResponse refused = token.refusal(request);
        if (refused != null) {
            return refused;
        }
        Integer id = channel(request);
        if (id == null) {
            return ApiResponse.error(400, "channel must be a whole number, got '" + request.pathParams().get("n") + "'", "n");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body() == null ? "" : request.body());
        } catch (JsonProcessingException e) {
            return ApiResponse.error(400, "body is not valid JSON: " + e.getOriginalMessage(), "body");
        }
        if (body == null || !body.isObject() || !body.has("keVnr")) {
            return ApiResponse.error(400, "body must be a JSON object like {\"keVnr\": 1.5}", "keVnr");
        }
        JsonNode v = body.get("keVnr");
        if (!v.isNumber()) {
            return ApiResponse.error(400, "keVnr must be a number, got " + v, "keVnr");
        }
        String who = body.path("who").isTextual() ? body.get("who").asText() : "api";
        try {
            settings.threshold(id);
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(404, e.getMessage(), "n");
        }
        try {
            settings.set(new Setting.Threshold(id), v.asDouble(), who);
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage(), "keVnr");
        }
        return ApiResponse.ok(answer(id, settings.threshold(id)));
    }

    private static ObjectNode answer(int id, double keVnr) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("channel", id);
        o.put("keVnr", keVnr);
        return o;
    }

    private static Integer channel(ApiRequest request) {
        try {
            return Integer.parseInt(request.pathParams().get("n"));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
