package eu.ess.cevns.daq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.readout.RejectReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

/** The HTTP API over real HTTP: the status contract, run control, and refusals that change nothing. */
class HttpApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path data;
    DaqServer server;

    @BeforeEach
    void start() throws Exception {
        SiteConfig s = TestSites.site(data);
        // no token in the site: the server must create <data>/token itself
        server = DaqServer.start(s.withWriteToken(null), "test");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Reply(int status, JsonNode body) {
    }

    Reply call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.httpUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    String token() throws Exception {
        return Files.readString(data.resolve("token")).strip();
    }

    @Test
    void statusHasEveryFieldOfTheOperatorContract() throws Exception {
        Reply r = call("GET", "/api/status", null, null);
        assertEquals(200, r.status());
        JsonNode s = r.body();
        for (String path : new String[] {"/run/number", "/run/state", "/readout/packets", "/readout/heartbeats",
                "/readout/waveforms", "/readout/bytes", "/readout/lostPackets", "/readout/rejected/total", "/store/waveforms",
                "/store/bytes", "/beam/state", "/beam/timing", "/beam/pulses/on", "/beam/pulses/off", "/beam/pulses/unknown",
                "/beam/potOn"}) {
            assertFalse(s.at(path).isMissingNode(), "status has " + path);
        }
        for (RejectReason reason : RejectReason.all()) {
            assertTrue(s.at("/readout/rejected/" + reason.key()).isIntegralNumber(), "readout.rejected." + reason.key());
        }
        assertEquals("IDLE", s.at("/run/state").asText());
        assertTrue(s.at("/run/number").isNull());
    }

    @Test
    void theTokenFileIsCreatedReadableOnlyByItsOwner() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("token"))));
        assertTrue(token().length() >= 32);
    }

    @Test
    void runControlNeedsTheTokenAndRefusesBadBodiesWithoutChangingAnything() throws Exception {
        Reply none = call("POST", "/api/run/start", null, "{}");
        assertEquals(401, none.status());
        assertEquals("Authorization", none.body().path("field").asText());
        assertEquals(401, call("POST", "/api/run/start", "wrong", "{}").status());
        Reply badJson = call("POST", "/api/run/start", token(), "{comment: ");
        assertEquals(400, badJson.status());
        assertEquals("body", badJson.body().path("field").asText());
        Reply badType = call("POST", "/api/run/start", token(), "{\"comment\": 42}");
        assertEquals(400, badType.status());
        assertEquals("comment", badType.body().path("field").asText());
        assertEquals(400, call("POST", "/api/run/start", token(), "[1,2]").status());
        assertEquals("IDLE", call("GET", "/api/status", null, null).body().at("/run/state").asText(), "nothing changed");
        assertEquals(0, call("GET", "/api/runs", null, null).body().path("runs").size(), "no run was created");

        Reply started = call("POST", "/api/run/start", token(), "{\"comment\": \"calibration with Am-241\"}");
        assertEquals(200, started.status());
        assertEquals(1, started.body().path("number").asInt());
        assertEquals("RUNNING", started.body().path("state").asText());
        Reply again = call("POST", "/api/run/start", token(), null);
        assertEquals(409, again.status());
        assertTrue(again.body().path("error").asText().contains("run 1 is already running"));

        JsonNode status = call("GET", "/api/status", null, null).body();
        assertEquals(1, status.at("/run/number").asInt());
        assertEquals("RUNNING", status.at("/run/state").asText());

        Reply stopped = call("POST", "/api/run/stop", token(), "{\"comment\": \"end\"}");
        assertEquals(200, stopped.status());
        assertEquals("STOPPED", stopped.body().path("state").asText());
        assertFalse(stopped.body().path("stop").isNull());
        assertEquals(409, call("POST", "/api/run/stop", token(), null).status());

        JsonNode runs = call("GET", "/api/runs", null, null).body().path("runs");
        assertEquals(1, runs.size());
        JsonNode one = call("GET", "/api/runs/1", null, null).body();
        for (String f : new String[] {"number", "state", "start", "stop", "waveforms", "pulses", "comment"}) {
            assertTrue(one.has(f), "run has " + f);
        }
        assertEquals("calibration with Am-241", one.path("comment").asText());
        assertEquals("STOPPED", one.path("state").asText());
    }

    @Test
    void thresholdsAreSetThroughTheApiCheckedAndRecorded() throws Exception {
        call("POST", "/api/run/start", token(), null);
        assertEquals(401, call("PUT", "/api/channels/2/threshold", null, "{\"keVnr\": 1.5}").status());
        Reply bad = call("PUT", "/api/channels/2/threshold", token(), "{\"keVnr\": -1}");
        assertEquals(400, bad.status());
        assertEquals("keVnr", bad.body().path("field").asText());
        assertTrue(bad.body().path("error").asText().contains("must be 0..1000.0 keVnr"), bad.body().toString());
        assertEquals(400, call("PUT", "/api/channels/2/threshold", token(), "{\"keVnr\": \"high\"}").status());
        assertEquals(400, call("PUT", "/api/channels/2/threshold", token(), "{\"kev\": 1}").status());
        assertEquals(404, call("PUT", "/api/channels/99/threshold", token(), "{\"keVnr\": 1}").status());
        assertEquals(1.0, call("GET", "/api/channels/2/threshold", null, null).body().path("keVnr").asDouble(), "unchanged");
        Reply ok = call("PUT", "/api/channels/2/threshold", token(), "{\"keVnr\": 1.5, \"who\": \"expert on shift\"}");
        assertEquals(200, ok.status());
        assertEquals(1.5, call("GET", "/api/channels/2/threshold", null, null).body().path("keVnr").asDouble());
        call("POST", "/api/run/stop", token(), null);
        java.util.List<String> changes = new java.util.ArrayList<>();
        try (eu.ess.cevns.daq.store.RunReader r = new eu.ess.cevns.daq.store.RunStore(data).openReader(1)) {
            r.drain(new eu.ess.cevns.daq.store.RecordVisitor() {
                @Override
                public void onConfigChange(java.time.Instant time, String who, String what, String oldValue, String newValue) {
                    changes.add(who + ": " + what + " " + oldValue + " -> " + newValue);
                }
            });
        }
        assertEquals(java.util.List.of("expert on shift: Ch2:Threshold 1.0 -> 1.5"), changes);
    }

    @Test
    void prometheusScrapesCountersByConventionalNames() throws Exception {
        call("POST", "/api/run/start", token(), null);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        String m = r.body();
        for (String name : new String[] {"cevns_readout_packets_total ", "cevns_readout_received_bytes_total ",
                "cevns_readout_lost_packets_total ", "cevns_readout_rejected_packets_total{reason=\"cookie\"} ",
                "cevns_store_run_bytes ", "cevns_store_dropped_waveforms_total ", "cevns_beam_pulses{state=\"unknown\"} ",
                "cevns_timing_connected ", "cevns_run_running 1.0", "jvm_memory_used_bytes{"}) {
            assertTrue(m.contains(name), "metrics have " + name);
        }
        // a rejected packet shows up in the scrape with its reason
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            byte[] junk = new byte[40];
            junk[1] = 7; // version 7
            s.send(new java.net.DatagramPacket(junk, junk.length, java.net.InetAddress.getLoopbackAddress(), server.udpPort()));
        }
        for (int i = 0; i < 200 && server.readoutCounters().snapshot().rejectedTotal() == 0; i++) {
            Thread.sleep(10);
        }
        String after = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(after.contains("cevns_readout_rejected_packets_total{reason=\"version\"} 1.0"), "rejection counted");
        call("POST", "/api/run/stop", token(), null);
    }

    @Test
    void unknownPathsMethodsAndRunNumbersAreClearErrors() throws Exception {
        assertEquals(404, call("GET", "/api/nothing", null, null).status());
        Reply wrongMethod = call("POST", "/api/status", null, "{}");
        assertEquals(405, wrongMethod.status());
        assertTrue(wrongMethod.body().path("error").asText().contains("use GET"));
        Reply notNumber = call("GET", "/api/runs/abc", null, null);
        assertEquals(400, notNumber.status());
        assertEquals("n", notNumber.body().path("field").asText());
        assertEquals(404, call("GET", "/api/runs/99", null, null).status());
    }
}
