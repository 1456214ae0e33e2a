package eu.ess.cevns.daq.store;

import eu.ess.cevns.daq.readout.Waveform;
import eu.ess.cevns.daq.timing.BeamState;
import io.netty.buffer.ByteBuf;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

import java.nio.ByteOrder;

import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * Layout of a waveform record (kind 2, version 1): 40 bytes of fields, then the raw samples. Readout
 * threads encode it straight into the store's ring ({@link #encode}), the store agent sets the
 * beam state in place once the pulse join has decided, and {@link StoredWaveform} reads it back
 * through these offsets. Little-endian; the beam state is a {@link BeamState} code.
 *
 * <pre>
 *          0       1       2       3
 *         +-------+-------+-------+-------+
 *       0 | kind  |version|  source (i32,  |
 *         +-------+-------+-------+-------+
 *       4 |  IPv4)        |out. q.| fiber |
 *         +-------+-------+-------+-------+
 *       8 |  FEN  | flags |  channel (u16)|
 *         +-------+-------+-------+-------+
 *      12 |channel id(u16)|s.bits | beam  |
 *         +-------+-------+-------+-------+
 *      16 |pre-trigger u16| packet sequence
 *         +-------+-------+-------+-------+
 *      20 |  (u32)        | pulse T0 ns
 *         +-------+-------+-------+-------+
 *      24 |  (i64)                        |
 *         +-------+-------+-------+-------+
 *      28 |               | time since T0
 *         +-------+-------+-------+-------+
 *      32 |  ns (i64)                     |
 *         +-------+-------+-------+-------+
 *      36 |               | sample count  |
 *         +-------+-------+-------+-------+
 *      40 | samples: i16 × sample count  ...
 *         +-------+-------+-------+-------+
 * </pre>
 */
public final class WaveformRecord {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    public static final int SOURCE_OFFSET = RecordKind.HEADER_LENGTH;
    public static final int OUTPUT_QUEUE_OFFSET = SOURCE_OFFSET + SIZE_OF_INT;
    public static final int FIBER_OFFSET = OUTPUT_QUEUE_OFFSET + SIZE_OF_BYTE;
    public static final int FEN_OFFSET = FIBER_OFFSET + SIZE_OF_BYTE;
    public static final int FLAGS_OFFSET = FEN_OFFSET + SIZE_OF_BYTE;
    public static final int CHANNEL_OFFSET = FLAGS_OFFSET + SIZE_OF_BYTE;
    public static final int CHANNEL_ID_OFFSET = CHANNEL_OFFSET + SIZE_OF_SHORT;
    public static final int SAMPLE_BITS_OFFSET = CHANNEL_ID_OFFSET + SIZE_OF_SHORT;
    public static final int BEAM_STATE_OFFSET = SAMPLE_BITS_OFFSET + SIZE_OF_BYTE;
    public static final int PRE_TRIGGER_OFFSET = BEAM_STATE_OFFSET + SIZE_OF_BYTE;
    public static final int SEQUENCE_OFFSET = PRE_TRIGGER_OFFSET + SIZE_OF_SHORT;
    public static final int PULSE_T0_OFFSET = SEQUENCE_OFFSET + SIZE_OF_INT;
    public static final int TIME_SINCE_T0_OFFSET = PULSE_T0_OFFSET + SIZE_OF_LONG;
    public static final int SAMPLE_COUNT_OFFSET = TIME_SINCE_T0_OFFSET + SIZE_OF_LONG;
    /** Where the samples start: the bytes of a waveform record before its samples, header included. */
    public static final int SAMPLES_OFFSET = SAMPLE_COUNT_OFFSET + SIZE_OF_SHORT;

    private WaveformRecord() {
    }

    /** Bytes of a waveform record with {@code samples} samples. */
    public static int length(int samples) {
        return SAMPLES_OFFSET + SIZE_OF_SHORT * samples;
    }

    /**
     * Encodes {@code w} at {@code at} of the ring, {@link #length} of its sample count long, with
     * beam state UNKNOWN (the store agent sets it). The samples are copied from the packet buffer
     * in one memory copy where it can (they are little-endian in the packet as in the record).
     */
    static void encode(AtomicBuffer b, int at, Waveform w) {
        RecordKind.putHeader(b, at, RecordKind.WAVEFORM);
        b.putInt(at + SOURCE_OFFSET, w.sourceId(), LE);
        b.putByte(at + OUTPUT_QUEUE_OFFSET, (byte) w.outputQueue());
        b.putByte(at + FIBER_OFFSET, (byte) w.fiber());
        b.putByte(at + FEN_OFFSET, (byte) w.fen());
        b.putByte(at + FLAGS_OFFSET, (byte) w.flags());
        b.putShort(at + CHANNEL_OFFSET, (short) w.channel(), LE);
        b.putShort(at + CHANNEL_ID_OFFSET, (short) w.channelId(), LE);
        b.putByte(at + SAMPLE_BITS_OFFSET, (byte) w.sampleBits());
        b.putByte(at + BEAM_STATE_OFFSET, BeamState.UNKNOWN.code());
        b.putShort(at + PRE_TRIGGER_OFFSET, (short) w.preTrigger(), LE);
        b.putInt(at + SEQUENCE_OFFSET, (int) w.sequence(), LE);
        b.putLong(at + PULSE_T0_OFFSET, w.pulseT0Ns(), LE);
        b.putLong(at + TIME_SINCE_T0_OFFSET, w.timeSinceT0Ns(), LE);
        b.putShort(at + SAMPLE_COUNT_OFFSET, (short) w.sampleCount(), LE);
        copySamples(w, b, at + SAMPLES_OFFSET);
    }

    private static void copySamples(Waveform w, AtomicBuffer b, int to) {
        ByteBuf src = w.samplesBuffer();
        int bytes = w.samplesBytes();
        if (src.hasMemoryAddress()) {
            UnsafeApi.copyMemory(null, src.memoryAddress() + w.samplesIndex(), b.byteArray(), b.addressOffset() + to, bytes);
        } else if (src.hasArray()) {
            b.putBytes(to, src.array(), src.arrayOffset() + w.samplesIndex(), bytes);
        } else {
            for (int i = 0; i < w.sampleCount(); i++) {
                b.putShort(to + SIZE_OF_SHORT * i, w.sample(i), LE);
            }
        }
    }

    /** The pulse T0 of the record at {@code at}. */
    static long pulseT0Ns(DirectBuffer b, int at) {
        return b.getLong(at + PULSE_T0_OFFSET, LE);
    }

    /** The configured channel id of the record at {@code at}. */
    static int channelId(DirectBuffer b, int at) {
        return b.getShort(at + CHANNEL_ID_OFFSET, LE) & 0xFFFF;
    }

    /** Sets the beam state of the record at {@code at} (a {@link BeamState} code). */
    static void putBeamState(MutableDirectBuffer b, int at, byte state) {
        b.putByte(at + BEAM_STATE_OFFSET, state);
    }
}
