package eu.ess.cevns.daq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The status history over real HTTP across a restart of the server: what the first server recorded
 * each second is served by the second one on the same data root; the parameters are checked and a
 * bad one is a 400 naming it.
 */
class HistoryHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    JsonNode get(DaqServer server, String path, int expect) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expect, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    /** Seconds of the range holding a value of {@code field}. */
    static long known(JsonNode history, String field) {
        long n = 0;
        for (JsonNode v : history.at("/series/" + field)) {
            n += v.isNull() ? 0 : 1;
        }
        return n;
    }

    @Test
    void theHistoryOfTheLastMinutesIsServedAfterARestart(@TempDir Path data) throws Exception {
        Instant firstUp;
        Instant firstDown;
        try (DaqServer first = DaqServer.start(TestSites.site(data), "test")) {
            firstUp = Instant.now();
            Await.until("three seconds of history", Duration.ofSeconds(30),
                    () -> known(getUnchecked(first, "/api/history?from=-1m&fields=recording"), "recording") >= 3);
            JsonNode h = get(first, "/api/history?from=-1m&fields=recording,beamOn,waveformRate", 200);
            assertEquals(1, h.path("stepS").asInt());
            assertEquals("1/s", h.at("/fields/waveformRate/unit").asText());
            assertEquals("mean", h.at("/fields/waveformRate/aggregation").asText());
            firstDown = Instant.now();
        }
        try (DaqServer second = DaqServer.start(TestSites.site(data), "test")) {
            JsonNode h = get(second, "/api/history?from=" + (firstUp.getEpochSecond() - 1) + "&to=" + firstDown.getEpochSecond()
                    + "&fields=recording,alarmCount", 200);
            assertTrue(known(h, "recording") >= 3, "the first server's seconds are still there: " + h);
            for (int i = 0; i < h.path("t").size(); i++) {
                if (!h.at("/series/recording").get(i).isNull()) {
                    assertEquals(0, h.at("/series/recording").get(i).asDouble(), "no run was recording");
                }
            }
            assertFalse(h.path("oldest").isNull());
            assertTrue(Instant.parse(h.path("oldest").asText()).getEpochSecond() <= firstDown.getEpochSecond());

            assertEquals("from", get(second, "/api/history?from=yesterday", 400).path("field").asText());
            assertEquals("to", get(second, "/api/history?to=-3x", 400).path("field").asText());
            assertEquals("from", get(second, "/api/history?from=-1m&to=-2m", 400).path("field").asText(), "from after to");
            assertEquals("fields", get(second, "/api/history?fields=waveformRate,nonsense", 400).path("field").asText());
            assertEquals("maxPoints", get(second, "/api/history?maxPoints=0", 400).path("field").asText());
            assertEquals("stepS", get(second, "/api/history?stepS=soon", 400).path("field").asText());
            assertEquals("stepS", get(second, "/api/history?from=-2d&stepS=90", 400).path("field").asText(), "minutes only, that far back");
            JsonNode week = get(second, "/api/history?from=-7d&fields=waveformRate&maxPoints=500", 200);
            assertEquals(60, week.path("resolutionS").asInt(), "a week comes from the minute tier");
            assertTrue(week.path("t").size() <= 500, "at most maxPoints buckets");
            JsonNode iso = get(second, "/api/history?from=" + firstUp.minusSeconds(1) + "&to=" + firstDown + "&fields=recording", 200);
            assertEquals(h.path("t"), iso.path("t"), "ISO times mean the same as epoch seconds");
        }
    }

    JsonNode getUnchecked(DaqServer s, String path) {
        try {
            return get(s, path, 200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
