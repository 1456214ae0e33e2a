package eu.ess.cevns.daq.readout;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

import static eu.ess.cevns.daq.readout.ReadoutHeader.*;

/**
 * Cuts a TCP stream of back-to-back readout packets into packets by the header's total length and
 * decodes each in place (a slice, no copy). A stream that does not start with a plausible header
 * (pad 0, version 0/1, cookie "ESS", a length that holds a header) is resynchronised by scanning for
 * the next plausible header; the garbage run is counted once as a rejection and its bytes as
 * skipped. A peer that sends {@code maxGarbageBytes} without one plausible header is not speaking
 * this protocol and is closed (counted). A healthy peer is never closed by this class.
 */
final class TcpReadoutFramer extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(TcpReadoutFramer.class);
    private final ReadoutDecoder decoder;
    private final ReadoutCounters counters;
    private final int maxGarbageBytes;
    private int sourceId;
    private long garbageRun;

    TcpReadoutFramer(ReadoutDecoder decoder, ReadoutCounters counters, int maxGarbageBytes) {
        this.decoder = decoder;
        this.counters = counters;
        this.maxGarbageBytes = maxGarbageBytes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sourceId = SourceId.of(ctx.channel().remoteAddress());
        counters.tcpConnections.increment();
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= SIZE_V0) {
            int at = in.readerIndex();
            RejectReason bad = startProblem(in, at);
            if (bad != null) {
                if (garbageRun == 0) {
                    counters.reject(bad);
                }
                int next = findPlausibleHeader(in, at + 1);
                int skipped = (next < 0 ? in.writerIndex() - (SIZE_V0 - 1) : next) - at;
                skipped = Math.max(skipped, 1);
                in.skipBytes(skipped);
                garbageRun += skipped;
                counters.tcpSkippedBytes.add(skipped);
                if (garbageRun > maxGarbageBytes) {
                    counters.tcpClosedGarbage.increment();
                    LOG.warn("closing TCP readout peer {}: {} bytes without an ESS readout header", ctx.channel().remoteAddress(), garbageRun);
                    in.skipBytes(in.readableBytes());
                    ctx.close();
                    return;
                }
                continue;
            }
            int total = in.getUnsignedShortLE(at + TOTAL_LENGTH);
            if (in.readableBytes() < total) {
                return;
            }
            garbageRun = 0;
            decoder.decode(in.slice(at, total), sourceId);
            in.skipBytes(total);
        }
    }

    /** Why the bytes at {@code at} cannot start a packet, or null if they can. */
    private static RejectReason startProblem(ByteBuf in, int at) {
        if (in.getUnsignedByte(at + PAD) != 0) {
            return RejectReason.PAD;
        }
        int version = in.getUnsignedByte(at + VERSION);
        if (ReadoutHeader.size(version) < 0) {
            return RejectReason.VERSION;
        }
        if (in.getUnsignedMediumLE(at + COOKIE) != COOKIE_ESS) {
            return RejectReason.COOKIE;
        }
        if (in.getUnsignedShortLE(at + TOTAL_LENGTH) < ReadoutHeader.size(version)) {
            return RejectReason.SIZE;
        }
        return null;
    }

    /** Index of the next plausible packet start from {@code from}, or -1 if none is fully in the buffer. */
    private static int findPlausibleHeader(ByteBuf in, int from) {
        int last = in.writerIndex() - SIZE_V0;
        for (int i = from; i <= last; i++) {
            if (in.getByte(i + COOKIE) == 'E' && startProblem(in, i) == null) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info("TCP readout peer {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
