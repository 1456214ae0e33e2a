package eu.ess.cevns.daq.readout;

import eu.ess.cevns.daq.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.util.SplittableRandom;

import static eu.ess.cevns.daq.Await.DEFAULT_TIMEOUT;
import static org.junit.jupiter.api.Assertions.*;

/** The Netty listeners over real loopback sockets on ephemeral ports. */
class ReadoutServerTest {
    final ReadoutCounters counters = new ReadoutCounters();
    final Received sink = new Received();
    ReadoutServer server;
    InetAddress loopback;

    @BeforeEach
    void start() throws Exception {
        loopback = InetAddress.getLoopbackAddress();
        server = new ReadoutServer(TestDetector.channels(), 1_000_000_000L, counters, sink).start("127.0.0.1", 0, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] packet(long seq, int readouts) {
        SpecPacket p = new SpecPacket();
        p.sequence = seq;
        p.block(0, 0);
        for (int i = 0; i < readouts; i++) {
            short[] s = new short[32];
            for (int k = 0; k < s.length; k++) {
                s[k] = (short) (seq * 100 + i * 10 + k);
            }
            p.readout(1_700_000_000L, 10_000 + i, i % 4, 0, 14, 4, s);
        }
        return p.bytes();
    }

    @Test
    void udpDatagramsAreDecodedAndCounted() throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 50; i++) {
                byte[] b = packet(i, 3);
                s.send(new DatagramPacket(b, b.length, loopback, server.udpPort()));
            }
            byte[] bad = packet(50, 1);
            bad[5] = 0x11; // wrong type
            s.send(new DatagramPacket(bad, bad.length, loopback, server.udpPort()));
            byte[] good = packet(51, 2);
            s.send(new DatagramPacket(good, good.length, loopback, server.udpPort()));
        }
        Await.until("all 52 datagrams decoded or rejected", DEFAULT_TIMEOUT,
                () -> counters.snapshot().packets() + counters.snapshot().rejectedTotal(), n -> n == 52);
        ReadoutCounters.Snapshot c = counters.snapshot();
        assertEquals(51, c.packets());
        assertEquals(152, c.waveforms());
        assertEquals(152, sink.all.size());
        assertEquals(1, c.rejected(RejectReason.TYPE));
        assertEquals(1, c.lostPackets(), "the rejected packet's sequence number is a gap");
        assertEquals(0x7F000001, sink.all.get(0).sourceId());
    }

    @Test
    void aDatagramLargerThanAJumboFrameIsASizeRejection() throws Exception {
        SpecPacket p = new SpecPacket();
        p.block(0, 0).readout(1_700_000_000L, 5_000, 0, 0, 14, 0, new short[4600]);
        byte[] big = p.bytes();
        assertTrue(big.length > ReadoutHeader.MAX_UDP_PACKET);
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(big, big.length, loopback, server.udpPort()));
        }
        Await.until("the oversized datagram rejected", DEFAULT_TIMEOUT,
                () -> counters.snapshot().rejectedTotal(), n -> n == 1);
        assertEquals(1, counters.snapshot().rejected(RejectReason.SIZE));
        assertTrue(sink.all.isEmpty());
    }

    @Test
    void tcpPacketsSplitIntoSingleBytesAreReassembled() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 5; i++) {
            stream.writeBytes(packet(i, 2));
        }
        byte[] all = stream.toByteArray();
        try (Socket s = new Socket(loopback, server.tcpPort())) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            for (byte b : all) {
                out.write(b);
                out.flush();
            }
            Await.until("5 packets from single-byte writes", DEFAULT_TIMEOUT,
                    () -> counters.snapshot().packets(), n -> n == 5);
        }
        assertEquals(10, sink.all.size());
        assertEquals(0, counters.snapshot().rejectedTotal());
        assertEquals(all.length, counters.snapshot().bytes());
    }

    @Test
    void tcpPacketsCoalescedAndSplitAtRandomPointsAreReassembled() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int packets = 300;
        for (int i = 0; i < packets; i++) {
            stream.writeBytes(packet(i, 1 + i % 4));
        }
        byte[] all = stream.toByteArray();
        SplittableRandom rnd = new SplittableRandom(7);
        try (Socket s = new Socket(loopback, server.tcpPort())) {
            OutputStream out = s.getOutputStream();
            int at = 0;
            while (at < all.length) {
                // pieces from a few bytes (mid-header) to several packets at once
                int n = Math.min(all.length - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 4000));
                out.write(all, at, n);
                out.flush();
                at += n;
            }
            Await.until("all " + packets + " packets reassembled", DEFAULT_TIMEOUT,
                    () -> counters.snapshot().packets(), n -> n == packets);
        }
        int expectedWaveforms = 0;
        for (int i = 0; i < packets; i++) {
            expectedWaveforms += 1 + i % 4;
        }
        assertEquals(expectedWaveforms, sink.all.size());
        assertEquals(0, counters.snapshot().lostPackets());
        assertEquals((short) (299 * 100 + 3 * 10 + 31), sink.all.get(sink.all.size() - 1).samples()[31]);
    }

    @Test
    void tcpGarbageIsSkippedAndTheStreamResynchronisesOnTheNextHeader() throws Exception {
        try (Socket s = new Socket(loopback, server.tcpPort())) {
            OutputStream out = s.getOutputStream();
            out.write(packet(0, 2));
            out.write("this is not a readout packet, just noise".getBytes());
            out.write(packet(1, 2));
            byte[] typeBad = packet(2, 1);
            typeBad[5] = 0x33; // framing intact, type wrong: dropped, stream continues
            out.write(typeBad);
            out.write(packet(3, 2));
            out.flush();
            Await.until("the three good packets around the garbage decoded", DEFAULT_TIMEOUT,
                    () -> counters.snapshot().packets(), n -> n == 3);
            out.write(packet(4, 1));
            out.flush();
            Await.until("a fourth packet on the same connection decoded", DEFAULT_TIMEOUT,
                    () -> counters.snapshot().packets(), n -> n == 4);
        }
        ReadoutCounters.Snapshot c = counters.snapshot();
        assertEquals(7, c.waveforms());
        assertEquals(1, c.rejected(RejectReason.PAD), "one garbage run, counted once by the field that failed first");
        assertEquals(1, c.rejected(RejectReason.TYPE));
        assertEquals(40, c.tcpSkippedBytes());
        assertEquals(0, c.tcpClosedGarbage());
    }

    @Test
    void aTcpPeerSendingOnlyGarbageIsClosedAndCounted() throws Exception {
        try (Socket s = new Socket(loopback, server.tcpPort())) {
            OutputStream out = s.getOutputStream();
            byte[] noise = new byte[100_000];
            new SplittableRandom(3).nextBytes(noise);
            for (int i = 0; i < noise.length; i++) {
                if (noise[i] == 'E') {
                    noise[i] = 'e'; // no cookie anywhere: nothing to resynchronise on
                }
            }
            try {
                out.write(noise);
                out.flush();
            } catch (IOException closedUnderUs) {
                // the server may close while we still write; that is the behaviour under test
            }
            Await.until("the garbage-only peer closed and counted", DEFAULT_TIMEOUT,
                    () -> counters.snapshot().tcpClosedGarbage(), n -> n == 1);
            InputStream in = s.getInputStream();
            s.setSoTimeout(5000);
            try {
                assertEquals(-1, in.read(), "server closed the connection");
            } catch (IOException reset) {
                // a reset is a close too
            }
        }
        assertEquals(0, counters.snapshot().packets());
        // a healthy peer connecting afterwards is served
        try (Socket s = new Socket(loopback, server.tcpPort())) {
            s.getOutputStream().write(packet(0, 1));
            s.getOutputStream().flush();
            Await.until("the next, healthy peer's packet decoded", DEFAULT_TIMEOUT,
                    () -> counters.snapshot().packets(), n -> n == 1);
        }
    }
}
