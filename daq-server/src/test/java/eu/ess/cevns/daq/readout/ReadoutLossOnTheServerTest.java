package eu.ess.cevns.daq.readout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.TestSites;
import eu.ess.cevns.daq.alarm.Alarm;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.store.RunInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Loss accounting on a running server over real UDP: a corrupt sequence number is a resync (counted,
 * alarmed, in the status), each run counts its own losses per source from fresh trackers, and a
 * stopped run keeps them in its run.json and in {@code /api/runs}. And a readout stamped far from
 * the server's clock is rejected as {@code time}, never stored.
 */
class ReadoutLossOnTheServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path data;
    DaqServer server;
    DatagramSocket socket;
    long accepted;

    @BeforeEach
    void start() throws Exception {
        server = DaqServer.start(TestSites.site(data), "test");
        socket = new DatagramSocket();
    }

    @AfterEach
    void stop() {
        socket.close();
        server.close();
    }

    /** Heartbeats (header-only packets) numbered {@code from} .. {@code toExclusive - 1}, stamped now; waits until all are accepted. */
    void send(long from, long toExclusive) throws Exception {
        for (long seq = from; seq < toExclusive; seq++) {
            heartbeat(seq);
        }
        accepted += toExclusive - from;
        Await.until(accepted + " packets accepted", () -> server.readoutCounters().snapshot().packets() == accepted);
    }

    void heartbeat(long seq) throws Exception {
        SpecPacket p = new SpecPacket();
        long nowS = System.currentTimeMillis() / 1000;
        p.pulseHigh = nowS;
        p.prevHigh = nowS - 1;
        p.sequence = seq;
        byte[] b = p.bytes();
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), server.udpPort()));
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.httpUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void aCorruptSequenceNumberIsAnAlarmedResyncAndEachRunKeepsItsOwnLossPerSource() throws Exception {
        send(0, 100);
        heartbeat(1L << 30);       // one corrupt number: today 1 073 741 724 "lost", and every later packet "late"
        accepted++;
        send(100, 200);
        send(205, 300);            // 200..204: a real gap of 5

        JsonNode readout = get("/api/status").path("readout");
        assertEquals(5, readout.path("lostPackets").asLong());
        assertEquals(2, readout.path("resyncs").asLong());
        assertEquals(0, readout.path("reordered").asLong());
        JsonNode source = readout.at("/run/sources/0");
        assertEquals("127.0.0.1", source.path("source").asText());
        assertEquals(0, source.path("outputQueue").asInt());
        assertEquals(5, source.path("lostPackets").asLong());
        assertEquals(2, source.path("resyncs").asLong());
        assertEquals(296, source.path("packets").asLong());
        Alarm resync = Await.until("the resync alarm", Await.DEFAULT_TIMEOUT,
                () -> server.alarms().active().stream().filter(a -> a.name().equals("sequenceResync")).findFirst().orElse(null),
                a -> a != null);
        assertEquals(Severity.MINOR, resync.severity());
        assertTrue(resync.message().startsWith("2 sequence resyncs in the last"), resync.message());
        assertTrue(resync.message().contains("; from 127.0.0.1 queue 0 (2)"), resync.message());

        server.runs().start("loss test", "test");
        send(1_000_000, 1_000_010);  // a fresh tracker: the far-off number is neither a loss nor a resync
        send(1_000_013, 1_000_020);  // 3 lost in this run
        JsonNode run = get("/api/status").at("/readout/run");
        assertEquals(3, run.path("lostPackets").asLong());
        assertEquals(0, run.path("resyncs").asLong());
        assertEquals(17, run.path("packets").asLong());
        RunInfo stopped = server.runs().stop("done", "test");

        RunInfo stored = server.runs().store().run(stopped.number()).orElseThrow();
        assertEquals(3, stored.readout().lostPackets());
        assertEquals(1, stored.readout().sources().size());
        assertEquals(new ReadoutLoss.Source("127.0.0.1", 0, 17, 3, 0, 0), stored.readout().sources().get(0));
        JsonNode fromApi = get("/api/runs/" + stopped.number()).path("readout");
        assertEquals(3, fromApi.path("lostPackets").asLong());
        assertEquals("127.0.0.1", fromApi.at("/sources/0/source").asText());
        assertTrue(Files.readString(server.runs().store().runDir(stopped.number()).resolve("run.json")).contains("\"lostPackets\" : 3"));
        // the kernel's drops at the readout sockets are counted per run beside the sequence gaps (none here: a trickle)
        assertEquals(0L, stored.readout().kernelDrops());
        assertTrue(Files.readString(server.runs().store().runDir(stopped.number()).resolve("run.json")).contains("\"kernelDrops\" : 0"));
        JsonNode live = get("/api/status").path("readout");
        assertEquals(0, live.path("kernelDrops").asLong(-1), "read from /proc/net/udp6 for the readout's sockets: " + live);
        assertEquals(server.site().readout().udpThreads(), live.at("/udp/threads").asInt());
        assertEquals(server.site().readout().udpThreads(), live.at("/udp/sockets").size());
        assertEquals(0, live.at("/run/kernelDrops").asLong(-1));
        assertEquals(8, get("/api/status").path("readout").path("lostPackets").asLong(), "the server's count goes on: 5 + 3");
        assertEquals(0, get("/api/status").at("/readout/run/lostPackets").asLong(), "between runs, counting starts afresh");
    }

    @Test
    void aReadoutStampedIn2106IsRejectedAsTimeAndNotStored() throws Exception {
        server.runs().start("time test", "test");
        long nowS = System.currentTimeMillis() / 1000;
        for (long readoutS : new long[] {0xFFFF_FFFFL, nowS}) {
            SpecPacket p = new SpecPacket();
            p.pulseHigh = nowS;
            p.prevHigh = nowS - 1;
            p.block(0, 0).readout(readoutS, 1000, 1, 0, 14, 0, (short) 100, (short) 200);
            byte[] b = p.bytes();
            socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), server.udpPort()));
        }
        Await.until("both packets judged", () -> {
            ReadoutCounters.Snapshot c = server.readoutCounters().snapshot();
            return c.packets() + c.rejectedTotal() == 2;
        });
        JsonNode readout = get("/api/status").path("readout");
        assertEquals(1, readout.at("/rejected/time").asLong(), "the 2106 readout");
        assertEquals(1, readout.path("waveforms").asLong(), "the one stamped now");
        Await.until("the good waveform stored", () -> server.storeWriter().counters().waveforms() == 1);
        RunInfo stopped = server.runs().stop("done", "test");
        assertEquals(1, stopped.waveforms(), "nothing of 2106 reached the run");
    }
}
