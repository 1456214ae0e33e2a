package eu.ess.cevns.daq.readout;

import io.netty.buffer.ByteBuf;

/**
 * One waveform readout of an accepted packet, as a reused flyweight: the decoder sets the fields
 * and points at the samples inside the packet buffer, then hands it to a {@link WaveformSink}.
 * Times are nanoseconds since the epoch on the ESS clock; {@code pulseT0Ns} is the T0 the readout
 * belongs to (the header's pulse time, or its previous pulse time for a readout that precedes it).
 */
public final class Waveform {
    /** flags bit: pile-up */
    public static final int FLAG_PILE_UP = 1;
    /** flags bit: saturated */
    public static final int FLAG_SATURATED = 2;
    /** flags bit: truncated record */
    public static final int FLAG_TRUNCATED = 4;

    int sourceId;
    int outputQueue;
    long sequence;
    int fiber;
    int fen;
    int channel;
    int channelId;
    int flags;
    int sampleBits;
    int preTrigger;
    int sampleCount;
    long pulseT0Ns;
    long triggerTimeNs;
    ByteBuf samples;
    int samplesIndex;

    /** Sets every field; the decoder's one way to fill the flyweight (tests and simulators use it too). */
    public Waveform set(int sourceId, int outputQueue, long sequence, int fiber, int fen, int channel, int channelId,
                        int flags, int sampleBits, int preTrigger, int sampleCount, long pulseT0Ns,
                        long triggerTimeNs, ByteBuf samples, int samplesIndex) {
        this.sourceId = sourceId;
        this.outputQueue = outputQueue;
        this.sequence = sequence;
        this.fiber = fiber;
        this.fen = fen;
        this.channel = channel;
        this.channelId = channelId;
        this.flags = flags;
        this.sampleBits = sampleBits;
        this.preTrigger = preTrigger;
        this.sampleCount = sampleCount;
        this.pulseT0Ns = pulseT0Ns;
        this.triggerTimeNs = triggerTimeNs;
        this.samples = samples;
        this.samplesIndex = samplesIndex;
        return this;
    }

    /** Source of the packet: its IPv4 address as an int (a hash of the address for IPv6). */
    public int sourceId() { return sourceId; }
    public int outputQueue() { return outputQueue; }
    /** Sequence number of the packet this readout came in. */
    public long sequence() { return sequence; }
    public int fiber() { return fiber; }
    public int fen() { return fen; }
    /** Channel number as the digitizer sent it (within its FEN). */
    public int channel() { return channel; }
    /** Configured channel id ({@code ChannelConfig.id}). */
    public int channelId() { return channelId; }
    public int flags() { return flags; }
    public int sampleBits() { return sampleBits; }
    public int preTrigger() { return preTrigger; }
    public int sampleCount() { return sampleCount; }
    public long pulseT0Ns() { return pulseT0Ns; }
    public long triggerTimeNs() { return triggerTimeNs; }
    public long timeSinceT0Ns() { return triggerTimeNs - pulseT0Ns; }

    /** Buffer holding the samples, little-endian i16, {@link #sampleCount()} of them from {@link #samplesIndex()}. */
    public ByteBuf samplesBuffer() { return samples; }
    public int samplesIndex() { return samplesIndex; }
    /** Bytes of sample data. */
    public int samplesBytes() { return sampleCount * 2; }

    /** Sample {@code i}, raw ADC. */
    public short sample(int i) {
        return samples.getShortLE(samplesIndex + 2 * i);
    }
}
