package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.daq.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The live analysis in a process of its own, as a site with {@code analysis.inProcess: false} runs
 * it: {@code serve} says where the analysis is and analyses nothing itself, {@code analyze --follow}
 * on the same data root counts every waveform the server stored, follows the next run after a run
 * change, serves its gauges, and ends cleanly on SIGTERM.
 */
@ExtendWith(ProcessOutputOnFailure.class)
class FollowIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String URL = "http://daq-analysis.example:8090/";

    @Test
    void aSeparateAnalysisProcessFollowsTheServersRunsFromTheStore(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: data\nanalysis: {inProcess: false, nice: 12, url: '" + URL + "'}\n");
        try (Cli.Background serve = new Cli.Background("serve", "--site", site.toString(), "--udp-port", "0", "--tcp-port", "0",
                "--http-port", "0", "--pva-port", "0", "--timing-ioc", Cli.nowhere())) {
            Matcher m = serve.await(ServeIT.SERVING, 60);
            String http = m.group(1);
            String udp = "127.0.0.1:" + m.group(2);
            serve.await("the live analysis runs in a separate process .*analyze --follow.*its views at " + URL, 10);
            JsonNode pointer = StatusPoll.status(http).path("analysis");
            assertFalse(pointer.path("inProcess").asBoolean(true), pointer.toString());
            assertEquals(URL, pointer.path("url").asText(), pointer.toString());
            assertTrue(pointer.path("runsIn").asText().contains("analyze --follow"), pointer.toString());
            assertEquals(404, get(http + "/api/analysis").statusCode(), "the server itself analyses nothing");

            assertEquals(0, Cli.run(60, "run", "start", "--http", http, "--data", data.toString()).exitCode());
            long first = simulate(udp, http, 14, 3);

            try (Cli.Background follow = new Cli.Background("analyze", "--follow", "--site", site.toString(), "--http-port", "0",
                    "--status-every", "1")) {
                Matcher f = follow.await("analyze: following \\S+ at nice 12; analysis at (http://\\S+)/api/analysis", 60);
                String view = f.group(1);
                JsonNode a1 = awaitAnalysis(view, 1, first);
                assertFalse(a1.path("stopped").asBoolean(), a1.toString());
                assertEquals(first, StatusPoll.status(view).at("/analysis/waveforms").asLong(), "the status's analysis section agrees");

                assertEquals(0, Cli.run(60, "run", "stop", "--http", http, "--data", data.toString()).exitCode());
                follow.await("analyze: run 1 read to its end: " + first + " waveforms", 30);
                assertEquals(0, Cli.run(60, "run", "start", "--http", http, "--data", data.toString()).exitCode());
                long second = simulate(udp, http, 7, 4);
                JsonNode a2 = awaitAnalysis(view, 2, second);
                assertEquals(2, StatusPoll.status(view).at("/follow/run").asInt());
                assertEquals(2, a2.path("run").asInt());

                assertEquals(12, analysisThreadNice(follow.process.pid()), "the analysis thread runs at the site's analysis.nice");

                String metrics = get(view + "/metrics").body();
                assertTrue(metrics.contains("cevns_analysis_backlog 0.0"), metrics);
                assertTrue(metrics.contains("cevns_analysis_excess_events"), metrics);

                // SIGTERM, as systemd stops it; through the handle, since Process.destroy also closes the output we want to read
                assertTrue(follow.process.toHandle().destroy());
                assertTrue(follow.process.waitFor(20, TimeUnit.SECONDS), "the follow process ends on SIGTERM");
                follow.await("analyze: stopped following", 5);
            }
        }
    }

    /** Sends {@code pulses} pulses and returns how many waveforms the server stored in the open run once it has caught up. */
    private static long simulate(String udp, String http, int pulses, int seed) throws Exception {
        Cli.Result sim = Cli.run(120, "simulate", "--udp", udp, "--pulses", Integer.toString(pulses), "--rate", "20", "--max-rate",
                "--seed", Integer.toString(seed), "--json");
        assertEquals(0, sim.exitCode(), sim.err());
        long sent = JSON.readTree(sim.out()).path("waveforms").asLong();
        assertTrue(sent > 0);
        // the readout counters run on across runs, the store's are the open run's: wait for the run to hold what was sent
        long stored = Await.until("the open run stores the " + sent + " waveforms sent", Await.DEFAULT_TIMEOUT,
                () -> StatusPoll.status(http).at("/store/waveforms").asLong(), n -> n >= sent);
        assertEquals(sent, stored, "every waveform sent is stored, once");
        return stored;
    }

    /** The follow process's /api/analysis once it has analysed {@code waveforms} waveforms of run {@code run} and nothing waits. */
    private static JsonNode awaitAnalysis(String view, int run, long waveforms) throws InterruptedException {
        return Await.until("the follow process at " + view + " analysed all " + waveforms + " waveforms of run " + run, Await.DEFAULT_TIMEOUT,
                () -> {
                    try {
                        return JSON.readTree(get(view + "/api/analysis").body());
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, a -> a.path("run").asInt() == run && a.path("waveforms").asLong() == waveforms && a.path("backlog").asLong() == 0);
    }

    /** The nice value of the thread named live-analysis in process {@code pid}, from /proc (field 19 of its stat line). */
    private static int analysisThreadNice(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).strip().equals("live-analysis")) {
                    String stat = Files.readString(task.resolve("stat"));
                    // after the command name in parentheses: state is field 3, nice field 19
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return Integer.parseInt(fields[19 - 3]);
                }
            }
        }
        throw new AssertionError("no live-analysis thread in process " + pid);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
