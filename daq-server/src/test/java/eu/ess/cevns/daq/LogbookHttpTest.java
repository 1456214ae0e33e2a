package eu.ess.cevns.daq;

import com.fasterxml.jackson.databind.JsonNode;
import eu.ess.cevns.daq.TestHttp.Reply;
import eu.ess.cevns.daq.store.LogbookRecords;
import eu.ess.cevns.daq.store.RunStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The run logbook and quality flag over real HTTP: every write needs the token, a body with a
 * field it does not take, a text or tag it cannot keep, or a flag without a reason is refused
 * naming the field and writes nothing; an entry before any run has nowhere to go; entries and flags
 * land in the open run's records with who wrote them, in the logbook and in run.json, and the runs
 * list shows the flag and, after the stop, the beam of the run.
 */
class LogbookHttpTest {
    @TempDir
    Path data;
    DaqServer server;

    @BeforeEach
    void start() throws Exception {
        server = DaqServer.start(TestSites.site(data), "test");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Reply call(String method, String path, boolean token, String body) throws Exception {
        return TestHttp.call(server.httpUrl(), method, path, TestHttp.bearer(token ? "test-token" : null), body);
    }

    void assertRefused(int status, String field, Reply r) {
        assertEquals(status, r.status(), r.body().toString());
        assertEquals(field, r.body().path("field").asText(), r.body().toString());
    }

    @Test
    void entriesAndFlagsAreCheckedRecordedWithWhoAndListed() throws Exception {
        Reply none = call("POST", "/api/logbook", true, "{\"text\": \"before any run\"}");
        assertEquals(409, none.status(), "no run yet: " + none.body());
        assertTrue(call("GET", "/api/logbook", false, null).body().path("run").isNull());

        call("POST", "/api/run/start", true, "{\"comment\": \"cold run\"}");
        assertRefused(401, "Authorization", call("POST", "/api/logbook", false, "{\"text\": \"x\"}"));
        assertRefused(400, "text", call("POST", "/api/logbook", true, "{\"text\": \"  \"}"));
        assertRefused(400, "text", call("POST", "/api/logbook", true, "{\"text\": \"" + "x".repeat(4001) + "\"}"));
        assertRefused(400, "tags", call("POST", "/api/logbook", true, "{\"text\": \"x\", \"tags\": \"beam trip\"}"));
        assertRefused(400, "tags", call("POST", "/api/logbook", true, "{\"text\": \"x\", \"tags\": [\"two\\nlines\"]}"));
        assertRefused(400, "tags", call("POST", "/api/logbook", true, "{\"text\": \"x\", \"tags\": [\"" + "t".repeat(41) + "\"]}"));
        assertRefused(400, "colour", call("POST", "/api/logbook", true, "{\"text\": \"x\", \"colour\": \"red\"}"));
        assertRefused(400, "run", call("POST", "/api/logbook", true, "{\"text\": \"x\", \"run\": \"one\"}"));
        assertRefused(404, "run", call("POST", "/api/logbook", true, "{\"text\": \"x\", \"run\": 7}"));
        assertRefused(400, "flag", call("PUT", "/api/runs/1/quality", true, "{\"flag\": \"great\"}"));
        assertRefused(400, "reason", call("PUT", "/api/runs/1/quality", true, "{\"flag\": \"bad\"}"));
        assertRefused(404, "n", call("PUT", "/api/runs/9/quality", true, "{\"flag\": \"good\"}"));
        assertEquals(0, call("GET", "/api/logbook", false, null).body().path("entries").size(), "nothing refused was written");

        Reply entry = call("POST", "/api/logbook", true,
                "{\"text\": \"beam trip at 03:12\", \"tags\": [\"beam trip\", \" beam trip \"], \"who\": \"Åsa\"}");
        assertEquals(200, entry.status(), entry.body().toString());
        assertEquals(1, entry.body().path("run").asInt());
        assertTrue(entry.body().path("inQueue").asBoolean());
        assertEquals("[\"beam trip\"]", entry.body().path("tags").toString(), "tags stripped, each once");
        Reply flag = call("PUT", "/api/runs/1/quality", true, "{\"flag\": \"BAD\", \"reason\": \"HV 2 off from 03:10\", \"who\": \"coordinator\"}");
        assertEquals(200, flag.status(), flag.body().toString());
        assertEquals("bad", flag.body().at("/quality/flag").asText());
        assertEquals("bad", call("GET", "/api/runs/1", false, null).body().at("/quality/flag").asText(), "listed while running");

        Reply stopped = call("POST", "/api/run/stop", true, null);
        assertEquals(200, stopped.status());
        Reply late = call("POST", "/api/logbook", true, "{\"text\": \"checked the HV log: it was off\", \"run\": 1}");
        assertFalse(late.body().path("inQueue").asBoolean(), "the run's queue is closed");

        JsonNode book = call("GET", "/api/logbook?run=1", false, null).body();
        assertEquals(List.of("Åsa: beam trip at 03:12", "coordinator: HV 2 off from 03:10 (bad)", "api: checked the HV log: it was off"),
                texts(book.path("entries")));
        assertEquals(List.of("log Åsa: beam trip at 03:12 [beam trip]", "quality coordinator: bad HV 2 off from 03:10"),
                LogbookRecords.of(new RunStore(data), 1),
                "the run's own records, with who");

        JsonNode run = call("GET", "/api/runs?last=1", false, null).body().path("runs").get(0);
        assertEquals(1, run.path("number").asInt());
        assertEquals("bad", run.at("/quality/flag").asText());
        assertEquals("coordinator", run.at("/quality/who").asText());
        assertTrue(run.path("durationS").asDouble() >= 0, run.toString());
        assertTrue(run.path("beam").isObject(), "the beam of the run is in run.json from the stop on: " + run);
        assertEquals(0, run.at("/beam/pulsesOn").asLong(), "no timing here: no pulse was ON");
        assertRefused(400, "last", call("GET", "/api/runs?last=0", false, null));
        assertTrue(Files.readString(data.resolve("runs/000001/run.json")).contains("\"flag\" : \"bad\""), "run.json keeps the flag");
    }

    private static List<String> texts(JsonNode entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.path("who").asText() + ": " + e.path("text").asText()
                + (e.has("quality") ? " (" + e.path("quality").asText() + ")" : "")));
        return out;
    }
}
