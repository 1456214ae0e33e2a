package eu.ess.cevns.daq.readout;

import eu.ess.cevns.config.ChannelMap;
import io.netty.buffer.ByteBuf;

import java.util.function.LongSupplier;

import static eu.ess.cevns.daq.readout.ReadoutHeader.*;

/**
 * Decodes one ESS readout packet of CEvNS waveforms (DESIGN §3) and hands each readout to a
 * {@link WaveformSink}. The whole packet is validated before the first readout is emitted, so a
 * packet with one bad field is dropped whole and nothing of it is stored; the reason is counted.
 * Times are checked against each other and against the server's clock ({@link TimeLimits}).
 * One decoder per I/O thread: it reuses one {@link Waveform} flyweight and allocates nothing.
 */
public final class ReadoutDecoder {
    private final ChannelMap channels;
    private final long maxPrevPulseAgeNs;
    private final long clockToleranceNs;
    private final LongSupplier clockMs;
    private final ReadoutCounters counters;
    private final SequenceTracker sequences;
    private final WaveformSink sink;
    private final Waveform waveform = new Waveform();

    public ReadoutDecoder(ChannelMap channels, TimeLimits limits, ReadoutCounters counters,
                          SequenceTracker sequences, WaveformSink sink) {
        this.channels = channels;
        this.maxPrevPulseAgeNs = limits.maxPrevPulseAgeNs();
        this.clockToleranceNs = limits.clockToleranceNs();
        this.clockMs = limits.clockMs();
        this.counters = counters;
        this.sequences = sequences;
        this.sink = sink;
    }

    /**
     * Decodes the packet between the buffer's reader and writer index (not consumed).
     *
     * @return null when accepted, else the reason it was dropped (already counted)
     */
    public RejectReason decode(ByteBuf packet, int sourceId) {
        long nowNs = clockMs.getAsLong() * 1_000_000L;
        int base = packet.readerIndex();
        int length = packet.readableBytes();
        RejectReason reason = walk(packet, base, length, length, sourceId, nowNs, false);
        if (reason != null) {
            counters.reject(reason);
            return reason;
        }
        walk(packet, base, length, length, sourceId, nowNs, true);
        return null;
    }

    /**
     * Checks the first {@code available} bytes at {@code at} of a packet still arriving over TCP,
     * whose header says it is {@code length} bytes: null if nothing in them contradicts that, else
     * the reason (counted), so that a corrupt length is found as soon as the bytes after it do not
     * fit, not after waiting for bytes that may never come. Needs the fixed header ({@value
     * ReadoutHeader#SIZE_V0} bytes) and {@code available < length}.
     */
    RejectReason checkPrefix(ByteBuf buf, int at, int length, int available, int sourceId) {
        RejectReason reason = walk(buf, at, length, available, sourceId, clockMs.getAsLong() * 1_000_000L, false);
        if (reason != null) {
            counters.reject(reason);
        }
        return reason;
    }

    /**
     * Decodes one UDP datagram: as {@link #decode}, after refusing one longer than a jumbo frame's
     * payload ({@value ReadoutHeader#MAX_UDP_PACKET} bytes, DESIGN §3) as {@code size}, whatever its
     * header says (the receive slot is one byte longer, so a longer datagram arrives cut to that).
     */
    public RejectReason decodeDatagram(ByteBuf datagram, int sourceId) {
        if (datagram.readableBytes() > ReadoutHeader.MAX_UDP_PACKET) {
            counters.reject(RejectReason.SIZE);
            return RejectReason.SIZE;
        }
        return decode(datagram, sourceId);
    }

    /** Whether {@code timeNs} lies further than the tolerance from the server's clock. */
    private boolean offClock(long timeNs, long nowNs) {
        return Math.abs(timeNs - nowNs) > clockToleranceNs;
    }

    /**
     * One pass over the {@code length}-byte packet at {@code base}: with {@code emit} false it only
     * validates, with {@code emit} true (after a clean validation) it sends the readouts and counts
     * the packet. One walker for both keeps the validating and the emitting reading of the format from
     * drifting apart. Only the first {@code available} bytes are read (fewer than {@code length} for
     * a TCP packet still arriving, never with {@code emit}): where the next block or readout header
     * is not there yet, the walk ends with null (nothing contradicts the packet so far).
     */
    private RejectReason walk(ByteBuf buf, int base, int length, int available, int sourceId, long nowNs, boolean emit) {
        if (available < SIZE_V0) {
            return RejectReason.SIZE;
        }
        if (buf.getUnsignedByte(base + PAD) != 0) {
            return RejectReason.PAD;
        }
        int version = buf.getUnsignedByte(base + VERSION);
        int headerSize = ReadoutHeader.size(version);
        if (headerSize < 0) {
            return RejectReason.VERSION;
        }
        if ((buf.getUnsignedMediumLE(base + COOKIE)) != COOKIE_ESS) {
            return RejectReason.COOKIE;
        }
        int totalLength = buf.getUnsignedShortLE(base + TOTAL_LENGTH);
        if (length < headerSize || totalLength != length) {
            return RejectReason.SIZE;
        }
        if (buf.getUnsignedByte(base + TYPE) != TYPE_CEVNS) {
            return RejectReason.TYPE;
        }
        int outputQueue = buf.getUnsignedByte(base + OUTPUT_QUEUE);
        if (outputQueue >= OUTPUT_QUEUES) {
            return RejectReason.OUTPUT_QUEUE;
        }
        long pulseHigh = buf.getUnsignedIntLE(base + PULSE_HIGH);
        long pulseLow = buf.getUnsignedIntLE(base + PULSE_LOW);
        long prevHigh = buf.getUnsignedIntLE(base + PREV_PULSE_HIGH);
        long prevLow = buf.getUnsignedIntLE(base + PREV_PULSE_LOW);
        if (pulseLow > EssTime.MAX_TICK || prevLow > EssTime.MAX_TICK) {
            return RejectReason.TIME_FRAC;
        }
        long pulseNs = EssTime.toNs(pulseHigh, pulseLow);
        long prevNs = EssTime.toNs(prevHigh, prevLow);
        if (prevNs > pulseNs || pulseNs - prevNs > maxPrevPulseAgeNs) {
            return RejectReason.TIME_HIGH;
        }
        if (offClock(pulseNs, nowNs)) {
            return RejectReason.TIME;
        }
        long sequence = buf.getUnsignedIntLE(base + SEQUENCE);
        if (emit) {
            sink.onPacketPulse(pulseNs);
        }

        final int end = base + length;
        final int arrived = base + available;
        int pos = base + headerSize;
        int readouts = 0;
        while (pos < end) {
            if (end - pos < BLOCK_HEADER + READOUT_HEADER) {
                return RejectReason.BLOCK;
            }
            if (pos + BLOCK_HEADER > arrived) {
                return null;
            }
            int fiber = buf.getUnsignedByte(pos);
            int fen = buf.getUnsignedByte(pos + 1);
            int blockLength = buf.getUnsignedShortLE(pos + 2);
            if (blockLength < BLOCK_HEADER + READOUT_HEADER || blockLength > end - pos) {
                return RejectReason.BLOCK;
            }
            final int blockEnd = pos + blockLength;
            int r = pos + BLOCK_HEADER;
            while (r < blockEnd) {
                if (blockEnd - r < READOUT_HEADER) {
                    return RejectReason.SAMPLES;
                }
                if (r + READOUT_HEADER > arrived) {
                    return null;
                }
                long timeHigh = buf.getUnsignedIntLE(r);
                long timeLow = buf.getUnsignedIntLE(r + 4);
                int channel = buf.getUnsignedShortLE(r + 8);
                int flags = buf.getUnsignedByte(r + 10);
                int sampleBits = buf.getUnsignedByte(r + 11);
                int preTrigger = buf.getUnsignedShortLE(r + 12);
                int sampleCount = buf.getUnsignedShortLE(r + 14);
                int samplesAt = r + READOUT_HEADER;
                int next = samplesAt + 2 * sampleCount;
                if (sampleCount == 0 || next > blockEnd || sampleBits == 0 || sampleBits > 16
                        || preTrigger > sampleCount || (flags & ~KNOWN_FLAGS) != 0) {
                    return RejectReason.SAMPLES;
                }
                if (timeLow > EssTime.MAX_TICK) {
                    return RejectReason.TIME_FRAC;
                }
                int channelId = channels.channelId(fiber, fen, channel);
                if (channelId < 0) {
                    return RejectReason.CHANNEL;
                }
                long triggerNs = EssTime.toNs(timeHigh, timeLow);
                long t0;
                if (triggerNs >= pulseNs) {
                    t0 = pulseNs;
                } else if (triggerNs >= prevNs) {
                    t0 = prevNs;
                } else {
                    return RejectReason.TIME;
                }
                if (offClock(triggerNs, nowNs)) {
                    return RejectReason.TIME;
                }
                if (emit) {
                    sink.onWaveform(waveform.set(sourceId, outputQueue, sequence, fiber, fen, channel, channelId, flags,
                            sampleBits, preTrigger, sampleCount, t0, triggerNs, buf, samplesAt));
                }
                readouts++;
                r = next;
            }
            pos = blockEnd;
        }
        if (emit) {
            counters.packets.increment();
            counters.bytes.add(length);
            if (readouts == 0) {
                counters.heartbeats.increment();
            } else {
                counters.waveforms.add(readouts);
            }
            sequences.onPacket(sourceId, outputQueue, sequence);
        }
        return null;
    }
}
