package eu.ess.cevns.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;

/** Puts packets on the wire: one datagram each over UDP, back to back on one stream over TCP. */
interface PacketSender extends AutoCloseable {
    void send(ByteBuffer packet) throws IOException;

    @Override
    void close() throws IOException;

    /** A sender to {@code host:port}, from {@code localAddress} (null: the system's choice). */
    static PacketSender open(Transmission t, String host, int port, String localAddress) throws IOException {
        InetSocketAddress to = new InetSocketAddress(host, port);
        InetSocketAddress from = localAddress == null ? null : new InetSocketAddress(localAddress, 0);
        if (t == Transmission.UDP) {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            if (from != null) {
                ch.bind(from);
            }
            ch.connect(to);
            return new PacketSender() {
                @Override
                public void send(ByteBuffer packet) throws IOException {
                    ch.write(packet);
                }

                @Override
                public void close() throws IOException {
                    ch.close();
                }
            };
        }
        SocketChannel ch = SocketChannel.open();
        try {
            if (from != null) {
                ch.bind(from);
            }
            ch.connect(to);
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot connect to the DAQ server's TCP readout port " + to + ": " + e.getMessage(), e);
        }
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        return new PacketSender() {
            @Override
            public void send(ByteBuffer packet) throws IOException {
                while (packet.hasRemaining()) {
                    ch.write(packet);
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
