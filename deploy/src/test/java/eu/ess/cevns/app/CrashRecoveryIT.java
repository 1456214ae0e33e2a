package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.daq.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A server killed with SIGKILL in the middle of a run: the next start closes that run as ABORTED,
 * keeps every waveform it had stored, and a new run starts with the next number.
 */
class CrashRecoveryIT {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    JsonNode get(String url) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void aKilledServersRunIsClosedAsAbortedWithItsDataKept(@TempDir Path data) throws Exception {
        long storedBeforeKill;
        try (Cli.Background serve = new Cli.Background("serve", "--data", data.toString(), "--udp-port", "0", "--tcp-port", "0",
                "--http-port", "0", "--pva-port", "0", "--timing-ioc", Cli.nowhere())) {
            Matcher m = serve.await(ServeIT.SERVING, 60);
            String url = m.group(1);
            assertEquals(0, Cli.run(60, "run", "start", "--http", url, "--data", data.toString(), "--comment", "to be killed").exitCode());
            try (Cli.Background sim = new Cli.Background("simulate", "--tcp", "127.0.0.1:" + m.group(3), "--rate", "200")) {
                Await.until("the run stores 2000 waveforms before the kill", Await.DEFAULT_TIMEOUT,
                        () -> StatusPoll.Progress.of(url).waveformsStored(), stored -> stored >= 2000);
                storedBeforeKill = get(url + "/api/status").at("/store/waveforms").asLong();
                // SIGKILL: no shutdown hook, no run stop, whatever was in flight is cut off
                serve.process.destroyForcibly();
                assertTrue(serve.process.waitFor(30, TimeUnit.SECONDS));
                assertEquals(137, serve.process.exitValue(), "killed by SIGKILL");
            }
        }
        try (Cli.Background serve = new Cli.Background("serve", "--data", data.toString(), "--udp-port", "0", "--tcp-port", "0",
                "--http-port", "0", "--pva-port", "0", "--timing-ioc", Cli.nowhere())) {
            Matcher aborted = serve.await("run 1 was left open by a crash: closed as ABORTED, (\\d+) waveforms kept", 60);
            long kept = Long.parseLong(aborted.group(1));
            assertTrue(kept >= storedBeforeKill, "kept " + kept + " >= stored before kill " + storedBeforeKill);
            String url = serve.await(ServeIT.SERVING, 60).group(1);
            JsonNode run1 = get(url + "/api/runs/1");
            assertEquals("ABORTED", run1.path("state").asText());
            assertEquals(kept, run1.path("waveforms").asLong());
            assertEquals("to be killed", run1.path("comment").asText());
            assertFalse(run1.path("stop").isNull());

            Cli.Result start = Cli.run(60, "run", "start", "--http", url, "--data", data.toString());
            assertEquals(0, start.exitCode(), start.err());
            assertTrue(start.out().startsWith("run 2 started"), start.out());
            assertEquals(0, Cli.run(60, "run", "stop", "--http", url, "--data", data.toString()).exitCode());
        }
    }
}
