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
 * decodes each in place (a slice, no copy). The length is trusted only after the header's pad,
 * version, cookie and type are right and it can hold a header; and while a packet is still
 * arriving, what has arrived is checked against it ({@link ReadoutDecoder#checkPrefix}), so a
 * corrupted length is found as soon as the bytes after it do not fit.
 * <p>
 * Wherever the stream stops making sense (a bad header, a packet the decoder rejects, a length the
 * bytes contradict), the framer resynchronises on the next valid header after the packet's first
 * byte, so that a good packet following a corrupt one is never lost with it. Every byte received
 * is either in an accepted packet or counted in {@code tcpSkippedBytes}; a rejected packet is
 * counted by its reason, a run of garbage between packets once by the field that failed first, and
 * a packet cut off by the peer closing as {@code tcpPartialPackets} (and {@code size}). A peer that
 * sends {@code maxGarbageBytes} outside any packet with a valid header is not speaking this
 * protocol and is closed (counted). A healthy peer is never closed by this class.
 */
final class TcpReadoutFramer extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(TcpReadoutFramer.class);
    private final ReadoutDecoder decoder;
    private final ReadoutCounters counters;
    private final int maxGarbageBytes;
    private int sourceId;
    /** Bytes skipped since the last valid header outside any packet (by its header's length): what closes a peer. */
    private long garbageRun;
    /** Bytes still to skip that belong to the packet just rejected, by its header's length. */
    private int packetLeft;
    /** Whether what is being skipped has been counted (a rejected packet, or a garbage run's first bad field). */
    private boolean counted;
    /** Bytes of the packet at the reader index found consistent so far (0: none checked yet). */
    private int checkedBytes;

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
            RejectReason bad = headerProblem(in, at, SIZE_V0);
            if (bad != null) {
                if (!counted) {
                    counters.reject(bad);
                    counted = true;
                }
                resync(ctx, in, at);
                continue;
            }
            garbageRun = 0;
            packetLeft = 0;
            counted = false;
            int total = in.getUnsignedShortLE(at + TOTAL_LENGTH);
            int available = in.readableBytes();
            if (available < total) {
                // checked again each time the bytes double: a peer sending byte by byte costs a few walks, not thousands
                if (available < 2 * checkedBytes) {
                    return;
                }
                if (decoder.checkPrefix(in, at, total, available, sourceId) == null) {
                    checkedBytes = available;
                    return;
                }
            } else if (decoder.decode(in.slice(at, total), sourceId) == null) {
                checkedBytes = 0;
                in.skipBytes(total);
                continue;
            }
            // rejected, and counted by the decoder; if its length was what was wrong, the next packet starts inside it
            counted = true;
            packetLeft = total;
            resync(ctx, in, at);
        }
    }

    /**
     * The peer closed: what is left is a packet cut off (counted as partial and {@code size}) or
     * garbage. A cut-off packet's length may have been the corrupt part, so the stream is searched on
     * from its second byte and every whole packet found after it is still decoded.
     */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // all that came is checked against the pending packet now, not when it would have doubled
        checkedBytes = 0;
        decode(ctx, in, out);
        while (in.isReadable()) {
            int at = in.readerIndex();
            RejectReason bad = headerProblem(in, at, in.readableBytes());
            if (bad == null) {
                counters.tcpPartialPackets.increment();
                counters.reject(RejectReason.SIZE);
                counted = true;
            } else if (!counted) {
                counters.reject(bad);
                counted = true;
            }
            int next = nextHeader(in, at + 1);
            skip(in, (next < 0 ? in.writerIndex() : next) - at);
            decode(ctx, in, out);
        }
    }

    /**
     * Skips from {@code at} to the next valid header after it (or, if none has fully arrived, to
     * where one could still begin), counting the bytes; too much garbage closes the peer.
     */
    private void resync(ChannelHandlerContext ctx, ByteBuf in, int at) {
        int next = nextHeader(in, at + 1);
        skip(in, (next >= 0 ? next : Math.max(at + 1, in.writerIndex() - (SIZE_V0 - 1))) - at);
        if (garbageRun > maxGarbageBytes) {
            counters.tcpClosedGarbage.increment();
            LOG.warn("closing TCP readout peer {}: {} bytes without an ESS readout header", ctx.channel().remoteAddress(), garbageRun);
            skip(in, in.readableBytes());
            ctx.close();
        }
    }

    /** Skips {@code bytes}, counted as skipped; those beyond the rejected packet's own length are garbage. */
    private void skip(ByteBuf in, int bytes) {
        checkedBytes = 0;
        in.skipBytes(bytes);
        counters.tcpSkippedBytes.add(bytes);
        int ofPacket = Math.min(bytes, packetLeft);
        packetLeft -= ofPacket;
        garbageRun += bytes - ofPacket;
    }

    /**
     * Why the {@code bytes} bytes at {@code at} cannot begin a packet, or null if, as far as they go,
     * they can: pad 0, version 0 or 1, cookie "ESS", type 0x70, and a length that holds the header.
     */
    private static RejectReason headerProblem(ByteBuf in, int at, int bytes) {
        if (in.getUnsignedByte(at + PAD) != 0) {
            return RejectReason.PAD;
        }
        if (bytes <= VERSION) {
            return null;
        }
        int headerSize = ReadoutHeader.size(in.getUnsignedByte(at + VERSION));
        if (headerSize < 0) {
            return RejectReason.VERSION;
        }
        for (int i = 0; i < 3 && COOKIE + i < bytes; i++) {
            if (in.getUnsignedByte(at + COOKIE + i) != (COOKIE_ESS >>> (8 * i) & 0xFF)) {
                return RejectReason.COOKIE;
            }
        }
        if (bytes > TYPE && in.getUnsignedByte(at + TYPE) != TYPE_CEVNS) {
            return RejectReason.TYPE;
        }
        if (bytes >= TOTAL_LENGTH + 2 && in.getUnsignedShortLE(at + TOTAL_LENGTH) < headerSize) {
            return RejectReason.SIZE;
        }
        return null;
    }

    /** Index of the next valid packet start from {@code from} whose fixed header has fully arrived, or -1. */
    private static int nextHeader(ByteBuf in, int from) {
        int last = in.writerIndex() - SIZE_V0;
        for (int i = from; i <= last; i++) {
            if (in.getByte(i + COOKIE) == 'E' && headerProblem(in, i, SIZE_V0) == null) {
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
