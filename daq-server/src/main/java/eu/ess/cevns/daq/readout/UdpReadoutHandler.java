package eu.ess.cevns.daq.readout;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decodes each datagram of one receive socket as one readout packet, and counts the socket's
 * datagrams (one writer, its event loop; read by the status). The datagram buffer is released by
 * the base class.
 */
final class UdpReadoutHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final ReadoutDecoder decoder;
    private final AtomicLong datagrams = new AtomicLong();

    UdpReadoutHandler(ReadoutDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        // one thread writes: an ordered store, no atomic read-modify-write per datagram
        datagrams.lazySet(datagrams.get() + 1);
        decoder.decodeDatagram(packet.content(), SourceId.of(packet.sender()));
    }

    long datagrams() {
        return datagrams.get();
    }
}
