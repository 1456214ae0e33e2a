package eu.ess.cevns.daq.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A handler's answer: HTTP status and a JSON body (or, for {@code /metrics}, text). Errors are JSON too, always with
 * {@code error} (what went wrong, in words an operator can act on) and, where one field of the
 * request is to blame, {@code field}.
 */
public record ApiResponse(int status, JsonNode body, String text, String contentType) {

    public ApiResponse(int status, JsonNode body) {
        this(status, body, null, "application/json; charset=utf-8");
    }

    public static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body);
    }

    /** A plain-text answer (the Prometheus scrape). */
    public static ApiResponse text(String contentType, String text) {
        return new ApiResponse(200, null, text, contentType);
    }

    public static ApiResponse error(int status, String message) {
        return error(status, message, null);
    }

    public static ApiResponse error(int status, String message, String field) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("error", message);
        if (field != null) {
            node.put("field", field);
        }
        node.put("status", status);
        return new ApiResponse(status, node);
    }
}
