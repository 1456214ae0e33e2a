package eu.ess.cevns.daq.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A handler's answer: HTTP status and a JSON body; or text (the Prometheus scrape), bytes (the
 * dashboard's files), or an {@link EventStream} the connection joins (server-sent events). Errors
 * are JSON, always with {@code error} (what went wrong, in words an operator can act on) and, where
 * one field of the request is to blame, {@code field}.
 */
public record ApiResponse(int status, JsonNode body, String text, byte[] bytes, String contentType, EventStream stream) {

    public ApiResponse(int status, JsonNode body) {
        this(status, body, null, null, "application/json; charset=utf-8", null);
    }

    public static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body);
    }

    /** A plain-text answer (the Prometheus scrape). */
    public static ApiResponse text(String contentType, String text) {
        return new ApiResponse(200, null, text, null, contentType, null);
    }

    /** A file's bytes (the dashboard). */
    public static ApiResponse bytes(String contentType, byte[] bytes) {
        return new ApiResponse(200, null, null, bytes, contentType, null);
    }

    /** The connection stays open and receives {@code stream}'s events. */
    public static ApiResponse stream(EventStream stream) {
        return new ApiResponse(200, null, null, null, EventStream.CONTENT_TYPE, stream);
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
