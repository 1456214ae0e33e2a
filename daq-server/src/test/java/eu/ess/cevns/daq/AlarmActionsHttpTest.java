package eu.ess.cevns.daq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.TestHttp.Reply;
import eu.ess.cevns.daq.store.AlarmActionRecord;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Acknowledge, shelve and unshelve over real HTTP on a real server whose run has no digitizer (so
 * "no data" is raised within a second or two): refused without the token and with bodies that are
 * not what they should be (400 naming the field, nothing changed), 404 and 409 where the alarm is
 * not listed or already acknowledged, and every act that went through is in the run's own records
 * with who, why and until when.
 */
class AlarmActionsHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "test-token";
    final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path data;
    DaqServer server;

    @BeforeEach
    void start() throws Exception {
        AlarmLimits d = AlarmLimits.DEFAULT;
        SiteConfig s = TestSites.site(data).withAlarms(new AlarmLimits(1, d.lostPacketsPerMin(), d.lostFractionMajor(),
                d.rejectedPacketsPerMin(), d.unknownPulseFraction(), 0, 0, d.analysisLagS(), d.excessLowSigma(), d.excessMinExpected(),
                d.delays(), 2));
        server = DaqServer.start(s, "test");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Reply post(String path, String token, String body) throws Exception {
        return TestHttp.call(server.httpUrl(), "POST", path, TestHttp.bearer(token), body);
    }

    JsonNode noData() throws Exception {
        JsonNode alarms = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/api/alarms")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (String list : new String[] {"active", "shelved"}) {
            for (JsonNode a : alarms.path(list)) {
                if (a.path("name").asText().equals("noData")) {
                    return a;
                }
            }
        }
        return null;
    }

    void assertRefused(Reply r, int status, String field) throws Exception {
        assertEquals(status, r.status(), r.body().toString());
        assertEquals(field, r.body().path("field").asText(), r.body().toString());
    }

    @Test
    void acknowledgeShelveAndUnshelveAreGuardedCheckedAndRecordedInTheRun() throws Exception {
        server.runs().start("alarm acts", "test");
        Await.until("noData listed", Duration.ofSeconds(20), () -> {
            try {
                return noData() != null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String ack = "/api/alarms/noData/acknowledge";
        String shelve = "/api/alarms/noData/shelve";
        assertRefused(post(ack, null, null), 401, "Authorization");
        assertRefused(post(ack, "wrong", "{}"), 401, "Authorization");
        assertRefused(post(ack, TOKEN, "{broken"), 400, "body");
        assertRefused(post(ack, TOKEN, "{\"reason\": 7}"), 400, "reason");
        assertRefused(post(shelve, TOKEN, null), 400, "body");
        assertRefused(post(shelve, TOKEN, "{\"reason\": \"study\"}"), 400, "minutes");
        assertRefused(post(shelve, TOKEN, "{\"minutes\": \"an hour\", \"reason\": \"study\"}"), 400, "minutes");
        assertRefused(post(shelve, TOKEN, "{\"minutes\": 30}"), 400, "reason");
        assertRefused(post(shelve, TOKEN, "{\"minutes\": 30, \"reason\": \"  \"}"), 400, "reason");
        Reply tooLong = post(shelve, TOKEN, "{\"minutes\": 121, \"reason\": \"study\"}");
        assertRefused(tooLong, 400, "minutes");
        assertTrue(tooLong.body().path("error").asText().contains("at most 120 minutes"), tooLong.body().toString());
        assertRefused(post(shelve, TOKEN, "{\"minutes\": -5, \"reason\": \"study\"}"), 400, "minutes");
        Reply unknown = post("/api/alarms/noDta/acknowledge", TOKEN, "{}");
        assertRefused(unknown, 404, "name");
        assertTrue(unknown.body().path("error").asText().contains("noData"), "names what is listed: " + unknown.body());
        assertRefused(post("/api/alarms/noData/unshelve", TOKEN, null), 409, "name");
        assertEquals("ACTIVE", noData().path("state").asText(), "nothing refused changed anything");

        Reply acked = post(ack, TOKEN, "{\"who\": \"Åsa (shift)\", \"reason\": \"calling the DAQ expert\"}");
        assertEquals(200, acked.status(), acked.body().toString());
        assertEquals("ACKNOWLEDGED", acked.body().at("/alarm/state").asText());
        assertEquals("Åsa (shift)", acked.body().at("/alarm/acknowledged/who").asText());
        assertEquals("acknowledge", acked.body().at("/act/action").asText());
        Reply again = post(ack, TOKEN, null);
        assertRefused(again, 409, "name");
        assertTrue(again.body().path("error").asText().contains("Åsa (shift)"), again.body().toString());

        Reply shelved = post(shelve, TOKEN, "{\"who\": \"Åsa (shift)\", \"minutes\": 90, \"reason\": \"digitizers out for repair\"}");
        assertEquals(200, shelved.status(), shelved.body().toString());
        assertEquals("SHELVED", shelved.body().at("/alarm/state").asText());
        Instant until = Instant.parse(shelved.body().at("/alarm/shelf/until").asText());
        Instant time = Instant.parse(shelved.body().at("/act/time").asText());
        assertEquals(Duration.ofMinutes(90), Duration.between(time, until));
        assertEquals("SHELVED", noData().path("state").asText());

        Reply back = post("/api/alarms/noData/unshelve", TOKEN, "{\"who\": \"expert\"}");
        assertEquals(200, back.status(), back.body().toString());
        assertEquals("ACTIVE", back.body().at("/alarm/state").asText(), "its condition holds: back, to be acknowledged again");
        server.runs().stop("", "test");

        List<String> acts = new ArrayList<>();
        try (RunReader r = new RunStore(data).openReader(1)) {
            r.drain(new RecordVisitor() {
                @Override
                public void onAlarmAction(Instant t, int action, String name, String who, String reason, Instant shelvedUntil) {
                    acts.add(AlarmActionRecord.Action.of(action).word() + " " + name + " by " + who + ": " + reason
                            + (shelvedUntil == null ? "" : " until " + shelvedUntil));
                }
            });
        }
        assertEquals(List.of("acknowledge noData by Åsa (shift): calling the DAQ expert",
                "shelve noData by Åsa (shift): digitizers out for repair until " + until, "unshelve noData by expert: "), acts);
    }
}
