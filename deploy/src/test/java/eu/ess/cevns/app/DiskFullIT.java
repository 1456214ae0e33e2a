package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The data disk fills up under a running server, as in issue 11 item 1 (a 48 MiB tmpfs; before,
 * the store writer died of SIGBUS, 305 000 waveforms were neither stored nor counted, no alarm came
 * for 70 s, run stop timed out after 60 s and SIGTERM took 96 s). Now: the run stops cleanly with
 * reason diskFull, the MAJOR diskFull alarm is up, every waveform sent is stored or counted as
 * dropped, run stop answers at once, a new run starts by itself once the space is back
 * (store.autoRestart), the live analysis follows it, and SIGTERM ends the server promptly. Prints
 * the figures; asserts counts, never times. Skipped, saying so, where a tmpfs cannot be mounted.
 */
@ExtendWith(ProcessOutputOnFailure.class)
class DiskFullIT {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(String method, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String url) {
        try {
            return JSON.readTree(send("GET", url, null).body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    @Test
    void onAFullDataDiskTheRunStopsCleanlyIsAlarmedEveryWaveformIsCountedAndRecordingResumesWhenSpaceIsBack(@TempDir Path tmp)
            throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("disk"), 48)) {
            Path data = disk.dir().resolve("data");
            Path site = tmp.resolve("site.yaml");
            Files.writeString(site, "detector: csi-cryogenic\ndataRoot: " + data + "\nstore:\n  ringBytes: 16777216\n  reserveMb: 8\n"
                    + "  autoRestart: true\n");
            try (Cli.Background serve = new Cli.Background("serve", "--site", site.toString(), "--udp-port", "0", "--tcp-port", "0",
                    "--http-port", "0", "--pva-port", "0", "--timing-ioc", Cli.nowhere())) {
                Matcher m = serve.await(ServeIT.SERVING, 60);
                String url = m.group(1);
                String tcp = "127.0.0.1:" + m.group(3);
                String token = Files.readString(data.resolve("token")).strip();
                assertEquals(0, Cli.run(60, "run", "start", "--http", url, "--data", data.toString(), "--comment", "fills the disk")
                        .exitCode());

                // 16 channels × 200 Hz × 20 s of pulses: 64 000 waveforms of 2 kB, far more than 48 MiB hold
                Cli.Result sim = Cli.run(300, "simulate", "--tcp", tcp, "--pulses", "280", "--rate", "200", "--max-rate", "--json");
                assertEquals(0, sim.exitCode(), sim.err());
                long sent = JSON.readTree(sim.out()).path("waveforms").asLong();
                JsonNode status = Await.until("every waveform sent accepted", Duration.ofSeconds(60), () -> get(url + "/api/status"),
                        s -> s.at("/readout/waveforms").asLong() == sent);
                assertEquals("STOPPED", status.at("/run/state").asText(), status.toString());
                assertEquals("DISK_FULL", status.at("/store/state").asText());
                assertTrue(status.at("/store/stateMessage").asText().contains("data disk is full"), status.toString());

                JsonNode run1 = get(url + "/api/runs/1");
                assertEquals("STOPPED", run1.path("state").asText(), run1.toString());
                assertEquals("diskFull", run1.path("stopReason").asText());
                JsonNode alarms = get(url + "/api/alarms");
                JsonNode full = null;
                for (JsonNode a : alarms.path("active")) {
                    if (a.path("name").asText().equals("diskFull")) {
                        full = a;
                    }
                }
                assertNotNull(full, "the diskFull alarm is up: " + alarms);
                assertEquals("MAJOR", full.path("severity").asText());

                // every waveform sent is stored in run 1 or counted as dropped (TCP loses nothing on the way)
                long stored = run1.path("waveforms").asLong();
                long dropped = Await.until("the ring drained", Duration.ofSeconds(30), () -> get(url + "/api/status"),
                        s -> stored + s.at("/store/dropped").asLong() + s.at("/store/noRunWaveforms").asLong() == sent)
                        .at("/store/dropped").asLong();
                JsonNode now = get(url + "/api/status");
                long droppedDiskFull = now.at("/store/droppedByReason/diskFull").asLong();
                assertEquals(dropped, droppedDiskFull + now.at("/store/droppedByReason/ringFull").asLong());
                assertTrue(droppedDiskFull > 0);
                String metrics = send("GET", url + "/metrics", null).body();
                assertTrue(Pattern.compile("cevns_store_dropped_waveforms_total\\{reason=\"diskFull\"} " + droppedDiskFull + "\\.0")
                        .matcher(metrics).find(), "the metric counts them too");
                Cli.Result human = Cli.run(60, "status", "--http", url);
                assertTrue(human.out().contains("store    NOT RECORDING (DISK_FULL): run 1 stopped: the data disk is full"), human.out());
                assertTrue(human.out().contains("(diskFull " + droppedDiskFull + ")"), human.out());
                JsonNode runJson = JSON.readTree(data.resolve("runs/000001/run.json").toFile());
                assertEquals("diskFull", runJson.path("stopReason").asText());

                long stopStart = System.nanoTime();
                HttpResponse<String> stop = send("POST", url + "/api/run/stop", token);
                double stopS = (System.nanoTime() - stopStart) / 1e9;
                assertEquals(409, stop.statusCode(), stop.body());
                assertTrue(stop.body().contains("no run is going; the last was run 1"), stop.body());

                double alarmAfterMs = Instant.parse(full.path("since").asText()).toEpochMilli()
                        - Instant.parse(run1.path("stop").asText()).toEpochMilli();
                System.out.printf("disk full (48 MiB tmpfs, reserve 8 MiB): sent %d waveforms, stored %d, dropped %d (diskFull %d)"
                                + " = %d accounted; run 1 %s (%s); diskFull alarm %.0f ms after the stop; run stop answered %d in %.3f s%n",
                        sent, stored, dropped, droppedDiskFull, stored + dropped + now.at("/store/noRunWaveforms").asLong(),
                        run1.path("state").asText(), run1.path("stopReason").asText(), alarmAfterMs, stop.statusCode(), stopS);

                // the crew moves run 1 away: the space is back, run 2 starts by itself and the analysis follows it
                try (DirectoryStream<Path> files = Files.newDirectoryStream(data.resolve("runs/000001"), "*.cq4")) {
                    for (Path f : files) {
                        Files.delete(f);
                    }
                }
                JsonNode restarted = Await.until("run 2 started by itself", Duration.ofSeconds(30), () -> get(url + "/api/status"),
                        s -> s.at("/run/number").asInt() == 2 && s.at("/run/state").asText().equals("RUNNING"));
                assertEquals("RECORDING", restarted.at("/store/state").asText());
                assertTrue(restarted.at("/run/comment").asText().startsWith("automatic restart"), restarted.toString());
                // cleared: the condition is gone; as in the Phoebus alarm server it stays listed (latched) until acknowledged
                Await.until("the diskFull alarm cleared", Duration.ofSeconds(30), () -> get(url + "/api/alarms").path("active"),
                        a -> {
                            for (JsonNode x : a) {
                                if (x.path("name").asText().equals("diskFull")) {
                                    return x.path("state").asText().equals("CLEARED");
                                }
                            }
                            return true;
                        });
                Cli.Result more = Cli.run(120, "simulate", "--tcp", tcp, "--pulses", "14", "--rate", "20", "--max-rate", "--json");
                long sentMore = JSON.readTree(more.out()).path("waveforms").asLong();
                Await.until("run 2 stored what was sent", Duration.ofSeconds(30), () -> get(url + "/api/status"),
                        s -> s.at("/store/waveforms").asLong() == sentMore);
                Await.until("the live analysis follows run 2", Duration.ofSeconds(30), () -> get(url + "/api/status"),
                        s -> s.at("/analysis/run").asInt() == 2 && s.at("/analysis/waveforms").asLong() == sentMore);

                // SIGTERM with a run going: the run is stopped normally and the server ends
                long termStart = System.nanoTime();
                serve.process.destroy();
                assertTrue(serve.process.waitFor(60, TimeUnit.SECONDS), "the server ended after SIGTERM");
                double termS = (System.nanoTime() - termStart) / 1e9;
                JsonNode run2 = JSON.readTree(data.resolve("runs/000002/run.json").toFile());
                assertEquals("STOPPED", run2.path("state").asText());
                assertEquals("normal", run2.path("stopReason").asText());
                assertEquals(sentMore, run2.path("waveforms").asLong());
                System.out.printf("space back: run 2 started by itself, stored %d of %d sent; SIGTERM ended the server in %.2f s (exit %d)%n",
                        run2.path("waveforms").asLong(), sentMore, termS, serve.process.exitValue());
            }
        }
    }
}
