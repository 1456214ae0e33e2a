package eu.ess.cevns.daq.epics;

import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.config.PvaWrites;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.TestSites;
import eu.ess.cevns.daq.alarm.Alarm;
import eu.ess.cevns.daq.store.AlarmActionRecord;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import org.epics.pva.client.PVAChannel;
import org.epics.pva.client.PVAClient;
import org.epics.pva.data.PVAString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Acknowledge and shelve by alarm name over real pvAccess (a core-pva client on loopback ports of
 * the test's own): a put of "NAME REASON" to AlarmAck and of "NAME MINUTES REASON" to AlarmShelve
 * acts on the server's alarm, recorded in the run under the client's address; a put naming no
 * listed alarm, or a shelve without a reason, fails at the client and changes nothing; with
 * {@code pvaWrites} off every put is refused.
 */
class AlarmActPvTest {
    @TempDir
    Path data;

    /** A site whose puts are taken from this JVM's user ({@code writes}) or from nobody. */
    static SiteConfig site(Path data, boolean writes) {
        AlarmLimits d = AlarmLimits.DEFAULT;
        return TestSites.site(data).withPvaPrefix("ACT" + ProcessHandle.current().pid() + (writes ? "on" : "off") + ":")
                .withPvaWrites(writes ? new PvaWrites(true, List.of(new PvaWrites.Client(null, PvaWriteAccessTest.USER))) : PvaWrites.OFF)
                .withAlarms(new AlarmLimits(1, d.lostPacketsPerMin(), d.lostFractionMajor(), d.rejectedPacketsPerMin(),
                        d.unknownPulseFraction(), 0, 0, d.analysisLagS(), d.excessLowSigma(), d.excessMinExpected(), d.delays(),
                        d.maxShelveHours()));
    }

    static Alarm noData(DaqServer server) {
        for (List<Alarm> list : List.of(server.alarms().listed(), server.alarms().shelved())) {
            for (Alarm a : list) {
                if (a.name().equals("noData")) {
                    return a;
                }
            }
        }
        return null;
    }

    static void put(PVAClient client, String pv, String text) throws Exception {
        PVAChannel ch = client.getChannel(pv);
        try {
            ch.connect().get(10, TimeUnit.SECONDS);
            ch.write("value", text).get(10, TimeUnit.SECONDS);
        } finally {
            ch.close();
        }
    }

    static String read(PVAClient client, String pv) throws Exception {
        PVAChannel ch = client.getChannel(pv);
        try {
            ch.connect().get(10, TimeUnit.SECONDS);
            return ((PVAString) ch.read("").get(10, TimeUnit.SECONDS).get("value")).get();
        } finally {
            ch.close();
        }
    }

    @Test
    void aPvAccessClientAcknowledgesAndShelvesAnAlarmByNameAndTheRunRecordsIt() throws Exception {
        SiteConfig site = site(data, true);
        try (DaqServer server = DaqServer.start(site, "test");
             PVAClient client = PvaEndpoints.client("127.0.0.1:" + server.statusPvs().udpPort())) {
            assertTrue(server.statusPvs().names().containsAll(List.of("AlarmAck", "AlarmShelve", "AlarmUnshelve")));
            server.runs().start("pva acts", "test");
            Await.until("noData listed", Duration.ofSeconds(20), () -> noData(server) != null);
            String p = site.pvaPrefix();

            ExecutionException unknown = assertThrows(ExecutionException.class, () -> put(client, p + "AlarmAck", "noDta seen"));
            assertNotNull(unknown.getCause());
            assertThrows(ExecutionException.class, () -> put(client, p + "AlarmShelve", "noData 30"), "a shelve needs a reason");
            assertThrows(ExecutionException.class, () -> put(client, p + "AlarmShelve", "noData soon digitizers off"),
                    "minutes must be a number");
            assertEquals(Alarm.State.ACTIVE, noData(server).state(), "refused puts changed nothing");

            put(client, p + "AlarmAck", "noData calling the DAQ expert");
            Alarm acked = noData(server);
            assertEquals(Alarm.State.ACKNOWLEDGED, acked.state());
            assertTrue(acked.acknowledged().who().startsWith("pva:" + PvaWriteAccessTest.USER + "@"), acked.acknowledged().who());
            assertEquals("calling the DAQ expert", acked.acknowledged().reason());
            assertTrue(read(client, p + "AlarmAck").startsWith("acknowledged noData by pva:" + PvaWriteAccessTest.USER + "@"), "the PV reads what it did");

            put(client, p + "AlarmShelve", "noData 30 digitizers out for repair");
            Alarm shelved = noData(server);
            assertEquals(Alarm.State.SHELVED, shelved.state());
            assertEquals(Duration.ofMinutes(30), Duration.between(shelved.shelf().time(), shelved.shelf().until()));
            put(client, p + "AlarmUnshelve", "noData");
            assertEquals(Alarm.State.ACTIVE, noData(server).state());
            server.runs().stop("", "test");
        }
        List<String> acts = new ArrayList<>();
        try (RunReader r = new RunStore(data).openReader(1)) {
            r.drain(new RecordVisitor() {
                @Override
                public void onAlarmAction(Instant t, int action, String name, String who, String reason, Instant until) {
                    acts.add(AlarmActionRecord.Action.of(action).word() + " " + name + " " + (who.startsWith("pva:" + PvaWriteAccessTest.USER + "@") ? "pva"
                            : who) + " " + reason);
                }
            });
        }
        assertEquals(List.of("acknowledge noData pva calling the DAQ expert", "shelve noData pva digitizers out for repair",
                "unshelve noData pva "), acts);
    }

    @Test
    void withPvaWritesOffEveryPutIsRefused() throws Exception {
        SiteConfig site = site(data, false);
        try (DaqServer server = DaqServer.start(site, "test");
             PVAClient client = PvaEndpoints.client("127.0.0.1:" + server.statusPvs().udpPort())) {
            server.runs().start("pva acts off", "test");
            Await.until("noData listed", Duration.ofSeconds(20), () -> noData(server) != null);
            assertThrows(ExecutionException.class, () -> put(client, site.pvaPrefix() + "AlarmAck", "noData seen"));
            assertEquals(Alarm.State.ACTIVE, noData(server).state());
            assertTrue(read(client, site.pvaPrefix() + "AlarmAck").contains("off"), "the PV says why");
            server.runs().stop("", "test");
        }
    }
}
