package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;

/**
 * A waveform record as stored, read in place: a flyweight over the Chronicle document, valid only
 * during the {@link RecordVisitor#onWaveform} call that receives it. Copy samples out with
 * {@link #copySamples(short[])} to keep them.
 */
public final class StoredWaveform {
    private Bytes<?> bytes;
    private long at;

    StoredWaveform wrap(Bytes<?> bytes, long at) {
        this.bytes = bytes;
        this.at = at;
        return this;
    }

    /** Source address of the digitizer (IPv4 as int). */
    public int sourceId() { return bytes.readInt(at + 2); }
    public int outputQueue() { return bytes.readUnsignedByte(at + 6); }
    public int fiber() { return bytes.readUnsignedByte(at + 7); }
    public int fen() { return bytes.readUnsignedByte(at + 8); }
    public int flags() { return bytes.readUnsignedByte(at + 9); }
    public int channel() { return bytes.readUnsignedShort(at + 10); }
    public int channelId() { return bytes.readUnsignedShort(at + 12); }
    public int sampleBits() { return bytes.readUnsignedByte(at + 14); }
    /** Beam state of the pulse ({@link RecordKind#BEAM_UNKNOWN}, {@code BEAM_ON}, {@code BEAM_OFF}). */
    public int beamState() { return bytes.readUnsignedByte(at + 15); }
    public int preTrigger() { return bytes.readUnsignedShort(at + 16); }
    /** Sequence number of the readout packet it came in (u32). */
    public long sequence() { return bytes.readUnsignedInt(at + 18); }
    public long pulseT0Ns() { return bytes.readLong(at + 22); }
    public long timeSinceT0Ns() { return bytes.readLong(at + 30); }
    public int sampleCount() { return bytes.readUnsignedShort(at + 38); }

    public short sample(int i) {
        return bytes.readShort(at + RecordKind.WAVEFORM_HEADER + 2L * i);
    }

    /**
     * Copies the samples into {@code dst} (at least {@link #sampleCount()} long); returns the count.
     * From a memory-mapped queue this is one memory copy (the samples are little-endian, as the
     * platforms this runs on); otherwise sample by sample.
     */
    public int copySamples(short[] dst) {
        int n = sampleCount();
        long p = at + RecordKind.WAVEFORM_HEADER;
        if (LITTLE_ENDIAN && bytes.isDirectMemory()) {
            try {
                long address = bytes.addressForRead(p, 2 * n);
                org.agrona.UnsafeApi.copyMemory(null, address, dst, SHORT_ARRAY_BASE, 2L * n);
                return n;
            } catch (UnsupportedOperationException | java.nio.BufferUnderflowException notContiguous) {
                // fall through to the sample-by-sample copy
            }
        }
        for (int i = 0; i < n; i++) {
            dst[i] = bytes.readShort(p + 2L * i);
        }
        return n;
    }

    private static final boolean LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
    private static final long SHORT_ARRAY_BASE = org.agrona.UnsafeApi.arrayBaseOffset(short[].class);
}
