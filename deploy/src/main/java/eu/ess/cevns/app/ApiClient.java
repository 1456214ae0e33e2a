package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The client commands' way to the server's HTTP API. Turns every failure into a
 * {@link CommandException} whose message says what to do (start the server, pass {@code --http},
 * check the token), because an operator reads it at a terminal.
 */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String baseUrl) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try {
            this.base = URI.create(b);
        } catch (IllegalArgumentException e) {
            throw new CommandException("--http: not a URL: " + baseUrl);
        }
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), path);
    }

    JsonNode post(String path, String token, JsonNode body) {
        return write("POST", path, token, body);
    }

    JsonNode put(String path, String token, JsonNode body) {
        return write("PUT", path, token, body);
    }

    private JsonNode write(String method, String path, String token, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        return send(b, path);
    }

    private JsonNode send(HttpRequest.Builder request, String path) {
        HttpResponse<String> res;
        try {
            res = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CommandException("cannot reach the DAQ server at " + base
                    + " (connection refused): is `cevns-daq serve` or `cevns-daq demo` running? Use --http URL to point elsewhere.");
        } catch (IOException e) {
            throw new CommandException("request to " + base + path + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(res.body());
        } catch (IOException e) {
            throw new CommandException("server at " + base + " answered " + res.statusCode()
                    + " with something that is not JSON: is that a cevns-daq server?");
        }
        if (res.statusCode() >= 400) {
            String msg = body.path("error").asText(res.body());
            throw new CommandException("server refused (" + res.statusCode() + "): " + msg);
        }
        return body;
    }
}
