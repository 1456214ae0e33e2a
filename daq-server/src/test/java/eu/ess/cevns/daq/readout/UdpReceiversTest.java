package eu.ess.cevns.daq.readout;

import eu.ess.cevns.daq.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The UDP receive path over real loopback sockets: several receive threads on one port
 * ({@code SO_REUSEPORT}), each sender's flow on one socket so that sequence tracking stays right;
 * the kernel's drops at a starved socket counted where no sequence number can show them; and the
 * receive buffer the kernel grants, checked against {@code net.core.rmem_max}.
 */
class UdpReceiversTest {
    final ReadoutCounters counters = new ReadoutCounters();
    final SequenceTracker sequences = new SequenceTracker(counters, 100_000);
    final InetAddress loopback = InetAddress.getLoopbackAddress();
    ReadoutServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    ReadoutServer start(WaveformSink sink, int threads, long bufferBytes) throws Exception {
        server = new ReadoutServer(TestDetector.channels(), ReadoutDecoderTest.LIMITS, counters, sequences, sink, threads, bufferBytes)
                .start("127.0.0.1", 0, 0);
        return server;
    }

    static byte[] heartbeat(int outputQueue, long sequence) {
        SpecPacket p = new SpecPacket();
        p.outputQueue = outputQueue;
        p.sequence = sequence;
        return p.bytes();
    }

    @Test
    void eachSendersFlowStaysOnOneSocketSoSequencesStayInOrder() throws Exception {
        int threads = 4;
        int senders = 8;
        int perSender = 50;
        start(new Received(), threads, 1 << 20);
        assertEquals(threads, server.udpStatus().threads());
        List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (int s = 0; s < senders; s++) {
                sockets.add(new DatagramSocket());
            }
            // interleaved: packet k of every sender before packet k + 1 of any, each sender its own output queue
            for (int k = 0; k < perSender; k++) {
                for (int s = 0; s < senders; s++) {
                    byte[] b = heartbeat(s, k);
                    sockets.get(s).send(new DatagramPacket(b, b.length, loopback, server.udpPort()));
                }
            }
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
        long total = (long) senders * perSender;
        Await.until("all datagrams accepted", Await.DEFAULT_TIMEOUT, () -> counters.snapshot().packets(), n -> n == total);
        ReadoutLoss loss = sequences.loss();
        assertEquals(0, loss.lostPackets(), "no gap: each flow was read in order by one thread");
        assertEquals(0, loss.reordered());
        assertEquals(senders, loss.sources().size());
        UdpStatus u = server.udpStatus();
        int used = 0;
        long sum = 0;
        for (UdpStatus.Socket socket : u.sockets()) {
            // a flow split over sockets would leave a socket with part of a sender's packets
            assertEquals(0, socket.datagrams() % perSender, "datagrams per socket " + u.sockets());
            used += socket.datagrams() > 0 ? 1 : 0;
            sum += socket.datagrams();
        }
        assertEquals(total, sum);
        assertTrue(used >= 2, "the kernel spread 8 flows over more than one of 4 sockets: " + u.sockets());
        assertEquals(0, u.kernelDrops(), "nothing dropped at 1 MiB of buffer");
    }

    /** Bytes the readout's UDP receive threads allocated so far, summed. */
    static long receiveThreadsAllocated() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("readout-udp-")) {
                sum += mx.getThreadAllocatedBytes(t.getId());
            }
        }
        return sum;
    }

    /** Sends {@code perSender} copies of {@code packet} from each of two sockets and waits until the server accepted them all. */
    long sendAndAwait(byte[][] packets, int perSender, long acceptedBefore) throws Exception {
        try (DatagramSocket a = new DatagramSocket(); DatagramSocket b = new DatagramSocket()) {
            for (int i = 0; i < perSender; i++) {
                a.send(new DatagramPacket(packets[0], packets[0].length, loopback, server.udpPort()));
                b.send(new DatagramPacket(packets[1], packets[1].length, loopback, server.udpPort()));
                if (i % 500 == 499) {
                    // paced in steps, so that nothing is dropped in the kernel and every datagram is counted
                    long want = acceptedBefore + 2L * (i + 1);
                    Await.until("datagrams accepted", Await.DEFAULT_TIMEOUT, () -> counters.snapshot().packets(), n -> n == want);
                }
            }
        }
        long total = acceptedBefore + 2L * perSender;
        Await.until("all datagrams accepted", Await.DEFAULT_TIMEOUT, () -> counters.snapshot().packets(), n -> n == total);
        return total;
    }

    @Test
    void theReceiveThreadsAllocateNothingPerWaveform() throws Exception {
        start(w -> { }, 2, 1 << 20);
        // packets of 1 and of 4 waveforms of 32 samples each, from two senders (two flows)
        byte[][] one = {ReadoutServerTest.packet(0, 1), ReadoutServerTest.packet(0, 1)};
        byte[][] four = {ReadoutServerTest.packet(0, 4), ReadoutServerTest.packet(0, 4)};
        long accepted = sendAndAwait(one, 5_000, 0);       // warm-up: pools filled, code compiled
        accepted = sendAndAwait(four, 5_000, accepted);
        int n = 10_000;
        long before = receiveThreadsAllocated();
        accepted = sendAndAwait(one, n, accepted);
        double perDatagramOne = (receiveThreadsAllocated() - before) / (2.0 * n);
        before = receiveThreadsAllocated();
        sendAndAwait(four, n, accepted);
        double perDatagramFour = (receiveThreadsAllocated() - before) / (2.0 * n);
        // Netty's epoll transport makes a DatagramPacket and a buffer slice per datagram (recvmmsg); the decoder, the
        // sequence tracker and the sink path add nothing, and nothing grows with the waveforms a datagram carries
        // (an object of even 16 bytes per waveform would add 48 to each 4-waveform datagram)
        assertTrue(perDatagramFour - perDatagramOne < 16, "bytes per datagram: " + perDatagramOne + " with 1 waveform, "
                + perDatagramFour + " with 4");
        assertTrue(perDatagramOne < 512, "bytes per datagram: " + perDatagramOne);
        System.out.printf("UDP receive threads allocate %.0f bytes per datagram of 1 waveform, %.0f of 4%n", perDatagramOne,
                perDatagramFour);
    }

    @Test
    void aStarvedReceiverShowsTheKernelsDropsThatNoSequenceNumberShows() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the receive thread stops in the sink on the first packet: the socket's smallest buffer fills and the kernel drops
        WaveformSink stalling = new WaveformSink() {
            @Override
            public void onWaveform(Waveform waveform) {
            }

            @Override
            public void onPacketPulse(long pulseT0Ns) {
                if (stalled.getCount() > 0) {
                    stalled.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        start(stalling, 1, 4096);
        assertEquals(0, server.udpStatus().kernelDrops(), "the kernel's count at these sockets starts at 0");
        int sent = 256;
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] first = heartbeat(0, 0);
            s.send(new DatagramPacket(first, first.length, loopback, server.udpPort()));
            assertTrue(stalled.await(30, TimeUnit.SECONDS), "the receive thread took the first packet");
            // every other packet on an output queue of its own, each its queue's first: a dropped one leaves no gap
            for (int q = 1; q < sent; q++) {
                byte[] b = heartbeat(q, 0);
                s.send(new DatagramPacket(b, b.length, loopback, server.udpPort()));
            }
        } finally {
            release.countDown();
        }
        Await.until("every datagram accepted or dropped by the kernel", Await.DEFAULT_TIMEOUT,
                () -> counters.snapshot().packets() + Math.max(0, server.udpStatus().kernelDrops()), n -> n == sent);
        // the kernel's counters are read at most once a second: this reading is the one that added up
        UdpStatus u = server.udpStatus();
        assertTrue(u.kernelDrops() > 0, "a 4 KiB buffer behind a stalled thread overflows: " + u);
        assertEquals(sent, counters.snapshot().packets() + u.kernelDrops());
        ReadoutLoss loss = sequences.loss();
        assertEquals(0, loss.lostPackets(), "no sequence gap reveals them");
        assertEquals(u.kernelDrops(), loss.kernelDrops(), "the current stretch carries the kernel's drops");
        assertEquals(u.kernelDrops(), u.sockets().get(0).kernelDrops());
        assertEquals(u.kernelDrops(), counters.snapshot(loss, u).kernelDrops());
    }

    @Test
    void theReceiveBufferIsWhatTheKernelGrantsAndShortOfTheAskIsFlagged() throws Exception {
        long rmemMax = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/net/core/rmem_max")).get(0).strip());
        start(new Received(), 2, 2 * rmemMax);
        UdpStatus u = server.udpStatus();
        assertEquals(2 * rmemMax, u.bufferAskedBytes());
        assertEquals(rmemMax, u.bufferGrantedBytes(), "Linux caps SO_RCVBUF at net.core.rmem_max");
        assertTrue(u.bufferShort());
        server.close();
        server = null;
        start(new Received(), 2, rmemMax / 2);
        assertEquals(rmemMax / 2, server.udpStatus().bufferGrantedBytes());
        assertFalse(server.udpStatus().bufferShort());
    }
}
