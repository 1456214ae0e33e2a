package eu.ess.cevns.daq.store;

import eu.ess.cevns.daq.timing.BeamState;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_DOUBLE;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of a pulse record (kind 3, version 1): one ESS pulse of the run with its proton charge and
 * the beam state the pulse join decided (a {@link BeamState} code). The store agent writes one per
 * decided pulse; producers may submit one through the ring. 19 bytes, little-endian.
 *
 * <pre>
 *          0       1       2       3
 *         +-------+-------+-------+-------+
 *       0 | kind  |version| T0 ns (i64)
 *         +-------+-------+-------+-------+
 *       4 |                               |
 *         +-------+-------+-------+-------+
 *       8 |               | proton charge
 *         +-------+-------+-------+-------+
 *      12 |  µC (f64)                     |
 *         +-------+-------+-------+-------+
 *      16 |               | beam  |
 *         +-------+-------+-------+
 * </pre>
 */
public final class PulseRecord {
    public static final int T0_OFFSET = RecordKind.HEADER_LENGTH;
    public static final int CHARGE_OFFSET = T0_OFFSET + SIZE_OF_LONG;
    public static final int BEAM_STATE_OFFSET = CHARGE_OFFSET + SIZE_OF_DOUBLE;
    /** Bytes of a pulse record, header included. */
    public static final int LENGTH = BEAM_STATE_OFFSET + SIZE_OF_BYTE;

    private PulseRecord() {
    }

    /** Encodes a pulse record at {@code at} of the ring. */
    static void encode(MutableDirectBuffer b, int at, long t0Ns, double chargeUc, BeamState state) {
        RecordKind.putHeader(b, at, RecordKind.PULSE);
        b.putLong(at + T0_OFFSET, t0Ns, ByteOrder.LITTLE_ENDIAN);
        b.putDouble(at + CHARGE_OFFSET, chargeUc, ByteOrder.LITTLE_ENDIAN);
        b.putByte(at + BEAM_STATE_OFFSET, state.code());
    }

    /** Appends a pulse record to a run's queue as one document. */
    static void append(ExcerptAppender appender, long t0Ns, double chargeUc, BeamState state) {
        RunQueues.append(appender, out -> write(out, t0Ns, chargeUc, state));
    }

    /** Writes a pulse record at the write position of {@code out} (a Chronicle document). */
    static void write(Bytes<?> out, long t0Ns, double chargeUc, BeamState state) {
        RecordKind.writeHeader(out, RecordKind.PULSE);
        out.writeLong(t0Ns).writeDouble(chargeUc).writeByte(state.code());
    }

    /** Reads the pulse record at {@code at} of {@code in} into {@code visitor}. */
    static void read(Bytes<?> in, long at, RecordVisitor visitor) {
        visitor.onPulse(in.readLong(at + T0_OFFSET), in.readDouble(at + CHARGE_OFFSET), in.readUnsignedByte(at + BEAM_STATE_OFFSET));
    }
}
