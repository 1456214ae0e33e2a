package eu.ess.cevns.daq;

import com.fasterxml.jackson.databind.JsonNode;
import eu.ess.cevns.config.AccountsSettings;
import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.TestHttp.Reply;
import eu.ess.cevns.daq.access.Account;
import eu.ess.cevns.daq.access.AccountsFile;
import eu.ess.cevns.daq.access.PasswordHash;
import eu.ess.cevns.daq.access.Role;
import eu.ess.cevns.daq.access.ScriptToken;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accounts over real HTTP: every write by role (viewer 403, shift run control, alarm acts, logbook
 * and quality but not thresholds or windows, expert everything), the page's login with its cookie
 * and CSRF header, logout, closed reads, and the account name in the run's records.
 */
class AccountsHttpTest {
    static final String VIEWER = "viewer-password";
    static final String SHIFT = "shift-password";
    static final String EXPERT = "expert-password";
    @TempDir
    Path dir;
    DaqServer server;
    final Map<String, String> tokens = new HashMap<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    void start(boolean readsOpen) throws Exception {
        Path file = dir.resolve("accounts.yaml");
        List<Account> accounts = new ArrayList<>();
        for (Role r : Role.values()) {
            String token = ScriptToken.generate();
            tokens.put(r.word(), token);
            String password = switch (r) {
                case VIEWER -> VIEWER;
                case SHIFT -> SHIFT;
                case EXPERT -> EXPERT;
            };
            accounts.add(new Account("the-" + r.word(), r, PasswordHash.of(password.toCharArray()), List.of(ScriptToken.hash(token))));
        }
        AccountsFile.write(file, accounts);
        AlarmLimits d = AlarmLimits.DEFAULT;
        // "no data" raised a second into a run without digitizers: an alarm to act on
        SiteConfig s = TestSites.site(dir.resolve("data")).withAccounts(new AccountsSettings(file, readsOpen, 60))
                .withAlarms(new AlarmLimits(1, d.lostPacketsPerMin(), d.lostFractionMajor(), d.rejectedPacketsPerMin(),
                        d.unknownPulseFraction(), 0, 0, d.analysisLagS(), d.excessLowSigma(), d.excessMinExpected(), d.delays(), 2));
        server = DaqServer.start(s, "test");
    }

    Reply call(String method, String path, Map<String, String> headers, String body) throws Exception {
        return TestHttp.call(server.httpUrl(), method, path, headers, body);
    }

    Reply as(String role, String method, String path, String body) throws Exception {
        return call(method, path, Map.of("Authorization", "Bearer " + tokens.get(role)), body);
    }

    @Test
    void eachWriteIsTakenOrRefusedByTheRoleItNeeds() throws Exception {
        start(true);
        // shift-level writes: viewer 403, shift and expert taken
        String[][] shiftWrites = {
                {"POST", "/api/run/start", "{\"comment\": \"by role\"}"},
                {"POST", "/api/logbook", "{\"text\": \"checked the cryostat\"}"},
                {"PUT", "/api/runs/1/quality", "{\"flag\": \"check\", \"reason\": \"looked at it\"}"},
                {"POST", "/api/alarms/noData/acknowledge", "{\"reason\": \"calling the expert\"}"},
                {"POST", "/api/alarms/noData/shelve", "{\"minutes\": 5, \"reason\": \"digitizers out\"}"},
                {"POST", "/api/alarms/noData/unshelve", "{}"},
                {"POST", "/api/run/stop", "{}"}};
        for (String[] w : shiftWrites) {
            if (w[1].equals("/api/alarms/noData/acknowledge")) {
                Await.until("noData listed", Duration.ofSeconds(20), () -> {
                    try {
                        return call("GET", "/api/alarms", Map.of(), null).body().toString().contains("\"noData\"");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            Reply viewer = as("viewer", w[0], w[1], w[2]);
            assertEquals(403, viewer.status(), w[1] + " as viewer: " + viewer.body());
            assertEquals("role", viewer.body().path("field").asText());
            assertEquals("this write needs the shift role; the-viewer is a viewer", viewer.body().path("error").asText());
            Reply shift = as("shift", w[0], w[1], w[2]);
            assertEquals(200, shift.status(), w[1] + " as shift: " + shift.body());
            if (w[1].startsWith("/api/alarms/")) {
                assertEquals("the-shift", shift.body().at("/act/who").asText(), "the act names the account: " + shift.body());
            }
        }
        Reply expertStart = as("expert", "POST", "/api/run/start", "{}");
        assertEquals(200, expertStart.status(), expertStart.body().toString());
        // expert-level writes: viewer and shift 403, expert taken
        String[][] expertWrites = {
                {"PUT", "/api/channels/2/threshold", "{\"keVnr\": 1.5}"},
                {"PUT", "/api/windows", "{\"onStartUs\": 100, \"onEndUs\": 3000}"}};
        for (String[] w : expertWrites) {
            for (String role : List.of("viewer", "shift")) {
                Reply r = as(role, w[0], w[1], w[2]);
                assertEquals(403, r.status(), w[1] + " as " + role);
                assertTrue(r.body().path("error").asText().startsWith("this write needs the expert role"), r.body().toString());
            }
            Reply expert = as("expert", w[0], w[1], w[2]);
            assertEquals(200, expert.status(), w[1] + " as expert: " + expert.body());
        }
        // a body's who is not what is recorded under an account
        assertEquals(200, as("shift", "POST", "/api/logbook", "{\"text\": \"second note\", \"who\": \"somebody else\"}").status());
        as("expert", "POST", "/api/run/stop", "{}");

        assertEquals(List.of("the-expert: Ch2:Threshold 1.0 -> 1.5", "the-expert: OnWindowStart 0.0 -> 100.0",
                "the-expert: OnWindowEnd 2871.0 -> 3000.0"), configChanges(2), "the run's records name the account");
        JsonNode log = call("GET", "/api/logbook?run=1", Map.of(), null).body();
        List<String> who = new ArrayList<>();
        log.path("entries").forEach(e -> who.add(e.path("who").asText() + ": " + e.path("text").asText()));
        assertTrue(who.contains("the-shift: checked the cryostat"), who.toString());
        JsonNode log2 = call("GET", "/api/logbook?run=2", Map.of(), null).body();
        List<String> who2 = new ArrayList<>();
        log2.path("entries").forEach(e -> who2.add(e.path("who").asText() + ": " + e.path("text").asText()));
        assertTrue(who2.contains("the-shift: second note"), who2.toString());
    }

    @Test
    void theWriteTokenIsTheBuiltInExpertAndRecordsTheGivenWho() throws Exception {
        start(true);
        Map<String, String> token = Map.of("Authorization", "Bearer test-token");
        assertEquals(200, call("POST", "/api/run/start", token, "{}").status());
        Reply r = call("PUT", "/api/channels/2/threshold", token, "{\"keVnr\": 1.5, \"who\": \"cron on daq01\"}");
        assertEquals(200, r.status(), r.body().toString());
        Reply wrong = call("PUT", "/api/channels/2/threshold", Map.of("Authorization", "Bearer nope"), "{\"keVnr\": 1.6}");
        assertEquals(401, wrong.status());
        assertEquals("Authorization", wrong.body().path("field").asText());
        // the page may log in with it too (a site without accounts has no other way), and then records the name it sends
        Reply scriptToken = call("POST", "/api/login", Map.of(), "{\"token\": \"" + tokens.get("expert") + "\"}");
        assertEquals(401, scriptToken.status(), "an account's script token is no page login");
        Reply in = call("POST", "/api/login", Map.of(), "{\"token\": \"test-token\"}");
        assertEquals(200, in.status());
        assertEquals("write-token", in.body().path("user").asText());
        assertEquals("expert", in.body().path("role").asText());
        String cookie = in.raw().headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        Reply viaPage = call("PUT", "/api/channels/3/threshold", Map.of("Cookie", cookie, "X-CSRF-Token", in.body().path("csrfToken").asText()),
                "{\"keVnr\": 1.5, \"who\": \"J. Doe\"}");
        assertEquals(200, viaPage.status());
        assertEquals(200, call("POST", "/api/run/stop", token, "{}").status());
        assertEquals(List.of("cron on daq01: Ch2:Threshold 1.0 -> 1.5", "J. Doe: Ch3:Threshold 1.0 -> 1.5"), configChanges(1));
    }

    @Test
    void thePageLogsInWritesWithItsCsrfHeaderOnlyAndLogsOut() throws Exception {
        start(true);
        Reply bad = call("POST", "/api/login", Map.of(), "{\"user\": \"the-shift\", \"password\": \"wrong-password\"}");
        assertEquals(401, bad.status());
        assertEquals("wrong user name or password", bad.body().path("error").asText());
        assertEquals(401, call("POST", "/api/login", Map.of(), "{\"user\": \"nobody\", \"password\": \"" + SHIFT + "\"}").status());
        // the fifth wrong password in a row locks the name for a minute (accounts.failedLogins, lockoutSeconds), right password too
        for (int i = 0; i < 5; i++) {
            assertEquals(401, call("POST", "/api/login", Map.of(), "{\"user\": \"the-viewer\", \"password\": \"guess" + i + "\"}").status());
        }
        Reply locked = call("POST", "/api/login", Map.of(), "{\"user\": \"the-viewer\", \"password\": \"" + VIEWER + "\"}");
        assertEquals(429, locked.status(), locked.body().toString());
        assertTrue(locked.body().path("error").asText().startsWith("too many wrong passwords for 'the-viewer': try again in "),
                locked.body().toString());
        assertTrue(locked.raw().headers().firstValue("retry-after").isPresent());

        Reply in = call("POST", "/api/login", Map.of(), "{\"user\": \"the-shift\", \"password\": \"" + SHIFT + "\"}");
        assertEquals(200, in.status(), in.body().toString());
        assertEquals("the-shift", in.body().path("user").asText());
        assertEquals("shift", in.body().path("role").asText());
        String setCookie = in.raw().headers().firstValue("set-cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"), setCookie);
        assertTrue(!setCookie.contains("Secure"), "no Secure flag over plain HTTP (the browser would drop the cookie): " + setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = in.body().path("csrfToken").asText();
        assertEquals(64, csrf.length());

        Reply who = call("GET", "/api/session", Map.of("Cookie", cookie), null);
        assertEquals("the-shift", who.body().path("user").asText());
        assertEquals(csrf, who.body().path("csrfToken").asText(), "a reloaded page gets its CSRF token back");
        assertTrue(call("GET", "/api/session", Map.of(), null).body().path("user").isNull());

        Reply noCsrf = call("POST", "/api/run/start", Map.of("Cookie", cookie), "{}");
        assertEquals(403, noCsrf.status(), "a cookie alone does not write: " + noCsrf.body());
        assertEquals("X-CSRF-Token", noCsrf.body().path("field").asText());
        Reply wrongCsrf = call("POST", "/api/run/start", Map.of("Cookie", cookie, "X-CSRF-Token", "0".repeat(64)), "{}");
        assertEquals(403, wrongCsrf.status());
        assertEquals("IDLE", call("GET", "/api/status", Map.of(), null).body().at("/run/state").asText(), "refused writes changed nothing");

        Map<String, String> page = Map.of("Cookie", cookie, "X-CSRF-Token", csrf);
        assertEquals(200, call("POST", "/api/run/start", page, "{}").status());
        Reply threshold = call("PUT", "/api/channels/2/threshold", page, "{\"keVnr\": 1.5}");
        assertEquals(403, threshold.status());
        assertEquals("this write needs the expert role; the-shift is a shift", threshold.body().path("error").asText());
        assertEquals(200, call("POST", "/api/run/stop", page, "{}").status());

        assertEquals(200, call("POST", "/api/logout", page, null).status());
        Reply after = call("POST", "/api/run/start", page, "{}");
        assertEquals(401, after.status(), "a logged-out session writes nothing");
        assertEquals("session", after.body().path("field").asText());
        assertTrue(call("GET", "/api/session", Map.of("Cookie", cookie), null).body().path("user").isNull());
    }

    @Test
    void closedReadsNeedAnAccountButThePageAndItsLoginStayReachable() throws Exception {
        start(false);
        Reply anon = call("GET", "/api/status", Map.of(), null);
        assertEquals(401, anon.status());
        assertEquals("Authorization", anon.body().path("field").asText());
        assertEquals(401, call("GET", "/api/config", Map.of(), null).status());
        assertEquals(401, call("GET", "/metrics", Map.of(), null).status());
        assertEquals(200, as("viewer", "GET", "/api/status", null).status());
        assertEquals(200, call("GET", "/", Map.of(), null).status(), "the page itself, to log in");
        assertEquals(200, call("GET", "/ui/main.js", Map.of(), null).status());
        Reply in = call("POST", "/api/login", Map.of(), "{\"user\": \"the-viewer\", \"password\": \"" + VIEWER + "\"}");
        String cookie = in.raw().headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        assertEquals(200, call("GET", "/api/status", Map.of("Cookie", cookie), null).status(), "a read needs no CSRF header");
        assertNotEquals(200, call("GET", "/api/status", Map.of("Cookie", "cevns_session=forged"), null).status());
    }

    /** The config changes recorded in run {@code n}, as "who: what old -> new". */
    List<String> configChanges(int n) throws Exception {
        List<String> changes = new ArrayList<>();
        try (RunReader r = new RunStore(dir.resolve("data")).openReader(n)) {
            r.drain(new RecordVisitor() {
                @Override
                public void onConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
                    changes.add(who + ": " + what + " " + oldValue + " -> " + newValue);
                }
            });
        }
        return changes;
    }
}
