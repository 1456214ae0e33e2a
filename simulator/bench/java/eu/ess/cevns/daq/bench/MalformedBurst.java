package eu.ess.cevns.daq.bench;

import eu.ess.cevns.daq.readout.RejectReason;
import eu.ess.cevns.sim.PulseClock;
import eu.ess.cevns.sim.ReadoutPacketEncoder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.EnumMap;
import java.util.Map;

/**
 * A burst of malformed readout packets, as a misbehaving front-end would send them: over UDP from
 * an address of its own, header-only packets with a corrupted cookie and with an output queue out
 * of range; over a new TCP connection (closed after), packets with a bad output queue that frame
 * correctly. Each must be rejected and counted by its reason; the burst keeps its own tally.
 */
final class MalformedBurst {
    /** An output queue above the 24 the ESS readout allows. */
    private static final int BAD_QUEUE = 30;
    private final InetSocketAddress udp;
    private final InetSocketAddress tcp;
    private final String source;
    private final Map<RejectReason, Long> sent = new EnumMap<>(RejectReason.class);
    private final ReadoutPacketEncoder encoder = new ReadoutPacketEncoder(256);
    private long sequence;

    MalformedBurst(String host, int udpPort, int tcpPort, String source) {
        this.udp = new InetSocketAddress(host, udpPort);
        this.tcp = new InetSocketAddress(host, tcpPort);
        this.source = source;
    }

    /** Sends {@code perKind} packets of each kind. */
    void send(int perKind) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress(source, 0));
            for (int i = 0; i < perKind; i++) {
                ByteBuffer p = packet(0);
                p.put(2, (byte) 'X');
                ch.send(p, udp);
                ch.send(packet(BAD_QUEUE), udp);
            }
        }
        count(RejectReason.COOKIE, perKind);
        count(RejectReason.OUTPUT_QUEUE, perKind);
        try (SocketChannel ch = SocketChannel.open()) {
            ch.bind(new InetSocketAddress(source, 0));
            ch.connect(tcp);
            for (int i = 0; i < perKind; i++) {
                ByteBuffer p = packet(BAD_QUEUE);
                while (p.hasRemaining()) {
                    ch.write(p);
                }
            }
        }
        count(RejectReason.OUTPUT_QUEUE, perKind);
    }

    private ByteBuffer packet(int outputQueue) {
        long k = PulseClock.pulseAtOrAfter(System.currentTimeMillis() * 1_000_000L) - 1;
        encoder.begin(1, outputQueue, sequence++, PulseClock.pulseTicks(k), PulseClock.pulseTicks(k - 1));
        encoder.finish();
        return encoder.packet();
    }

    private void count(RejectReason reason, long n) {
        sent.merge(reason, n, Long::sum);
    }

    /** Malformed packets sent so far, by the reason the server must give. */
    Map<RejectReason, Long> sent() {
        return sent;
    }

    long total() {
        return sent.values().stream().mapToLong(Long::longValue).sum();
    }
}
