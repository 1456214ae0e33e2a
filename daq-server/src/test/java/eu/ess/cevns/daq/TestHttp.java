package eu.ess.cevns.daq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * One call to a test server's HTTP API, as the API tests make them: a method, a path, headers and
 * an optional body; the reply's status, its JSON body (null when the answer is not JSON) and the
 * response itself for its headers.
 */
public final class TestHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private TestHttp() {
    }

    public record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    public static Reply call(String baseUrl, String method, String path, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode j = r.headers().firstValue("content-type").orElse("").startsWith("application/json") ? JSON.readTree(r.body()) : null;
        return new Reply(r.statusCode(), j, r);
    }

    /** The header that carries {@code token} as a bearer token; none for null. */
    public static Map<String, String> bearer(String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }
}
