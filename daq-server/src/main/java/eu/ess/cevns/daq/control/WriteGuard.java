package eu.ess.cevns.daq.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.http.ApiHandler;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;

/**
 * What every write to the API passes before its handler sees it: the bearer token (401 naming
 * {@code Authorization}), the body as a JSON object (400 naming {@code body}), and the optional
 * {@code who} that the change is recorded under (a non-empty string, 400 naming {@code who};
 * {@code api} when absent). A handler wrapped here gets the parsed body and the name, never a
 * request that skipped a check.
 */
public final class WriteGuard {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_WHO = "api";

    /** A write that passed the guard: the request, its body (empty when none was sent and none was needed), who asked. */
    public record Write(ApiRequest request, ObjectNode body, String who) {
    }

    /** The handler behind the guard. */
    @FunctionalInterface
    public interface WriteHandler {
        ApiResponse handle(Write write) throws Exception;
    }

    private final WriteToken token;

    public WriteGuard(WriteToken token) {
        this.token = token;
    }

    /** A write whose body must be a JSON object like {@code example}. */
    public ApiHandler json(String example, WriteHandler handler) {
        return request -> guard(request, false, example, handler);
    }

    /** A write whose body may be empty (read as an empty object), else a JSON object like {@code example}. */
    public ApiHandler optionalJson(String example, WriteHandler handler) {
        return request -> guard(request, true, example, handler);
    }

    private ApiResponse guard(ApiRequest request, boolean mayBeEmpty, String example, WriteHandler handler) throws Exception {
        ApiResponse refused = token.refusal(request);
        if (refused != null) {
            return refused;
        }
        String text = request.body() == null ? "" : request.body();
        ObjectNode body;
        if (mayBeEmpty && text.isBlank()) {
            body = JsonNodeFactory.instance.objectNode();
        } else {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return ApiResponse.error(400, "body is not valid JSON: " + e.getOriginalMessage(), "body");
            }
            if (!(parsed instanceof ObjectNode o)) {
                return ApiResponse.error(400, "body must be a JSON object like " + example, "body");
            }
            body = o;
        }
        JsonNode w = body.get("who");
        String who = DEFAULT_WHO;
        if (w != null && !w.isNull()) {
            if (!w.isTextual() || w.asText().isBlank()) {
                return ApiResponse.error(400, "who must be a non-empty string", "who");
            }
            who = w.asText();
        }
        return handler.handle(new Write(request, body, who));
    }
}
