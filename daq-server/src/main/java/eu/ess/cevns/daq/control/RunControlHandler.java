package eu.ess.cevns.daq.control;

import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.daq.run.RunControl;
import eu.ess.cevns.daq.store.RunInfo;

/**
 * {@code POST /api/run/start} and {@code POST /api/run/stop}: run control, guarded by the write
 * token. The body is optional JSON {@code {"comment": "...", "who": "..."}}; a run already going
 * (start) or none going (stop) is a 409 that says so.
 */
public final class RunControlHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_COMMENT_CHARS = 2000;
    private final RunControl runs;
    private final WriteToken token;

    public RunControlHandler(RunControl runs, WriteToken token) {
        this.runs = runs;
        this.token = token;
    }

    public ApiResponse start(ApiRequest request) {
        return act(request, true);
    }

    public ApiResponse stop(ApiRequest request) {
        return act(request, false);
    }

    private ApiResponse act(ApiRequest request, boolean start) {
        ApiResponse refused = token.refusal(request);
        if (refused != null) {
            return refused;
        }
        String comment = "";
        String who = "api";
        if (request.body() != null && !request.body().isBlank()) {
            JsonNode body;
            try {
                body = JSON.readTree(request.body());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return ApiResponse.error(400, "body is not valid JSON: " + e.getOriginalMessage(), "body");
            }
            if (!body.isObject()) {
                return ApiResponse.error(400, "body must be a JSON object like {\"comment\": \"...\"}", "body");
            }
            JsonNode c = body.get("comment");
            if (c != null && !c.isNull()) {
                if (!c.isTextual()) {
                    return ApiResponse.error(400, "comment must be a string", "comment");
                }
                if (c.asText().length() > MAX_COMMENT_CHARS) {
                    return ApiResponse.error(400, "comment is longer than " + MAX_COMMENT_CHARS + " characters", "comment");
                }
                comment = c.asText();
            }
            JsonNode w = body.get("who");
            if (w != null && !w.isNull()) {
                if (!w.isTextual()) {
                    return ApiResponse.error(400, "who must be a string", "who");
                }
                who = w.asText();
            }
        }
        try {
            RunInfo info = start ? runs.start(comment, who) : runs.stop(comment, who);
            return ApiResponse.ok(RunsHandler.toJson(info));
        } catch (IllegalStateException e) {
            return ApiResponse.error(409, e.getMessage());
        }
    }
}
