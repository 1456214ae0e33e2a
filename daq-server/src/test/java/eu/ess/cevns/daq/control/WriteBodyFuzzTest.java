package eu.ess.cevns.daq.control;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.Setting;
import eu.ess.cevns.config.SettingValues;
import eu.ess.cevns.config.WindowRules;
import eu.ess.cevns.daq.access.Authenticator;
import eu.ess.cevns.daq.access.Role;
import eu.ess.cevns.daq.http.ApiHandler;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Coverage-guided fuzzing of the API's write bodies (Jazzer): the threshold and window writes as
 * the server wires them (the {@link WriteGuard} in front of {@link ThresholdHandler} and
 * {@link WindowsHandler}, changing {@link LiveSettings}), each input one request. Every body must
 * give a 2xx with each setting that moved recorded exactly once (who, what, old, new), or a 4xx
 * with a JSON error, nothing changed and nothing recorded; never a 5xx or an exception.
 *
 * <p>Input layout: byte 0 picks the write (even: {@code PUT /api/channels/{n}/threshold}, odd:
 * {@code PUT /api/windows}) and bit 1 a wrong token; byte 1 is the channel {@code n} (signed);
 * the rest is the body, UTF-8. The committed corpus ({@code WriteBodyFuzzTestInputs/writeBody/})
 * runs with the tests; how to fuzz for a chosen time: fuzzing.md.
 */
class WriteBodyFuzzTest {
    private static final DetectorConfig DETECTOR = ConfigLoader.shippedDetector("csi-cryogenic");
    private static final String TOKEN = "fuzz-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded config change. */
    record Change(String who, String what, String oldValue, String newValue) {
    }

    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "/eu/ess/cevns/daq/control/write-body.dict")
    void writeBody(byte[] input) throws Exception {
        boolean windows = input.length > 0 && (input[0] & 1) == 1;
        boolean wrongToken = input.length > 0 && (input[0] & 2) == 2;
        String channel = input.length > 1 ? Integer.toString(input[1]) : "3";
        String body = input.length > 2 ? new String(Arrays.copyOfRange(input, 2, input.length), StandardCharsets.UTF_8) : "";

        List<Change> recorded = new ArrayList<>();
        LiveSettings settings = new LiveSettings(DETECTOR, BeamWindows.DEFAULT, (who, what, o, n) -> recorded.add(new Change(who, what, o, n)));
        WriteGuard guard = new WriteGuard(Authenticator.of(WriteToken.of(TOKEN)));
        ApiHandler handler = windows ? guard.json(Role.EXPERT, WindowsHandler.BODY, new WindowsHandler(settings)::put)
                : guard.json(Role.EXPERT, ThresholdHandler.BODY, new ThresholdHandler(settings)::put);
        ApiRequest request = new ApiRequest("PUT", windows ? "/api/windows" : "/api/channels/" + channel + "/threshold", Map.of(),
                "Bearer " + (wrongToken ? "wrong" : TOKEN), body, windows ? Map.of() : Map.of("n", channel));

        SettingValues before = settings.values();
        ApiResponse response = handler.handle(request);
        SettingValues after = settings.values();
        int status = response.status();
        assertTrue(status == 200 || (status >= 400 && status < 500), "status " + status + " for " + body);
        assertNotNull(response.body(), "a JSON answer");
        if (status != 200) {
            assertTrue(response.body().path("error").isTextual(), "an error says what went wrong: " + response.body());
            assertEquals(before, after, "a refused write changes nothing: " + body);
            assertEquals(List.of(), recorded, "a refused write records nothing: " + body);
            return;
        }
        assertFalse(wrongToken, "no write without the token");
        String who = who(body);
        List<Change> expected = new ArrayList<>();
        for (Setting s : Setting.all(DETECTOR)) {
            double was = s.valueIn(before);
            double now = s.valueIn(after);
            if (was != now) {
                assertNull(s.problem(after, now), "an accepted value is one the setting takes: " + s.pvName() + " = " + now);
                expected.add(new Change(who, s.pvName(), Setting.text(was), Setting.text(now)));
            }
        }
        assertEquals(expected, recorded, "each setting that moved recorded exactly once, nothing else: " + body);
        assertNull(WindowRules.check(after.windows()), "windows in force are usable");
    }

    /** The name a write is recorded under: the body's {@code who}, else {@code api}. */
    private static String who(String body) throws Exception {
        JsonNode w = JSON.readTree(body).get("who");
        return w == null || w.isNull() ? "api" : w.asText();
    }
}
