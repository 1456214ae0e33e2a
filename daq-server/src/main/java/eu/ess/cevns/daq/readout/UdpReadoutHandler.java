package eu.ess.cevns.daq.readout;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/** Decodes each datagram as one readout packet; the datagram buffer is released by the base class. */
final class UdpReadoutHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final ReadoutDecoder decoder;

    UdpReadoutHandler(ReadoutDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        decoder.decodeDatagram(packet.content(), SourceId.of(packet.sender()));
    }
}
