package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.TestSites;
import eu.ess.cevns.daq.epics.PvaEndpoints;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.sim.DigitizerSimulator;
import eu.ess.cevns.sim.SimulatorSettings;
import eu.ess.cevns.sim.Transmission;
import org.epics.pva.client.PVAChannel;
import org.epics.pva.client.PVAClient;
import org.epics.pva.data.PVAInt;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVAAlarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static eu.ess.cevns.daq.Await.DEFAULT_TIMEOUT;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The alarm model in a real server: a run with no digitizer raises "no data" (MAJOR on the
 * WaveformRate PV, read with a pvAccess client); lossy, corrupting digitizers clear it and raise
 * lost and rejected packets, each on its PV; every transition is in the run's file.
 */
class AlarmsOnTheServerTest {
    @TempDir
    Path data;

    @Test
    void noDataThenLossAndRejectsAreRaisedOnThePvsAndRecordedInTheRun() throws Exception {
        SiteConfig site = TestSites.site(data).withPvaPrefix("ALARM" + ProcessHandle.current().pid() + ":")
                .withAlarms(new AlarmLimits(2, 1, 0.01, 1, 0.05, 0, 0, 30, 3, 20,
                AlarmLimits.DEFAULT_DELAYS, AlarmLimits.DEFAULT_MAX_SHELVE_HOURS));
        try (DaqServer server = DaqServer.start(site, "test");
             PVAClient client = PvaEndpoints.client("127.0.0.1:" + server.statusPvs().udpPort())) {
            server.runs().start("alarm test", "test");
            Alarm noData = Await.until("an alarm on WaveformRate", DEFAULT_TIMEOUT, () -> server.alarms().alarmOf("WaveformRate"),
                    Objects::nonNull);
            assertEquals("noData", noData.name(), "16 silent channels are one alarm");
            Await.until("MAJOR on the WaveformRate PV", DEFAULT_TIMEOUT, () -> severity(client, site, "WaveformRate"),
                    PVAAlarm.AlarmSeverity.MAJOR::equals);
            Await.until("MAJOR on the alarm summary PV AlarmCount", DEFAULT_TIMEOUT, () -> severity(client, site, "AlarmCount"),
                    PVAAlarm.AlarmSeverity.MAJOR::equals);
            assertEquals(PVAAlarm.AlarmSeverity.NO_ALARM, severity(client, site, "LostPackets"));

            // 3 s of digitizers losing and corrupting about 5 % of packets each
            SimulatorSettings s = SimulatorSettings.defaults(site.detector(), "127.0.0.1", server.udpPort(), Transmission.UDP)
                    .withRate(30, 5).withPulses(42, true).withFaults(0.05, 0, 0.05);
            new DigitizerSimulator(s, null).run();
            Await.until("loss and rejects raised, no-data cleared", DEFAULT_TIMEOUT,
                    () -> alarmsOn(server, "LostPackets", "RejectedPackets", "WaveformRate"),
                    on -> on.get("LostPackets") != null && on.get("RejectedPackets") != null && on.get("WaveformRate") == null);
            Await.until("5 % loss MAJOR on the LostPackets PV", DEFAULT_TIMEOUT, () -> severity(client, site, "LostPackets"),
                    PVAAlarm.AlarmSeverity.MAJOR::equals);
            Await.until("rejects MINOR on the RejectedPackets PV", DEFAULT_TIMEOUT, () -> severity(client, site, "RejectedPackets"),
                    PVAAlarm.AlarmSeverity.MINOR::equals);
            assertTrue(server.alarms().alarmOf("RejectedPackets").message().matches(".*most \\(\\d+\\) for .*"),
                    server.alarms().alarmOf("RejectedPackets").message());
            // Prometheus: which alarm, 1 while active, 0 once cleared (the series stays)
            String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.httpUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(scrape.contains("cevns_alarm_active{name=\"lostPackets\"} 1.0"), scrape);
            assertTrue(scrape.contains("cevns_alarm_active{name=\"rejectedPackets\"} 1.0"), scrape);
            assertTrue(scrape.contains("cevns_alarm_active{name=\"noData\"} 0.0"), "cleared, still a series");
            server.runs().stop("", "test");
        }
        List<String> recorded = new ArrayList<>();
        try (RunReader r = new RunStore(data).openReader(1)) {
            r.drain(new RecordVisitor() {
                @Override
                public void onAlarm(Instant time, int severity, boolean raised, String name, String message) {
                    recorded.add(name + " " + Severity.of(severity) + (raised ? " raised" : " cleared"));
                }
            });
        }
        assertTrue(recorded.contains("noData MAJOR raised"), recorded.toString());
        assertTrue(recorded.contains("noData MAJOR cleared"), recorded.toString());
        assertTrue(recorded.contains("lostPackets MAJOR raised"), recorded.toString());
        assertTrue(recorded.contains("rejectedPackets MINOR raised"), recorded.toString());
        assertTrue(recorded.indexOf("noData MAJOR raised") < recorded.indexOf("noData MAJOR cleared"));
    }

    /** The name of the alarm each of {@code pvs} carries (null for none), for a wait to show what it last saw. */
    static Map<String, String> alarmsOn(DaqServer server, String... pvs) {
        Map<String, String> on = new LinkedHashMap<>();
        for (String pv : pvs) {
            Alarm a = server.alarms().alarmOf(pv);
            on.put(pv, a == null ? null : a.name());
        }
        return on;
    }

    static PVAAlarm.AlarmSeverity severity(PVAClient client, SiteConfig site, String pv) {
        try {
            PVAChannel ch = client.getChannel(site.pvaPrefix() + pv);
            ch.connect().get(10, TimeUnit.SECONDS);
            try {
                PVAStructure v = ch.read("").get(10, TimeUnit.SECONDS);
                PVAAlarm a = PVAAlarm.getAlarm(v);
                return PVAAlarm.AlarmSeverity.values()[((PVAInt) a.get("severity")).get()];
            } finally {
                ch.close();
            }
        } catch (Exception e) {
            throw new AssertionError("cannot read " + pv + ": " + e, e);
        }
    }
}
