package eu.ess.cevns.daq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.config.HttpSettings;
import eu.ess.cevns.config.RunConfigSnapshot;
import eu.ess.cevns.config.SettingValues;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.TestHttp.Reply;
import eu.ess.cevns.daq.readout.RejectReason;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
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
import java.time.Instant;
import java.util.List;

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
        // no token in the site: the server must create <data>/token itself; one name besides its address to be reached by
        server = DaqServer.start(s.withWriteToken(null).with(b -> b.http = new HttpSettings(List.of("daq.example.org"))), "test");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Reply call(String method, String path, String token, String body) throws Exception {
        return TestHttp.call(server.httpUrl(), method, path, TestHttp.bearer(token), body);
    }

    String token() throws Exception {
        return Files.readString(data.resolve("token")).strip();
    }

    /** Every write: 401 naming Authorization without a token or with a wrong one, 400 naming body for broken JSON. */
    void assertRefusesNoTokenAWrongOneAndBadJson(String method, String path, String goodBody) throws Exception {
        Reply none = call(method, path, null, goodBody);
        assertEquals(401, none.status(), path);
        assertEquals("Authorization", none.body().path("field").asText());
        assertEquals(401, call(method, path, "wrong", goodBody).status(), path);
        Reply badJson = call(method, path, token(), "{broken: ");
        assertEquals(400, badJson.status(), path);
        assertEquals("body", badJson.body().path("field").asText());
    }

    /** The config changes recorded in run {@code n}, as "who: what old -> new". */
    java.util.List<String> configChanges(int n) throws Exception {
        java.util.List<String> changes = new java.util.ArrayList<>();
        try (eu.ess.cevns.daq.store.RunReader r = new eu.ess.cevns.daq.store.RunStore(data).openReader(n)) {
            r.drain(new eu.ess.cevns.daq.store.RecordVisitor() {
                @Override
                public void onConfigChange(java.time.Instant time, String who, String what, String oldValue, String newValue) {
                    changes.add(who + ": " + what + " " + oldValue + " -> " + newValue);
                }
            });
        }
        return changes;
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
        assertRefusesNoTokenAWrongOneAndBadJson("POST", "/api/run/start", "{}");
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
        assertEquals("RECORDING", status.at("/store/state").asText());
        for (String reason : new String[] {"ringFull", "diskFull", "writeError"}) {
            assertEquals(0, status.at("/store/droppedByReason/" + reason).asLong(-1), "store.droppedByReason." + reason);
        }

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
        assertEquals("normal", one.path("stopReason").asText());
        assertEquals(0, one.at("/droppedByReason/diskFull").asLong(-1));
        assertEquals("IDLE", call("GET", "/api/status", null, null).body().at("/store/state").asText());
    }

    /** The configuration run {@code n} recorded at its start. */
    RunConfigSnapshot startConfig(int n) throws Exception {
        String[] text = new String[1];
        try (RunReader r = new RunStore(data).openReader(n)) {
            r.drain(new RecordVisitor() {
                @Override
                public void onRunStart(int run, Instant start, String softwareVersion, String who, String comment, String config) {
                    text[0] = config;
                }
            });
        }
        return RunConfigSnapshot.parse(text[0]);
    }

    @Test
    void aRunStartsWithTheSettingsInForceNotTheSiteFiles() throws Exception {
        call("POST", "/api/run/start", token(), null);
        assertEquals(200, call("PUT", "/api/channels/2/threshold", token(), "{\"keVnr\": 2.5}").status());
        assertEquals(200, call("PUT", "/api/windows", token(), "{\"onEndUs\": 3000}").status());
        call("POST", "/api/run/stop", token(), null);
        call("POST", "/api/run/start", token(), null);
        call("POST", "/api/run/stop", token(), null);
        RunConfigSnapshot first = startConfig(1);
        RunConfigSnapshot second = startConfig(2);
        assertEquals(1.0, SettingValues.of(first.detector(), first.windows()).threshold(2), "run 1 began with the site file's value");
        assertEquals(2.5, SettingValues.of(second.detector(), second.windows()).threshold(2),
                "run 2 began with the threshold set live during run 1: its replay must cut where the live analysis did");
        assertEquals(3000, second.windows().onEndUs());
        assertEquals(1.0, SettingValues.of(second.detector(), second.windows()).threshold(3), "other channels as configured");
    }

    @Test
    void thresholdsAreSetThroughTheApiCheckedAndRecorded() throws Exception {
        call("POST", "/api/run/start", token(), null);
        assertRefusesNoTokenAWrongOneAndBadJson("PUT", "/api/channels/2/threshold", "{\"keVnr\": 1.5}");
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
        assertEquals(java.util.List.of("expert on shift: Ch2:Threshold 1.0 -> 1.5"), configChanges(1));
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
                "cevns_timing_connected ", "cevns_run_running 1.0", "jvm_memory_used_bytes{", "cevns_store_write_seconds_count ",
                "cevns_store_write_seconds_sum ", "cevns_store_write_max_seconds ", "cevns_join_wait_seconds_count ",
                "cevns_join_wait_seconds_sum ", "cevns_join_timeouts_total ", "cevns_store_disk_free_bytes ",
                "cevns_channel_waveforms_total{channel=\"15\"} ", "cevns_alarms_active{severity=\"major\"} "}) {
            assertTrue(m.contains(name), "metrics have " + name);
        }
        // gauges must outlive a garbage collection (Micrometer holds their sources weakly)
        System.gc();
        String afterGc = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double diskFree = afterGc.lines().filter(l -> l.startsWith("cevns_store_disk_free_bytes ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).orElseThrow();
        assertEquals(Files.getFileStore(data).getUsableSpace(), diskFree, 1e9, "disk free after a GC: " + diskFree);
        // a rejected packet shows up in the scrape with its reason
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            byte[] junk = new byte[40];
            junk[1] = 7; // version 7
            s.send(new java.net.DatagramPacket(junk, junk.length, java.net.InetAddress.getLoopbackAddress(), server.udpPort()));
        }
        Await.until("the version-7 datagram counted as rejected", () -> server.readoutCounters().snapshot().rejectedTotal() > 0);
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

    @Test
    void windowsAreMovedTogetherCheckedFieldByFieldAndRecorded() throws Exception {
        call("POST", "/api/run/start", token(), null);
        assertEquals(2871.0, call("GET", "/api/windows", null, null).body().path("onEndUs").asDouble());
        assertRefusesNoTokenAWrongOneAndBadJson("PUT", "/api/windows", "{\"onEndUs\": 3000}");
        Reply unknown = call("PUT", "/api/windows", token(), "{\"onEnd\": 3000}");
        assertEquals("onEnd", unknown.body().path("field").asText(), unknown.body().toString());
        Reply notNumber = call("PUT", "/api/windows", token(), "{\"offStartUs\": \"late\"}");
        assertEquals("offStartUs", notNumber.body().path("field").asText());
        Reply overlap = call("PUT", "/api/windows", token(), "{\"onEndUs\": 64000}");
        assertEquals(400, overlap.status());
        assertEquals("windows", overlap.body().path("field").asText(), overlap.body().toString());
        assertEquals(2871.0, call("GET", "/api/windows", null, null).body().path("onEndUs").asDouble(), "nothing changed");
        Reply ok = call("PUT", "/api/windows", token(), "{\"onStartUs\": 100, \"onEndUs\": 3000, \"who\": \"expert\"}");
        assertEquals(200, ok.status(), ok.body().toString());
        assertEquals(3000.0, ok.body().path("onEndUs").asDouble());
        assertEquals(3000.0, call("GET", "/api/config", null, null).body().at("/live/windows/onEndUs").asDouble());
        call("POST", "/api/run/stop", token(), null);
        assertEquals(java.util.List.of("expert: OnWindowStart 0.0 -> 100.0", "expert: OnWindowEnd 2871.0 -> 3000.0"), configChanges(1));
    }

    @Test
    void configIsReadableWithoutTheTokenInIt() throws Exception {
        JsonNode c = call("GET", "/api/config", null, null).body();
        assertEquals("csi-cryogenic", c.at("/detector/name").asText());
        assertEquals(16, c.at("/live/thresholdsKeVnr").size());
        assertEquals(10.0, c.at("/alarms/noDataS").asDouble(), "alarm limits are part of the config");
        assertFalse(c.has("writeToken"), "the token is not handed out");
        assertFalse(c.toString().contains(token()));
    }

    @Test
    void alarmsAreInTheStatusAndTheirOwnResource() throws Exception {
        JsonNode s = call("GET", "/api/status", null, null).body();
        assertTrue(s.at("/alarms/diskFreeBytes").asLong() > 0, s.toString());
        assertEquals(16, s.at("/channels/list").size());
        JsonNode a = call("GET", "/api/alarms", null, null).body();
        assertTrue(a.has("active") && a.has("recent"), a.toString());
    }

    @Test
    void theDashboardAndItsChartLibraryAreServedFromTheJar() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"), "the page loads uPlot from the WebJar");
        HttpResponse<byte[]> lib = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl()
                + "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, lib.statusCode());
        assertTrue(lib.body().length > 40_000, "the whole library: " + lib.body().length + " bytes");
        assertEquals(404, call("GET", "/ui/nothing.js", null, null).status());
        assertEquals(400, call("GET", "/ui/../../../etc/passwd", null, null).status());
    }

    @Test
    void serverSentEventsPushTheStatusEverySecond() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/api/events")).build();
        HttpResponse<java.util.stream.Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        java.util.List<String> data = new java.util.ArrayList<>();
        java.util.Iterator<String> lines = r.body().iterator();
        while (data.size() < 3) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        assertEquals(1, server.events().clients(), "one subscriber while connected");
        r.body().close();
        for (String d : data) {
            JsonNode s = JSON.readTree(d);
            assertEquals("IDLE", s.at("/run/state").asText(), "each event is the status object");
            assertTrue(s.has("alarms") && s.has("readout"));
        }
        assertNotEquals(JSON.readTree(data.get(1)).path("time"), JSON.readTree(data.get(2)).path("time"), "fresh each time");
    }

    /** dashboard.md says an unknown field is 400: for every write, naming the field, with nothing changed or recorded. */
    @Test
    void everyWriteRefusesAFieldItDoesNotTakeAndChangesNothing() throws Exception {
        Reply start = call("POST", "/api/run/start", token(), "{\"comment\": \"calibration\", \"colour\": \"red\"}");
        assertEquals(400, start.status());
        assertEquals("colour", start.body().path("field").asText());
        assertEquals("unknown field 'colour'; this write takes comment, who", start.body().path("error").asText());
        assertEquals(0, call("GET", "/api/runs", null, null).body().path("runs").size(), "no run was started");
        assertEquals(200, call("POST", "/api/run/start", token(), "{\"comment\": \"calibration\"}").status());

        Reply threshold = call("PUT", "/api/channels/2/threshold", token(), "{\"keVnr\": 1.5, \"kev\": 2}");
        assertEquals(400, threshold.status());
        assertEquals("kev", threshold.body().path("field").asText());
        assertEquals(1.0, server.settings().threshold(2), "unchanged");
        Reply windows = call("PUT", "/api/windows", token(), "{\"onEndUs\": 3000, \"offEnd\": 70000}");
        assertEquals("offEnd", windows.body().path("field").asText());
        assertEquals(2871, server.settings().windows().onEndUs(), "the known field was not applied either");
        // a field given twice, or a second object after the first: which value was meant cannot be told
        Reply twice = call("PUT", "/api/channels/2/threshold", token(), "{\"keVnr\": 1.5, \"keVnr\": 900}");
        assertEquals(400, twice.status());
        assertEquals("body", twice.body().path("field").asText());
        assertTrue(twice.body().path("error").asText().contains("Duplicate field 'keVnr'"), twice.body().toString());
        Reply trailing = call("PUT", "/api/channels/2/threshold", token(), "{\"keVnr\": 1.5} {\"keVnr\": 900}");
        assertEquals(400, trailing.status(), trailing.body().toString());
        assertEquals("body", trailing.body().path("field").asText());
        assertEquals(1.0, server.settings().threshold(2), "unchanged");
        Reply stop = call("POST", "/api/run/stop", token(), "{\"coment\": \"typo\"}");
        assertEquals("coment", stop.body().path("field").asText());
        assertEquals("RUNNING", call("GET", "/api/status", null, null).body().at("/run/state").asText(), "still running");
        assertEquals(200, call("POST", "/api/run/stop", token(), null).status());
        assertEquals(List.of(), configChanges(1), "nothing recorded");
    }

    @Test
    void whoIsANameOnOneLineOfAtMostAHundredCharacters() throws Exception {
        call("POST", "/api/run/start", token(), null);
        String hundred = "J. Doe (shift leader) " + "x".repeat(100 - 22);
        Reply tooLong = call("PUT", "/api/channels/2/threshold", token(), "{\"keVnr\": 1.5, \"who\": \"" + hundred + "y\"}");
        assertEquals(400, tooLong.status());
        assertEquals("who", tooLong.body().path("field").asText());
        assertEquals("who is longer than 100 characters: give a name, not a text", tooLong.body().path("error").asText());
        Reply twoLines = call("PUT", "/api/channels/2/threshold", token(), "{\"keVnr\": 1.5, \"who\": \"J. Doe\\nCh2:Threshold 9 -> 9\"}");
        assertEquals(400, twoLines.status(), "a line break would forge a line in the change log");
        assertEquals("who", twoLines.body().path("field").asText());
        assertEquals(1.0, server.settings().threshold(2), "unchanged");
        assertEquals(200, call("PUT", "/api/channels/2/threshold", token(), "{\"keVnr\": 1.5, \"who\": \"" + hundred + "\"}").status());
        call("POST", "/api/run/stop", token(), null);
        assertEquals(List.of(hundred + ": Ch2:Threshold 1.0 -> 1.5"), configChanges(1));
    }

    /** An HTTP/1.1 request over a plain socket, so that the Host header is what the test says; the raw answer. */
    String raw(String method, String path, String host) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.httpPort())) {
            String head = method + " " + path + " HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n") + "Connection: close\r\n\r\n";
            s.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.setSoTimeout(10_000);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = s.getInputStream().read(buf)) > 0 && !path.equals("/api/events"); ) {
                out.write(buf, 0, n);
            }
            if (path.equals("/api/events")) {
                return new String(buf, java.nio.charset.StandardCharsets.UTF_8);
            }
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRequestByAnotherNameIsRefusedSoNoWebPageCanRebindOneOfItsNamesToTheServer() throws Exception {
        int port = server.httpPort();
        for (String path : new String[] {"/api/status", "/api/config", "/", "/metrics", "/api/events"}) {
            String answer = raw("GET", path, "rebind.attacker.example:" + port);
            assertTrue(answer.startsWith("HTTP/1.1 403 "), path + ": " + answer.lines().findFirst().orElse(""));
            assertTrue(answer.contains("\"field\":\"Host\"") && answer.contains("does not answer to the name 'rebind.attacker.example:"
                    + port + "'"), answer);
            assertFalse(answer.contains("\"run\""), "no status in the answer");
        }
        for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port, "dash.localhost:" + port,
                "daq.example.org:" + port, "DAQ.Example.ORG.", "192.0.2.2:" + port}) {
            assertTrue(raw("GET", "/api/status", host).startsWith("HTTP/1.1 200 "), host);
        }
        assertTrue(raw("GET", "/api/status", null).startsWith("HTTP/1.1 200 "), "no Host at all: not a browser");
        assertTrue(raw("PUT", "/api/channels/2/threshold", "evil.example").startsWith("HTTP/1.1 403 "), "writes too");
    }

    @Test
    void everyAnswerKeepsThePageOutOfOtherSitesFramesAndScripts() throws Exception {
        for (String path : new String[] {"/", "/ui/main.js", "/api/status", "/api/nothing", "/api/events"}) {
            String head = raw("GET", path, "localhost").split("\r\n\r\n")[0].toLowerCase(java.util.Locale.ROOT);
            assertTrue(head.contains("\r\nx-frame-options: deny"), path + ": " + head);
            assertTrue(head.contains("\r\nx-content-type-options: nosniff"), path);
            assertTrue(head.contains("\r\ncontent-security-policy: default-src 'self'; script-src 'self'; style-src 'self';"), path + ": " + head);
            assertTrue(head.contains("frame-ancestors 'none'"), path);
        }
    }

    @Test
    void aTokenFileNamedByTheSiteMustBeReadableByItsOwnerOnly(@TempDir Path other) throws Exception {
        Path file = other.resolve("token");
        Files.writeString(file, "s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> eu.ess.cevns.daq.control.WriteToken.forServer(null, file, other));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertTrue(eu.ess.cevns.daq.control.WriteToken.forServer(null, file, other).permits("Bearer s3cret"));
    }
}
