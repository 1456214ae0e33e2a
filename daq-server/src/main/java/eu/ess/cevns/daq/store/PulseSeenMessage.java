package eu.ess.cevns.daq.store;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of the ring-only message {@link RecordKind#PULSE_SEEN} (never stored, so it has no kind or
 * version byte: the ring's message type says what it is): a readout packet of the pulse with this
 * T0 arrived, so the pulse join must decide that pulse even if none of its waveforms are waiting.
 *
 * <pre>
 *          0       1       2       3
 *         +-------+-------+-------+-------+
 *       0 | pulse T0 ns (i64)             |
 *         +-------+-------+-------+-------+
 *       4 |                               |
 *         +-------+-------+-------+-------+
 * </pre>
 */
final class PulseSeenMessage {
    static final int T0_OFFSET = 0;
    static final int LENGTH = T0_OFFSET + SIZE_OF_LONG;

    private PulseSeenMessage() {
    }

    static void encode(MutableDirectBuffer b, int at, long t0Ns) {
        b.putLong(at + T0_OFFSET, t0Ns, ByteOrder.LITTLE_ENDIAN);
    }

    static long t0Ns(DirectBuffer b, int at) {
        return b.getLong(at + T0_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }
}
