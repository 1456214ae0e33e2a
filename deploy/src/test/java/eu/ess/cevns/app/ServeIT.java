package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.daq.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The distribution as an operator runs it, every piece a separate process: {@code serve},
 * {@code run start}, {@code simulate} with injected faults, {@code status --json}, {@code run stop},
 * {@code runs}. The server's counters must equal the simulator's tally exactly.
 */
class ServeIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SERVING = "cevns-daq serving: http=(\\S+) udp=\\S+:(\\d+) tcp=\\S+:(\\d+) pva=\\S+:(\\d+)/(\\d+) data=(\\S+)";

    @Test
    void simulatorToServerToStoreThroughTheCommandLine(@TempDir Path data) throws Exception {
        try (Cli.Background serve = new Cli.Background("serve", "--data", data.toString(), "--udp-port", "0", "--tcp-port", "0",
                "--http-port", "0", "--pva-port", "0", "--timing-ioc", Cli.nowhere())) {
            Matcher m = serve.await(SERVING, 60);
            String http = m.group(1);
            String udp = "127.0.0.1:" + m.group(2);

            Cli.Result start = Cli.run(60, "run", "start", "--http", http, "--data", data.toString(), "--comment", "IT run");
            assertEquals(0, start.exitCode(), start.err());
            assertTrue(start.out().startsWith("run 1 started"), start.out());

            Cli.Result sim = Cli.run(120, "simulate", "--udp", udp, "--pulses", "28", "--rate", "20", "--max-rate", "--seed", "5",
                    "--loss", "0.05", "--malformed", "0.05", "--reorder", "0.05", "--json");
            assertEquals(0, sim.exitCode(), sim.err());
            JsonNode tally = JSON.readTree(sim.out());
            assertEquals(28, tally.path("pulses").asLong());
            assertTrue(tally.path("malformedTotal").asLong() > 0);

            JsonNode status = awaitStatus(http, tally);
            assertEquals(tally.path("goodPackets").asLong(), status.at("/readout/packets").asLong());
            assertEquals(tally.path("waveforms").asLong(), status.at("/readout/waveforms").asLong());
            assertEquals(tally.path("expectedLostPackets").asLong(), status.at("/readout/lostPackets").asLong());
            assertEquals(tally.path("expectedReordered").asLong(), status.at("/readout/reordered").asLong());
            assertEquals(tally.path("malformedTotal").asLong(), status.at("/readout/rejected/total").asLong());
            tally.path("malformed").fields().forEachRemaining(e ->
                    assertEquals(e.getValue().asLong(), status.at("/readout/rejected/" + e.getKey()).asLong(), e.getKey()));
            assertEquals(tally.path("waveforms").asLong(), status.at("/store/waveforms").asLong());

            Cli.Result human = Cli.run(60, "status", "--http", http);
            assertEquals(0, human.exitCode(), human.err());
            assertTrue(human.out().contains("run      1 RUNNING  \"IT run\""), human.out());

            Cli.Result stop = Cli.run(60, "run", "stop", "--http", http, "--data", data.toString());
            assertEquals(0, stop.exitCode(), stop.err());
            assertTrue(stop.out().contains(tally.path("waveforms").asLong() + " waveforms"), stop.out());
        }
        Cli.Result runs = Cli.run(60, "runs", "--data", data.toString(), "--json");
        assertEquals(0, runs.exitCode(), runs.err());
        JsonNode list = JSON.readTree(runs.out());
        assertEquals(1, list.size());
        assertEquals("STOPPED", list.get(0).path("state").asText());
        assertEquals("IT run", list.get(0).path("comment").asText());
    }

    /** The status, as {@code status --json} prints it, once the server has caught up with everything the simulator sent. */
    static JsonNode awaitStatus(String http, JsonNode tally) throws Exception {
        long sent = tally.path("packetsSent").asLong();
        Await.until("all " + sent + " packets sent seen (accepted or rejected) and every waveform accepted stored",
                Await.DEFAULT_TIMEOUT, () -> StatusPoll.Progress.of(http), p -> p.caughtUpWith(sent));
        Cli.Result r = Cli.run(60, "status", "--json", "--http", http);
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.out());
    }
}
