package eu.ess.cevns.kafka.schema;

import java.nio.ByteBuffer;

/**
 * An {@code se00} array message (table se00_SampleEnvironmentData): values of one source with the
 * time of the first, the spacing in ns, or one timestamp each. Here: a waveform's samples (Int16,
 * first-sample time, sampling period) and one detector's per-pulse event energies, pulse shapes
 * and flags (one value per event of the pulse's ev44, in its order).
 *
 * <pre>
 * id field                  type
 *  0 name                   string (required)
 *  1 channel                int
 *  2 packet_timestamp       long   ns since the Unix epoch, of the first value
 *  3 time_delta             double ns between values, &lt;= 0 if not used
 *  4 timestamp_location     byte   Location: Unknown, Start, Middle, End
 *  5 values_type            ubyte  the union's type: ValueType below
 *  6 values                 ValueUnion (required): a table whose field 0 is the array
 *  7 timestamps             [long] optional, one per value
 *  8 message_counter        long
 * </pre>
 *
 * @param values a primitive array of {@code valueType}'s Java type: byte[] (Int8, UInt8),
 *               short[] (Int16, UInt16), int[] (Int32, UInt32), long[] (Int64, UInt64), double[], float[]
 * @param timestamps null when the message has none
 */
public record ArrayData(String name, int channel, long packetTimestampNs, double timeDeltaNs, Location location,
                        ValueType valueType, Object values, long[] timestamps, long messageCounter) {
    public static final String ID = "se00";

    /** enum Location : byte. */
    public enum Location { UNKNOWN, START, MIDDLE, END }

    /** union ValueUnion: the type codes (0 is NONE) and their element sizes. */
    public enum ValueType {
        NONE(0), INT8(1), UINT8(1), INT16(2), UINT16(2), INT32(4), UINT32(4), INT64(8), UINT64(8), DOUBLE(8), FLOAT(4);

        private final int size;

        ValueType(int size) {
            this.size = size;
        }

        public int code() {
            return ordinal();
        }

        int size() {
            return size;
        }

        static ValueType of(int code) {
            return code > 0 && code < values().length ? values()[code] : NONE;
        }
    }

    /** Number of values. */
    public int length() {
        return switch (valueType) {
            case INT8, UINT8 -> ((byte[]) values).length;
            case INT16, UINT16 -> ((short[]) values).length;
            case INT32, UINT32 -> ((int[]) values).length;
            case INT64, UINT64 -> ((long[]) values).length;
            case DOUBLE -> ((double[]) values).length;
            case FLOAT -> ((float[]) values).length;
            case NONE -> 0;
        };
    }

    /** Value {@code i} as a double (unsigned types read unsigned). */
    public double value(int i) {
        return switch (valueType) {
            case INT8 -> ((byte[]) values)[i];
            case UINT8 -> Byte.toUnsignedInt(((byte[]) values)[i]);
            case INT16 -> ((short[]) values)[i];
            case UINT16 -> Short.toUnsignedInt(((short[]) values)[i]);
            case INT32 -> ((int[]) values)[i];
            case UINT32 -> Integer.toUnsignedLong(((int[]) values)[i]);
            case INT64 -> ((long[]) values)[i];
            case UINT64 -> unsigned(((long[]) values)[i]);
            case DOUBLE -> ((double[]) values)[i];
            case FLOAT -> ((float[]) values)[i];
            case NONE -> throw new IndexOutOfBoundsException("no values");
        };
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
    }

    public static ArrayData decode(ByteBuffer message) {
        FlatTable t = FlatTable.root(message, ID);
        String name = t.requiredString(0, "name");
        ValueType type = ValueType.of(Byte.toUnsignedInt(t.getByte(5, (byte) 0)));
        FlatTable v = t.table(6);
        if (type == ValueType.NONE || v == null) {
            throw t.error("required field values is missing or of an unknown type");
        }
        Object values = switch (type) {
            case INT8, UINT8 -> v.bytes(0);
            case INT16, UINT16 -> v.shorts(0);
            case INT32, UINT32 -> v.ints(0);
            case INT64, UINT64 -> v.longs(0);
            case DOUBLE -> v.doubles(0);
            case FLOAT -> v.floats(0);
            case NONE -> null;
        };
        if (values == null) {
            throw t.error("the values table has no array");
        }
        int loc = t.getByte(4, (byte) 0);
        ArrayData a = new ArrayData(name, t.getInt(1, 0), t.getLong(2, 0), t.getDouble(3, 0), Location.values()[loc >= 0 && loc < 4 ? loc : 0],
                type, values, t.longs(7), t.getLong(8, 0));
        if (a.timestamps != null && a.timestamps.length != a.length()) {
            throw t.error(a.length() + " values but " + a.timestamps.length + " timestamps");
        }
        return a;
    }

    public byte[] encode() {
        Writer w = new Writer(256 + length() * (valueType.size() + (timestamps == null ? 0 : 8)));
        int n = length();
        return w.write(name, channel, packetTimestampNs, timeDeltaNs, location, messageCounter, timestamps, 0,
                timestamps == null ? -1 : n, valueType, values, 0, n);
    }

    /** Encodes se00 messages from arrays without copying them first. */
    public static final class Writer {
        private final FlatWriter w;

        public Writer(int initialBytes) {
            this.w = new FlatWriter(initialBytes);
        }

        /**
         * Values {@code from .. from + n} of {@code values} (a primitive array of {@code type}), and
         * timestamps {@code tsFrom .. tsFrom + tsCount} ({@code tsCount} &lt; 0: none).
         */
        public byte[] write(CharSequence name, int channel, long packetTimestampNs, double timeDeltaNs, Location location,
                            long messageCounter, long[] timestamps, int tsFrom, int tsCount, ValueType type, Object values,
                            int from, int n) {
            w.begin();
            int nameOffset = w.string(name);
            int array = switch (type) {
                case INT8, UINT8 -> w.bytes((byte[]) values, from, n);
                case INT16, UINT16 -> w.shorts((short[]) values, from, n);
                case INT32, UINT32 -> w.ints((int[]) values, from, n);
                case INT64, UINT64 -> w.longs((long[]) values, from, n);
                case DOUBLE -> w.doubles((double[]) values, from, n);
                case FLOAT -> w.floats((float[]) values, from, n);
                case NONE -> throw new IllegalArgumentException("an se00 message needs values");
            };
            int ts = tsCount < 0 ? 0 : w.longs(timestamps, tsFrom, tsCount);
            w.b.startTable(1);
            w.b.addOffset(0, array, 0);
            int valueTable = w.b.endTable();
            w.b.startTable(9);
            w.b.addLong(2, packetTimestampNs, 0);
            w.b.addDouble(3, timeDeltaNs, 0);
            w.b.addLong(8, messageCounter, 0);
            w.b.addOffset(0, nameOffset, 0);
            w.b.addInt(1, channel, 0);
            w.b.addOffset(6, valueTable, 0);
            if (ts != 0) {
                w.b.addOffset(7, ts, 0);
            }
            w.b.addByte(4, (byte) location.ordinal(), 0);
            w.b.addByte(5, (byte) type.code(), 0);
            return w.finish(w.b.endTable(), ID);
        }
    }
}
