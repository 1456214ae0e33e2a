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

    static PacketSender open(Transmission t, String host, int port) throws IOException {
        InetSocketAddress to = new InetSocketAddress(host, port);
        if (t == Transmission.UDP) {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
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
        SocketChannel ch;
        try {
            ch = SocketChannel.open(to);
        } catch (IOException e) {
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
