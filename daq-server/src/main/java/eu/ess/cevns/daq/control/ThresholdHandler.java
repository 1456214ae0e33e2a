package eu.ess.cevns.daq.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.Setting;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;

/**
 * {@code PUT /api/channels/{n}/threshold} with {@code {"keVnr": 1.5}} (behind the {@link WriteGuard}):
 * sets a channel's threshold as the {@code Ch<n>:Threshold} PV does, through {@link LiveSettings},
 * so the change is checked and recorded the same way. {@code GET} answers the current value.
 */
public final class ThresholdHandler {
    /** What a body looks like, for the error that says it is not one. */
    public static final String EXAMPLE = "{\"keVnr\": 1.5}";
    /** What a body may hold. */
    public static final WriteGuard.Body BODY = WriteGuard.Body.of(EXAMPLE, new Setting.Threshold(0).httpField());
    private final LiveSettings settings;

    public ThresholdHandler(LiveSettings settings) {
        this.settings = settings;
    }

    public ApiResponse get(ApiRequest request) {
        Integer id = channel(request);
        if (id == null) {
            return notAChannel(request);
        }
        try {
            return ApiResponse.ok(answer(id, settings.threshold(id)));
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(404, e.getMessage(), "n");
        }
    }

    public ApiResponse put(WriteGuard.Write write) {
        Integer id = channel(write.request());
        if (id == null) {
            return notAChannel(write.request());
        }
        Setting.Threshold setting = new Setting.Threshold(id);
        JsonNode v = write.body().get(setting.httpField());
        if (v == null) {
            return ApiResponse.error(400, "body must be a JSON object like " + EXAMPLE, setting.httpField());
        }
        if (!v.isNumber()) {
            return ApiResponse.error(400, setting.httpField() + " must be a number, got " + v, setting.httpField());
        }
        try {
            settings.threshold(id);
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(404, e.getMessage(), "n");
        }
        try {
            settings.set(setting, v.asDouble(), write.who());
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage(), setting.httpField());
        }
        return ApiResponse.ok(answer(id, settings.threshold(id)));
    }

    private static ApiResponse notAChannel(ApiRequest request) {
        return ApiResponse.error(400, "channel must be a whole number, got '" + request.pathParams().get("n") + "'", "n");
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
