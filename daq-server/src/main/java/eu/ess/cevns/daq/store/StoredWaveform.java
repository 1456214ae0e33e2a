package eu.ess.cevns.daq.store;

import eu.ess.cevns.daq.timing.BeamState;
import net.openhft.chronicle.bytes.Bytes;
import org.agrona.UnsafeApi;

import java.nio.BufferUnderflowException;
import java.nio.ByteOrder;

import static eu.ess.cevns.daq.store.WaveformRecord.BEAM_STATE_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.CHANNEL_ID_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.CHANNEL_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.FEN_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.FIBER_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.FLAGS_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.OUTPUT_QUEUE_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.PRE_TRIGGER_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.PULSE_T0_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.SAMPLES_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.SAMPLE_BITS_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.SAMPLE_COUNT_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.SEQUENCE_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.SOURCE_OFFSET;
import static eu.ess.cevns.daq.store.WaveformRecord.TIME_SINCE_T0_OFFSET;

/**
 * A waveform record as stored, read in place through {@link WaveformRecord}'s offsets: a flyweight
 * over the Chronicle document, valid only during the {@link RecordVisitor#onWaveform} call that
 * receives it. Copy samples out with {@link #copySamples(short[])} to keep them.
 */
public final class StoredWaveform {
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long SHORT_ARRAY_BASE = UnsafeApi.arrayBaseOffset(short[].class);

    private Bytes<?> bytes;
    private long at;

    StoredWaveform wrap(Bytes<?> bytes, long at) {
        this.bytes = bytes;
        this.at = at;
        return this;
    }

    /** Source address of the digitizer (IPv4 as int). */
    public int sourceId() { return bytes.readInt(at + SOURCE_OFFSET); }
    public int outputQueue() { return bytes.readUnsignedByte(at + OUTPUT_QUEUE_OFFSET); }
    public int fiber() { return bytes.readUnsignedByte(at + FIBER_OFFSET); }
    public int fen() { return bytes.readUnsignedByte(at + FEN_OFFSET); }
    public int flags() { return bytes.readUnsignedByte(at + FLAGS_OFFSET); }
    public int channel() { return bytes.readUnsignedShort(at + CHANNEL_OFFSET); }
    public int channelId() { return bytes.readUnsignedShort(at + CHANNEL_ID_OFFSET); }
    public int sampleBits() { return bytes.readUnsignedByte(at + SAMPLE_BITS_OFFSET); }
    /** Beam state of the pulse, a {@link BeamState} code. */
    public int beamState() { return bytes.readUnsignedByte(at + BEAM_STATE_OFFSET); }
    public int preTrigger() { return bytes.readUnsignedShort(at + PRE_TRIGGER_OFFSET); }
    /** Sequence number of the readout packet it came in (u32). */
    public long sequence() { return bytes.readUnsignedInt(at + SEQUENCE_OFFSET); }
    public long pulseT0Ns() { return bytes.readLong(at + PULSE_T0_OFFSET); }
    public long timeSinceT0Ns() { return bytes.readLong(at + TIME_SINCE_T0_OFFSET); }
    public int sampleCount() { return bytes.readUnsignedShort(at + SAMPLE_COUNT_OFFSET); }

    public short sample(int i) {
        return bytes.readShort(at + SAMPLES_OFFSET + 2L * i);
    }

    /**
     * Copies the samples into {@code dst} (at least {@link #sampleCount()} long); returns the count.
     * From a memory-mapped queue this is one memory copy (the samples are little-endian, as the
     * platforms this runs on); otherwise sample by sample.
     */
    public int copySamples(short[] dst) {
        int n = sampleCount();
        long p = at + SAMPLES_OFFSET;
        if (LITTLE_ENDIAN && bytes.isDirectMemory()) {
            try {
                long address = bytes.addressForRead(p, 2 * n);
                UnsafeApi.copyMemory(null, address, dst, SHORT_ARRAY_BASE, 2L * n);
                return n;
            } catch (UnsupportedOperationException | BufferUnderflowException notContiguous) {
                // fall through to the sample-by-sample copy
            }
        }
        for (int i = 0; i < n; i++) {
            dst[i] = bytes.readShort(p + 2L * i);
        }
        return n;
    }
}
