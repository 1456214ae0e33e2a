package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.daq.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One server per data root (issue 11 item 4): with a server recording on a data root, a second
 * {@code serve} and a {@code demo} on it refuse to start, exit 1, and name the first ("data root
 * DIR is in use by cevns-daq PID N on HOST since T"), leaving its live run alone (before, the
 * second server's recovery marked it ABORTED while it was being written); {@code runs},
 * {@code analyze} and {@code export} read the root beside it; once it ends, a server starts there again.
 */
@ExtendWith(ProcessOutputOnFailure.class)
class DataRootIT {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    JsonNode get(String url) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** {@code store.waveforms} of the server at {@code url}, -1 while it does not answer. */
    long storedWaveforms(String url) {
        try {
            return get(url + "/api/status").at("/store/waveforms").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    static String[] serveArgs(String command, Path data, String... more) {
        String[] base = {command, "--data", data.toString(), "--udp-port", "0", "--tcp-port", "0", "--http-port", "0", "--pva-port", "0"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aSecondServerOrDemoOnALiveDataRootIsRefusedNamingTheFirstAndReadersWorkBesideIt(@TempDir Path data, @TempDir Path out)
            throws Exception {
        try (Cli.Background serve = new Cli.Background(serveArgs("serve", data, "--timing-ioc", Cli.nowhere()))) {
            Matcher m = serve.await(ServeIT.SERVING, 60);
            String url = m.group(1);
            String tcp = "127.0.0.1:" + m.group(3);
            // run 1, stopped, for the readers; run 2 live while the others try
            assertEquals(0, Cli.run(60, "run", "start", "--http", url, "--data", data.toString()).exitCode());
            Cli.Result sim = Cli.run(120, "simulate", "--tcp", tcp, "--pulses", "14", "--rate", "20", "--max-rate", "--json");
            assertEquals(0, sim.exitCode(), sim.err());
            long sent = JSON.readTree(sim.out()).path("waveforms").asLong();
            Await.until("run 1 stored what was sent", Duration.ofSeconds(60), () -> storedWaveforms(url), n -> n == sent);
            assertEquals(0, Cli.run(60, "run", "stop", "--http", url, "--data", data.toString()).exitCode());
            assertEquals(0, Cli.run(60, "run", "start", "--http", url, "--data", data.toString(), "--comment", "live").exitCode());

            Pattern inUse = Pattern.compile("data root " + Pattern.quote(data.toAbsolutePath().toString()) + " is in use by cevns-daq PID "
                    + serve.process.pid() + " on \\S+ since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            Cli.Result second = Cli.run(60, serveArgs("serve", data, "--timing-ioc", Cli.nowhere()));
            assertEquals(1, second.exitCode(), second.out() + second.err());
            assertTrue(second.err().startsWith("cevns-daq serve: "), second.err());
            assertTrue(inUse.matcher(second.err()).find(), second.err());
            Cli.Result demo = Cli.run(60, serveArgs("demo", data, "--duration", "5"));
            assertEquals(1, demo.exitCode(), demo.out() + demo.err());
            assertTrue(demo.err().startsWith("cevns-daq demo: ") && inUse.matcher(demo.err()).find(), demo.err());

            JsonNode live = get(url + "/api/runs/2");
            assertEquals("RUNNING", live.path("state").asText(), "the first server's live run is left alone: " + live);
            assertEquals("RUNNING", get(url + "/api/status").at("/run/state").asText());

            Cli.Result runs = Cli.run(60, "runs", "--data", data.toString());
            assertEquals(0, runs.exitCode(), runs.err());
            assertTrue(runs.out().contains(" STOPPED ") && runs.out().contains(" RUNNING "), runs.out());
            Cli.Result analyze = Cli.run(60, "analyze", "--run", "1", "--data", data.toString(), "--json");
            assertEquals(0, analyze.exitCode(), analyze.err());
            assertEquals(sent, JSON.readTree(analyze.out()).path("waveforms").asLong(), analyze.out());
            Cli.Result export = Cli.run(60, "export", "--run", "1", "--data", data.toString(), "--format", "csv", "--out",
                    out.resolve("csv").toString());
            assertEquals(0, export.exitCode(), export.err());
            try (var files = Files.list(out.resolve("csv"))) {
                assertTrue(files.findAny().isPresent(), "export wrote files");
            }
            assertEquals(0, Cli.run(60, "run", "stop", "--http", url, "--data", data.toString()).exitCode());
        }
        try (Cli.Background again = new Cli.Background(serveArgs("serve", data, "--timing-ioc", Cli.nowhere()))) {
            again.await(ServeIT.SERVING, 60);
        }
    }
}
