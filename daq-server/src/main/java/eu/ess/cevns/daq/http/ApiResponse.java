package eu.ess.cevns.daq.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handler's answer: HTTP status and a JSON body; or text (the Prometheus scrape), bytes (the
 * dashboard's files), or an {@link EventStream} the connection joins (server-sent events). Errors
 * are JSON, always with {@code error} (what went wrong, in words an operator can act on) and, where
 * one field of the request is to blame, {@code field}. {@code headers} are sent besides the
 * server's own (a login's {@code Set-Cookie}).
 */
public record ApiResponse(int status, JsonNode body, String text, byte[] bytes, String contentType, EventStream stream,
                          Map<String, String> headers) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public ApiResponse(int status, JsonNode body, String text, byte[] bytes, String contentType, EventStream stream) {
        this(status, body, text, bytes, contentType, stream, Map.of());
    }

    public ApiResponse(int status, JsonNode body) {
        this(status, body, null, null, "application/json; charset=utf-8", null);
    }

    /** This answer with one more header (e.g. {@code Set-Cookie}). */
    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, body, text, bytes, contentType, stream, h);
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
