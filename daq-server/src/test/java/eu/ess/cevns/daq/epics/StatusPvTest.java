package eu.ess.cevns.daq.epics;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.PvaWrites;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.ServerContext;
import eu.ess.cevns.daq.ServerExtension;
import eu.ess.cevns.daq.TestSites;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import org.epics.pva.client.PVAChannel;
import org.epics.pva.client.PVAClient;
import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVAStringArray;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVAControl;
import org.epics.pva.data.nt.PVADisplay;
import org.epics.pva.data.nt.PVAEnum;
import org.epics.pvaccess.client.Channel;
import org.epics.pvaccess.client.ChannelGet;
import org.epics.pvaccess.client.ChannelGetRequester;
import org.epics.pvdata.copy.CreateRequest;
import org.epics.pvdata.factory.ConvertFactory;
import org.epics.pvdata.misc.BitSet;
import org.epics.pvdata.pv.MessageType;
import org.epics.pvdata.pv.PVScalar;
import org.epics.pvdata.pv.PVStructure;
import org.epics.pvdata.pv.Status;
import org.epics.pvdata.pv.Structure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static eu.ess.cevns.daq.Await.DEFAULT_TIMEOUT;
import static org.junit.jupiter.api.Assertions.*;

/** The DAQ's status PVs over real pvAccess on loopback ports of the test's own. */
class StatusPvTest {
    @TempDir
    Path data;
    DaqServer server;
    PVAClient client;
    String prefix;

    /**
     * Publishes the time of each status refresh as a PV of its own, which (unlike the server's PVs
     * in a quiet test) changes at every refresh: a test sees refreshes pass by its monitor, and so
     * knows that a PV which posts only on change had its chances to post.
     */
    static final class RefreshClock implements ServerExtension {
        static final String PV = "TestRefreshTimeMs";

        @Override
        public String name() {
            return "status refresh clock of StatusPvTest";
        }

        @Override
        public void attach(ServerContext context) {
            context.addStatusPv(StatusPv.count(PV, "ms", s -> s.time().toEpochMilli()));
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void start() throws Exception {
        // puts from this JVM's user (the core-pva client names it when it connects); who else may put: PvaWriteAccessTest
        server = DaqServer.start(TestSites.site(data).withPvaPrefix("TEST" + ProcessHandle.current().pid() + ":DAQ:")
                .withPvaWrites(new PvaWrites(true, List.of(new PvaWrites.Client(null, PvaWriteAccessTest.USER)))), "test",
                new RefreshClock());
        prefix = server.site().pvaPrefix();
        client = PvaEndpoints.client("127.0.0.1:" + server.statusPvs().udpPort());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    PVAStructure read(String name) throws Exception {
        PVAChannel ch = client.getChannel(prefix + name);
        ch.connect().get(10, TimeUnit.SECONDS);
        try {
            return ch.read("").get(10, TimeUnit.SECONDS);
        } finally {
            ch.close();
        }
    }

    /** {@link #read} as text, for a wait (whose condition throws nothing checked). */
    String textOf(String name) {
        try {
            return PvValues.text(read(name));
        } catch (Exception e) {
            throw new AssertionError("cannot read " + prefix + name + ": " + e, e);
        }
    }

    /** {@link #read} as a number, for a wait. */
    double numberOf(String name) {
        try {
            return PvValues.number(read(name));
        } catch (Exception e) {
            throw new AssertionError("cannot read " + prefix + name + ": " + e, e);
        }
    }

    void write(String name, Object value) throws Exception {
        PVAChannel ch = client.getChannel(prefix + name);
        ch.connect().get(10, TimeUnit.SECONDS);
        try {
            ch.write("value", value).get(10, TimeUnit.SECONDS);
        } finally {
            ch.close();
        }
    }

    @Test
    void statusPvsFollowTheServer() throws Exception {
        assertEquals("IDLE", PvValues.text(read("RunState")));
        assertEquals(-1, PvValues.number(read("RunNumber")));
        server.runs().start("pv test", "test");
        Await.until("RunState RUNNING on its PV (the PVs are refreshed once a second)", DEFAULT_TIMEOUT,
                () -> textOf("RunState"), "RUNNING"::equals);
        assertEquals("RUNNING", PvValues.text(read("RunState")));
        assertEquals(1, PvValues.number(read("RunNumber")));
        assertEquals("UNKNOWN", PvValues.text(read("BeamState")), "no IOC in this test");
        assertEquals(0, PvValues.number(read("TimingConnected")));
        for (String name : new String[] {"WaveformRate", "PacketRate", "LostPackets", "RejectedPackets", "StoreBytes",
                "PulsesOn", "PulsesOff", "PulsesUnknown", "POT", "Ch0:Threshold", "Ch15:Threshold", "OnWindowStart",
                "OnWindowEnd", "OffWindowStart", "OffWindowEnd"}) {
            assertFalse(Double.isNaN(PvValues.number(read(name))), name + " has a value");
        }
        assertEquals(2871, PvValues.number(read("OnWindowEnd")), "default on window: 2.86 ms pulse + 5 muon lifetimes");
        // what a Phoebus display reads besides the value: states as NTEnum with their choices, units, writable ranges
        PVAStructure runState = read("RunState");
        assertEquals("epics:nt/NTEnum:1.0", runState.getStructureName());
        PVAEnum runEnum = PVAEnum.fromStructure(runState.get("value"));
        assertEquals("RUNNING", runEnum.enumString());
        assertArrayEquals(new String[] {"IDLE", "RUNNING", "STOPPED"},
                ((PVAStringArray) ((PVAStructure) runState.get("value")).get("choices")).get());
        assertEquals("UNKNOWN", PVAEnum.fromStructure(read("BeamState").get("value")).enumString());
        assertEquals("keVnr", ((org.epics.pva.data.PVAString) PVADisplay.getDisplay(read("Ch3:Threshold")).get("units")).get());
        PVAControl limits = PVAControl.getControl(read("Ch3:Threshold"));
        assertEquals(1000.0, ((PVADouble) limits.get("limitHigh")).get(), "the range the server accepts");
        assertEquals(0.0, ((PVADouble) limits.get("limitLow")).get());
        assertEquals(Math.floor(EssPulse.PERIOD_US * 1000) / 1000, Math.floor(((PVADouble)
                PVAControl.getControl(read("OnWindowEnd")).get("limitHigh")).get() * 1000) / 1000, "one pulse period, µs");
        assertEquals("GiB", ((org.epics.pva.data.PVAString) PVADisplay.getDisplay(read("DiskFree")).get("units")).get());
        assertEquals("protons", ((org.epics.pva.data.PVAString) PVADisplay.getDisplay(read("POT")).get("units")).get());
        // the analysis PVs belong to the analysis extension (its own test reads them); none is attached here
        assertFalse(server.statusPvs().names().contains("AnalysisLag"), "no analysis, no analysis PVs: " + server.statusPvs().names());
        assertTrue(server.statusPvs().names().containsAll(List.of("RunNumber", "AlarmMessage", "Ch15:Threshold", "OffWindowEnd")),
                server.statusPvs().names().toString());
        double diskGiB = PvValues.number(read("DiskFree"));
        double expectGiB = Files.getFileStore(data).getUsableSpace() / (1024.0 * 1024 * 1024);
        assertEquals(expectGiB, diskGiB, 1.0, "DiskFree is the data root's free space in GiB");
        // timing never connects here: lost once timing.staleAfterPulses (2 s) have passed, then on the PVs within a second
        Await.until("AlarmSeverity MAJOR: timing lost (no IOC) is a MAJOR alarm", DEFAULT_TIMEOUT,
                () -> textOf("AlarmSeverity"), "MAJOR"::equals);
        assertEquals("MAJOR", PvValues.text(read("AlarmSeverity")), "timing lost (no IOC) is a MAJOR alarm");
        assertTrue(PvValues.text(read("AlarmMessage")).contains("Beam timing lost"), PvValues.text(read("AlarmMessage")));
        server.runs().stop("", "test");
    }

    /**
     * A monitor gets a message when the value changes and none while it stays: the server posts on
     * change (see StatusPvServer.Published for why every post must carry its change).
     */
    @Test
    void aMonitorIsPostedWhenTheValueChangesAndOnlyThen() throws Exception {
        PVAChannel ch = client.getChannel(prefix + "RunNumber");
        ch.connect().get(10, TimeUnit.SECONDS);
        PVAChannel clock = client.getChannel(prefix + RefreshClock.PV);
        clock.connect().get(10, TimeUnit.SECONDS);
        List<Long> seen = new CopyOnWriteArrayList<>();
        List<Long> refreshes = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = ch.subscribe("", (c, changes, overruns, d) -> seen.add((long) PvValues.number(d)));
             AutoCloseable ticks = clock.subscribe("", (c, changes, overruns, d) -> refreshes.add((long) PvValues.number(d)))) {
            // "no message" needs refreshes that could have posted one: each refresh posts RunNumber before the
            // clock, on the same connection, so once the clock's initial value and three refreshes have arrived
            // any repeat of RunNumber from those refreshes has arrived too
            Await.until("three status refreshes with no run change", DEFAULT_TIMEOUT, () -> refreshes.size(), n -> n >= 4);
            assertEquals(List.of(-1L), seen, "one message, the initial value, while nothing changed");
            server.runs().start("posting", "test");
            Await.until("a monitor message with run number 1", DEFAULT_TIMEOUT,
                    () -> List.copyOf(seen), s -> s.contains(1L));
            // the refresh that posted run 1 may or may not have posted the clock yet: three more are two after it
            int atChange = refreshes.size();
            Await.until("two status refreshes after the run change", DEFAULT_TIMEOUT, () -> refreshes.size(),
                    n -> n >= atChange + 3);
            assertEquals(List.of(-1L, 1L), seen, "one more message when the run number changed, and no repeats");
        } finally {
            clock.close();
            ch.close();
        }
    }

    @Test
    void aPutInRangeTakesEffectAndIsRecordedOneOutOfRangeIsRefusedAndChangesNothing() throws Exception {
        server.runs().start("puts", "test");
        write("Ch3:Threshold", 1.75);
        assertEquals(1.75, server.settings().threshold(3));
        assertEquals(1.75, PvValues.number(read("Ch3:Threshold")));
        assertThrows(Exception.class, () -> write("Ch3:Threshold", -2.0), "negative threshold refused");
        assertThrows(Exception.class, () -> write("Ch3:Threshold", 5000.0), "threshold above 1000 keVnr refused");
        assertThrows(Exception.class, () -> write("OnWindowEnd", 64000.0), "on window overlapping the off window refused");
        assertEquals(1.75, server.settings().threshold(3), "refused puts changed nothing");
        assertEquals(2871, server.settings().windows().onEndUs());
        write("OffWindowStart", 60000.0);
        assertEquals(60000, server.settings().windows().offStartUs());
        server.runs().stop("", "test");

        List<String> changes = new ArrayList<>();
        try (RunReader r = new RunStore(data).openReader(1)) {
            r.drain(new RecordVisitor() {
                @Override
                public void onConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
                    assertEquals("pva:" + PvaWriteAccessTest.USER + "@" + PvaWriteAccessTest.HOST, who);
                    changes.add(what + " " + oldValue + " -> " + newValue);
                }
            });
        }
        assertEquals(List.of("Ch3:Threshold 1.0 -> 1.75", "OffWindowStart 63557.0 -> 60000.0"), changes);
    }

    @Test
    void anIndependentPvAccessImplementationReadsTheStatusPvs() throws Exception {
        server.runs().start("interop", "test");
        Await.until("RunNumber 1 on its PV (the PVs are refreshed once a second)", DEFAULT_TIMEOUT,
                () -> numberOf("RunNumber"), n -> n == 1.0);
        try (IndependentClient independent = new IndependentClient(server.statusPvs().udpPort())) {
            assertEquals(1.0, get(independent, prefix + "RunNumber"));
            assertEquals(1.0, get(independent, prefix + "Ch0:Threshold"), "csi-cryogenic channel 0 threshold, keVnr");
            assertEquals(63557.0, get(independent, prefix + "OffWindowStart"));
        }
        server.runs().stop("", "test");
    }

    private static double get(IndependentClient client, String name) throws Exception {
        Channel ch = client.connect(name);
        try {
            CompletableFuture<Double> value = new CompletableFuture<>();
            ch.createChannelGet(new ChannelGetRequester() {
                @Override
                public void channelGetConnect(Status status, ChannelGet get, Structure structure) {
                    get.get();
                }

                @Override
                public void getDone(Status status, ChannelGet get, PVStructure pv, BitSet changed) {
                    PVScalar v = pv.getSubField(PVScalar.class, "value");
                    value.complete(PVScalar.class.isInstance(v)
                            ? ConvertFactory.getConvert().toDouble(v) : Double.NaN);
                }

                @Override
                public String getRequesterName() {
                    return "StatusPvTest";
                }

                @Override
                public void message(String message, MessageType type) {
                }
            }, CreateRequest.create().createRequest("field(value)"));
            return value.get(10, TimeUnit.SECONDS);
        } finally {
            ch.destroy();
        }
    }
}
