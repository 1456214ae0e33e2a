package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A running server's {@code /api/status}, read over HTTP for the integration tests' waits: a wait
 * polls it many times, where a {@code status} command would start a JVM each time, and its
 * condition may throw nothing checked. What a test then checks it reads as an operator would.
 */
final class StatusPoll {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StatusPoll() {
    }

    /** The status of the server at {@code http} (its base URL). */
    static JsonNode status(String http) {
        URI uri = URI.create(http + "/api/status");
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + uri + ": " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + uri, e);
        }
    }

    /** How far the server has got with what a simulator sent, as its status counts it. */
    record Progress(long packetsSeen, long waveformsAccepted, long waveformsStored, long pulsesDecided) {
        static Progress of(String http) {
            JsonNode s = status(http);
            JsonNode pulses = s.at("/beam/pulses");
            return new Progress(s.at("/readout/packets").asLong() + s.at("/readout/rejected/total").asLong(),
                    s.at("/readout/waveforms").asLong(), s.at("/store/waveforms").asLong(),
                    pulses.path("on").asLong() + pulses.path("off").asLong() + pulses.path("unknown").asLong());
        }

        /** Every one of {@code packetsSent} seen (accepted or rejected), and every waveform accepted stored. */
        boolean caughtUpWith(long packetsSent) {
            return packetsSeen >= packetsSent && waveformsStored >= waveformsAccepted;
        }
    }
}
