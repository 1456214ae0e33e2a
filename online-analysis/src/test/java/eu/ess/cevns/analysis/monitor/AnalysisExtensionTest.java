package eu.ess.cevns.analysis.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.analysis.stats.ExcessVerdict;
import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.TestSites;
import eu.ess.cevns.daq.alarm.AlarmMonitor;
import eu.ess.cevns.daq.epics.PvValues;
import eu.ess.cevns.daq.epics.PvaEndpoints;
import eu.ess.cevns.daq.status.StatusPart;
import eu.ess.cevns.daq.status.TestStatus;
import eu.ess.cevns.daq.store.RunInfo;
import org.epics.pva.client.PVAChannel;
import org.epics.pva.client.PVAClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The live analysis attached to a real server through the extension point: its status section,
 * routes, status PVs and metrics appear on the server's views, and its alarm rules are judged
 * with the server's on typed status snapshots.
 */
class AnalysisExtensionTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path data;

    static String get(DaqServer server, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.httpUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    @Test
    void theAnalysisAppearsOnEveryViewOfTheServer() throws Exception {
        try (DaqServer server = DaqServer.start(TestSites.site(data).withPvaPrefix("AX" + ProcessHandle.current().pid() + ":"), "test",
                new AnalysisExtension(0.3))) {
            JsonNode status = JSON.readTree(get(server, "/api/status"));
            List<String> keys = List.copyOf(JSON.convertValue(status, Map.class).keySet());
            assertEquals(List.of("time", "run", "readout", "store", "beam", "alarms", "channels", "pva", "analysis"), keys,
                    "the analysis section comes after the server's own");
            assertTrue(status.at("/analysis/excess").isNull(), "nothing to say before a run: " + status.get("analysis"));
            assertEquals("none", status.at("/analysis/verdict/level").asText());
            assertTrue(JSON.readTree(get(server, "/api/analysis")).has("configChanges"));
            assertTrue(JSON.readTree(get(server, "/api/analysis")).path("alarmActs").isArray(), "the acts on alarms the run recorded");
            assertTrue(get(server, "/metrics").contains("cevns_analysis_excess_events"), "the analysis gauges are scraped");
            assertTrue(server.statusPvs().names().containsAll(List.of("Excess", "ExcessError", "Significance", "Expected", "AnalysisLag")),
                    server.statusPvs().names().toString());
            JsonNode history = JSON.readTree(get(server, "/api/history?from=-1m&fields=excess,excessError,expected,expectedSyst,"
                    + "significance,fitMu,analysisLagS"));
            assertEquals("last", history.at("/fields/excess/aggregation").asText(), "the analysis's series are in the server's history");
            assertEquals("events", history.at("/fields/expected/unit").asText());
            try (PVAClient client = PvaEndpoints.client("127.0.0.1:" + server.statusPvs().udpPort())) {
                for (String pv : List.of("Excess", "AnalysisLag")) {
                    PVAChannel ch = client.getChannel(server.site().pvaPrefix() + pv);
                    ch.connect().get(5, TimeUnit.SECONDS);
                    // unknown is NaN, never a number that reads as a state ("no lag", "no excess")
                    assertTrue(Double.isNaN(PvValues.number(ch.read("").get(5, TimeUnit.SECONDS))), pv + " is NaN before a run");
                    ch.close();
                }
            }
        }
    }

    @Test
    void theAnalysisWritesItsFinalNumbersIntoRunJsonWhenItHasReadTheRunToItsStop() throws Exception {
        try (DaqServer server = DaqServer.start(TestSites.site(data).withPvaPrefix("AY" + ProcessHandle.current().pid() + ":"), "test",
                new AnalysisExtension(0.3))) {
            server.runs().start("short", "test");
            server.runs().stop("done", "test");
            RunInfo.Analysis a = Await.until("the analysis's numbers in run 1's run.json", Duration.ofSeconds(30),
                    () -> server.runs().store().run(1).orElseThrow().analysis(), x -> x != null);
            assertNull(a.excess(), "no beam, no off live time: no excess, and null rather than NaN in the file");
            assertEquals(0.0, a.expected(), "no protons, nothing expected");
            assertEquals("waiting for beam-on and beam-off data", a.verdict(), "the verdict in words, as the page said it");
            assertNotNull(a.time());
            assertEquals("done", server.runs().store().run(1).orElseThrow().stopComment(), "the stop's fields are kept");
        }
    }

    @Test
    void aLaggingAnalysisIsAnAlarmAndOnlyAboveTheLimit() {
        StatusPart<AnalysisStatus> part = new StatusPart<>("analysis", AnalysisStatus.class, () -> null, (v, o) -> { });
        AlarmMonitor monitor = new AlarmMonitor(AlarmLimits.DEFAULT, () -> 100L << 30, (n, s, r, m) -> { }, System::currentTimeMillis);
        monitor.addRule(new AnalysisLagAlarm(part));
        TestStatus status = new TestStatus();
        status.parts.put(part, new AnalysisStatus(null, Double.NaN));
        monitor.evaluate(status.snapshot());
        assertNull(monitor.alarmOf("AnalysisLag"), "an unknown lag is no alarm");
        status.parts.put(part, new AnalysisStatus(null, AlarmLimits.DEFAULT.analysisLagS() * 1000));
        monitor.evaluate(status.snapshot());
        assertNull(monitor.alarmOf("AnalysisLag"), "at the limit");
        status.parts.put(part, new AnalysisStatus(null, 45_000, 123_456));
        monitor.evaluate(status.snapshot());
        assertEquals("analysisLag", monitor.alarmOf("AnalysisLag").name());
        assertTrue(monitor.alarmOf("AnalysisLag").message().contains("45 s behind"), monitor.alarmOf("AnalysisLag").message());
        assertTrue(monitor.alarmOf("AnalysisLag").message().contains("123,456 records not yet analysed"),
                monitor.alarmOf("AnalysisLag").message());
    }

    static AnalysisSummary summaryWith(double excess, double error, double expected) {
        AnalysisSummary.Excess e = new AnalysisSummary.Excess(1, excess, error, 3, excess - error, excess + error, expected,
                ExcessVerdict.of(excess, error, expected, AlarmLimits.DEFAULT));
        return new AnalysisSummary(1, false, 0, null, e, null, null, null, List.of());
    }

    @Test
    void theExcessAlarmIsExactlyTheFarBelowVerdict() {
        StatusPart<AnalysisStatus> part = new StatusPart<>("analysis", AnalysisStatus.class, () -> null, (v, o) -> { });
        AlarmMonitor monitor = new AlarmMonitor(AlarmLimits.DEFAULT, () -> 100L << 30, (n, s, r, m) -> { }, System::currentTimeMillis);
        monitor.addRule(new ExcessLowAlarm(part));
        TestStatus status = new TestStatus();
        // 100 expected, 40 ± 12 measured: 5 standard errors low, beyond excessLowSigma (3)
        status.parts.put(part, new AnalysisStatus(summaryWith(40, 12, 100), 0));
        monitor.evaluate(status.snapshot());
        assertEquals("excessLow", monitor.alarmOf("Excess").name());
        assertTrue(monitor.alarmOf("Excess").message().contains("5.0 standard errors low"), monitor.alarmOf("Excess").message());
        // 70 ± 10 against 100: 3 standard errors low is the page's "below", not yet the alarm
        status.parts.put(part, new AnalysisStatus(summaryWith(70, 10, 100), 0));
        monitor.evaluate(status.snapshot());
        assertNull(monitor.alarmOf("Excess"), "cleared at the verdict's boundary");
        // far below in numbers, but fewer expected than excessMinExpected: no verdict, no alarm
        status.parts.put(part, new AnalysisStatus(summaryWith(0, 2, AlarmLimits.DEFAULT.excessMinExpected() - 1), 0));
        monitor.evaluate(status.snapshot());
        assertNull(monitor.alarmOf("Excess"));
        status.parts.put(part, new AnalysisStatus(null, 0));
        monitor.evaluate(status.snapshot());
        assertNull(monitor.alarmOf("Excess"), "no summary, no alarm");
    }
}
