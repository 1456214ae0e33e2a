package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.daq.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Locale;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The demo as a new user runs it (timing IOC, digitizers with CEvNS, server, live analysis), then
 * {@code analyze --run 1 --json} on what it stored: the replay must print exactly the analysis the
 * demo's server reported at the end of the run, and the excess must be there.
 */
class DemoIT {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The live analysis in the demo's status, or empty once the demo has closed its server. */
    static Optional<JsonNode> analysisWhileUp(String http) {
        try {
            return Optional.of(StatusPoll.status(http).path("analysis"));
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ConnectException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The live analysis has read run 1 to its end (its stop record), so what it shows is final. */
    static boolean atEndOfRun1(JsonNode analysis) {
        return analysis.path("run").asInt() == 1 && analysis.path("stopped").asBoolean();
    }

    @Test
    void theReplayOfTheDemoRunEqualsWhatTheLiveAnalysisShowedAtRunEnd(@TempDir Path data) throws Exception {
        JsonNode liveAtEnd;
        try (Cli.Background demo = new Cli.Background("demo", "--data", data.toString(), "--duration", "12", "--udp-port", "0",
                "--tcp-port", "0", "--http-port", "0", "--pva-port", "0", "--status-every", "100",
                // twice the default boost: 12 s of demo then expect about 80 events over 50 of background, an excess of
                // about 6 standard errors, so "stands out" (> 3) does not hang on a fluctuation (at the default, 3.6 expected)
                "--boost", "6e4",
                // steady beam: the demo's trips and planned beam-off periods follow the wall clock, and a 12 s run
                // that fell into one (13 s without beam at 09:17:47 on 2026-12-01, in CI) had 3 beam pulses of 168
                "--trips-per-hour", "0", "--beam-off-every", "0")) {
            Matcher m = demo.await(ServeIT.SERVING, 60);
            String http = m.group(1);
            // the demo keeps its server up only a moment (600 ms) after it stops the run, for its live analysis to read the
            // run's end: the status is polled from now on, not from when the demo's output says the run stopped, which a
            // loaded machine may deliver to this test after the server has gone
            liveAtEnd = Await.until("the live analysis at the end of run 1 while the demo's server is up", Duration.ofSeconds(60),
                    () -> analysisWhileUp(http), a -> a.isEmpty() || atEndOfRun1(a.get()))
                    .orElseThrow(() -> new AssertionError(
                            "the demo closed its server before the live analysis reached the end of run 1"));
            demo.await("run 1 stopped by demo", 60);
            demo.await("demo: injected in the on window.*replay with: \\S+ analyze --run 1 --data \\S+$", 30);
        }
        assertTrue(liveAtEnd.path("stopped").asBoolean(), "the live analysis reached the end of the run: " + liveAtEnd);
        assertEquals(0, liveAtEnd.path("pulsesOff").asLong(), "steady beam: no pulse without beam: " + liveAtEnd);
        // no flags: the run recorded r and the demo's boost with everything else the expectation needs
        Cli.Result replay = Cli.run(60, "analyze", "--run", "1", "--data", data.toString(), "--json");
        assertEquals(0, replay.exitCode(), replay.err());
        JsonNode again = JSON.readTree(replay.out());
        for (String f : new String[] {"onCounts", "offCounts", "alpha", "excess", "excessError", "significance", "expected", "pot",
                "pulsesOn", "pulsesOff", "pulsesUnknown", "waveforms", "beamOffCounts", "expectedCevns", "expectedBrn", "expectedSyst",
                "expectationInputs", "verdict", "fit", "reach"}) {
            assertEquals(liveAtEnd.path(f), again.path(f), f);
        }
        assertEquals(6e4, again.at("/expectationInputs/boost").asDouble(), "the demo's boost, recorded");
        assertTrue(again.path("expectedBrn").asDouble() > 0, "beam-related neutrons are part of the expectation: " + again);
        // the likelihood fit, in replay as live: μ = N_CEvNS / N_SM about 1 for the demo's boosted signal
        assertEquals("ok", again.at("/fit/status").asText(), again.path("fit").toString());
        assertTrue(again.at("/fit/muLow").asDouble() < again.at("/fit/mu").asDouble()
                && again.at("/fit/mu").asDouble() < again.at("/fit/muHigh").asDouble(), again.path("fit").toString());
        assertEquals(1, again.at("/fit/mu").asDouble(), 5 * (again.at("/fit/muHigh").asDouble() - again.at("/fit/muLow").asDouble()) / 2,
                "the demo injects what it expects: " + again.path("fit"));
        assertTrue(again.at("/reach/neutronRadius/0/sigmaFm").asDouble() > 0, "this run so far: " + again.path("reach"));
        assertTrue(again.path("excess").asDouble() > 3 * again.path("excessError").asDouble(), "a boosted signal stands out: " + again);
        JsonNode status = JSON.readTree(Cli.run(60, "analyze", "--run", "1", "--data", data.toString(), "--json").out());
        assertEquals(again, status, "a replay is deterministic");

        // the export carries the same exposure and counts; read back with Debian's h5py
        Path h5 = data.resolve("run1.h5");
        Cli.Result export = Cli.run(120, "export", "--run", "1", "--data", data.toString(), "--out", h5.toString());
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(export.out().contains("exported "), export.out());
        Process py = new ProcessBuilder("/usr/bin/python3", "-c", ("import h5py; e = h5py.File('%s', 'r')['entry']; "
                + "print(repr(float(e['exposure/excess'][0])), int(e['exposure/on_counts'][0]), repr(float(e['exposure/pot'][0])), "
                + "repr(float(e['exposure/expected'][0])), repr(float(e['fit/mu'][0])))")
                .formatted(h5)).redirectErrorStream(true).start();
        String[] v = new String(py.getInputStream().readAllBytes()).strip().split(" ");
        assertEquals(0, py.waitFor());
        assertEquals(again.path("excess").asDouble(), Double.parseDouble(v[0]), 0.0, "excess in the file = analyze");
        assertEquals(again.path("onCounts").asLong(), Long.parseLong(v[1]));
        assertEquals(again.path("pot").asDouble(), Double.parseDouble(v[2]), 0.0);
        assertEquals(liveAtEnd.path("expected").asDouble(), Double.parseDouble(v[3]), 0.0, "the expectation the page showed, without flags");
        assertEquals(liveAtEnd.at("/fit/mu").asDouble(), Double.parseDouble(v[4]), 0.0, "the fit the page showed");
        // and the documented example refits mu from the file alone to analyze's value
        Process refit = new ProcessBuilder("/usr/bin/python3", "../src/site/notebooks/refit_mu.py", h5.toString()).redirectErrorStream(true).start();
        String said = new String(refit.getInputStream().readAllBytes());
        assertEquals(0, refit.waitFor(), said);
        assertTrue(said.contains(String.format(Locale.ROOT, "refit from the file alone: mu = %.4f", again.at("/fit/mu").asDouble())), said);
    }
}
