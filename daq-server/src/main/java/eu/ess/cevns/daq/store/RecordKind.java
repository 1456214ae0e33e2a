package eu.ess.cevns.daq.store;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.MutableDirectBuffer;

/**
 * The kinds of record in a run queue and the header they share. Every record starts with its kind
 * (u8) and the schema version of that kind (u8); a reader skips kinds or versions it does not know
 * and counts them, so an older reader survives a newer file. The fields after the header are
 * little-endian and laid out by one descriptor class per kind ({@link RunStartRecord},
 * {@link WaveformRecord}, {@link PulseRecord}, {@link ConfigChangeRecord}, {@link AlarmRecord},
 * {@link RunStopRecord}, {@link AlarmActionRecord}, {@link LogEntryRecord}, {@link RunQualityRecord});
 * {@code src/site/markdown/formats.md} is the reference they implement.
 *
 * <pre>
 *    0       1       2
 *   +-------+-------+---------------------------------
 *   | kind  |version| fields of the kind ...
 *   +-------+-------+---------------------------------
 * </pre>
 */
public final class RecordKind {
    public static final byte RUN_START = 1;
    public static final byte WAVEFORM = 2;
    public static final byte PULSE = 3;
    public static final byte CONFIG_CHANGE = 4;
    public static final byte ALARM = 5;
    public static final byte RUN_STOP = 6;
    public static final byte ALARM_ACTION = 7;
    public static final byte LOG_ENTRY = 8;
    public static final byte RUN_QUALITY = 9;

    /** Ring-only message type (never stored): a readout packet of a pulse arrived; see {@link PulseSeenMessage}. */
    static final int PULSE_SEEN = 100;

    /** Schema version this software writes, the same for every kind so far. */
    public static final byte SCHEMA_V1 = 1;

    /** Offset of the kind byte in every record. */
    public static final int KIND_OFFSET = 0;
    /** Offset of the schema-version byte in every record. */
    public static final int VERSION_OFFSET = 1;
    /** Bytes of the common header; the fields of each kind start here. */
    public static final int HEADER_LENGTH = 2;

    private RecordKind() {
    }

    /** Puts the header of a record of {@code kind} at {@code at} (a record being encoded into the ring). */
    static void putHeader(MutableDirectBuffer buffer, int at, byte kind) {
        buffer.putByte(at + KIND_OFFSET, kind);
        buffer.putByte(at + VERSION_OFFSET, SCHEMA_V1);
    }

    /** Writes the header of a record of {@code kind} (a record the store agent writes itself). */
    static void writeHeader(Bytes<?> out, byte kind) {
        out.writeByte(kind).writeByte(SCHEMA_V1);
    }
}
