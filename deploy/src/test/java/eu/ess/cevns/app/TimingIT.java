package eu.ess.cevns.app;

import eu.ess.cevns.config.EssPulse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.daq.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Beam timing through the command line, every piece its own process: {@code simulate --timing}
 * (the timing IOC), {@code serve --timing-ioc}, {@code simulate --udp}; the server's status must
 * show the timing connected and the pulses classified from the IOC's PVs.
 */
class TimingIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theServerFollowsASimulatedTimingIoc(@TempDir Path data) throws Exception {
        String iocPort = Cli.nowhere().substring("127.0.0.1:".length());
        try (Cli.Background ioc = new Cli.Background("simulate", "--timing", "--pva-udp-port", iocPort, "--trips-per-hour", "0",
                "--beam-off-every", "0")) {
            Matcher m = ioc.await("serve --timing-ioc (\\S+)", 60);
            try (Cli.Background serve = new Cli.Background("serve", "--data", data.toString(), "--udp-port", "0", "--tcp-port", "0",
                    "--http-port", "0", "--pva-port", "0", "--timing-ioc", m.group(1))) {
                Matcher s = serve.await(ServeIT.SERVING, 60);
                String http = s.group(1);
                assertEquals(0, Cli.run(60, "run", "start", "--http", http, "--data", data.toString()).exitCode());
                Cli.Result sim = Cli.run(60, "simulate", "--udp", "127.0.0.1:" + s.group(2), "--duration", "3", "--rate", "5",
                        "--json");
                assertEquals(0, sim.exitCode(), sim.err());
                JsonNode tally = JSON.readTree(sim.out());
                long sent = tally.path("packetsSent").asLong();
                long pulses = tally.path("pulses").asLong();
                Await.until("all " + sent + " packets sent seen, every waveform stored and all " + pulses + " pulses decided",
                        Await.DEFAULT_TIMEOUT, () -> StatusPoll.Progress.of(http),
                        p -> p.caughtUpWith(sent) && p.pulsesDecided() >= pulses);
                JsonNode st = JSON.readTree(Cli.run(60, "status", "--json", "--http", http).out());
                assertEquals("CONNECTED", st.at("/beam/timing").asText());
                assertEquals("ON", st.at("/beam/state").asText(), "beam: " + st.at("/beam"));
                assertEquals(2.0, st.at("/beam/powerMw").asDouble(), 1e-9);
                long on = st.at("/beam/pulses/on").asLong();
                assertTrue(on >= 3 * EssPulse.RATE_HZ - 2, "the simulated 3 s of pulses are ON: " + st.at("/beam/pulses"));
                assertEquals(0, st.at("/beam/pulses/off").asLong());
                // 2 MW at 2 GeV is 71.4 µC a pulse (Q = P / (E · 14 Hz)); POT = charge / e
                assertEquals(on * 71.4286e-6 / 1.602176634e-19, st.at("/beam/potOn").asDouble(), 0.02 * on * 4.458e14);
                assertEquals(0, Cli.run(60, "run", "stop", "--http", http, "--data", data.toString()).exitCode());
            }
        }
    }
}
