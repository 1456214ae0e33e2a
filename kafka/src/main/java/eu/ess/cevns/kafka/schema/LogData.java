package eu.ess.cevns.kafka.schema;

import java.nio.ByteBuffer;

/**
 * An {@code f144} log message (table f144_LogData): one value of a source (an EPICS PV in ESS's
 * forwarder) at a time. Here: the proton charge (Double, µC) and beam state (Byte) of each pulse,
 * the live settings and the DAQ's counters. Scalars of every type decode; arrays are not used here
 * and are refused with a clear error.
 *
 * <pre>
 * id field          type
 *  0 source_name    string (required)
 *  1 timestamp      long   ns since the Unix epoch
 *  2 value_type     ubyte  union Value: Byte=1 UByte Short UShort Int UInt Long ULong Float Double=10, arrays 11..20
 *  3 value          Value (required): a table whose field 0 is the value
 * </pre>
 *
 * @param value the value as a double (Long values beyond 2^53 lose precision: see {@link #longValue})
 */
public record LogData(String sourceName, long timestampNs, Type type, double value, long longValue) {
    public static final String ID = "f144";

    /** The scalar members of union Value, in the schema's order (code = ordinal + 1). */
    public enum Type {
        BYTE, UBYTE, SHORT, USHORT, INT, UINT, LONG, ULONG, FLOAT, DOUBLE;

        public int code() {
            return ordinal() + 1;
        }
    }

    public static LogData ofDouble(String source, long timestampNs, double v) {
        return new LogData(source, timestampNs, Type.DOUBLE, v, (long) v);
    }

    public static LogData ofLong(String source, long timestampNs, long v) {
        return new LogData(source, timestampNs, Type.LONG, v, v);
    }

    public static LogData ofByte(String source, long timestampNs, byte v) {
        return new LogData(source, timestampNs, Type.BYTE, v, v);
    }

    public static LogData decode(ByteBuffer message) {
        FlatTable t = FlatTable.root(message, ID);
        String source = t.requiredString(0, "source_name");
        int code = Byte.toUnsignedInt(t.getByte(2, (byte) 0));
        FlatTable v = t.table(3);
        if (code == 0 || v == null) {
            throw t.error("required field value is missing");
        }
        if (code > Type.values().length) {
            throw t.error("array values (union type " + code + ") are not read by this software");
        }
        Type type = Type.values()[code - 1];
        long asLong = switch (type) {
            case BYTE -> v.getByte(0, (byte) 0);
            case UBYTE -> Byte.toUnsignedInt(v.getByte(0, (byte) 0));
            case SHORT -> v.getShort(0, (short) 0);
            case USHORT -> Short.toUnsignedInt(v.getShort(0, (short) 0));
            case INT -> v.getInt(0, 0);
            case UINT -> Integer.toUnsignedLong(v.getInt(0, 0));
            case LONG, ULONG -> v.getLong(0, 0);
            case FLOAT, DOUBLE -> 0;
        };
        double asDouble = switch (type) {
            case FLOAT -> v.getFloat(0, 0f);
            case DOUBLE -> v.getDouble(0, 0);
            case ULONG -> asLong >= 0 ? asLong : (double) (asLong >>> 1) * 2 + (asLong & 1);
            default -> asLong;
        };
        if (type == Type.FLOAT || type == Type.DOUBLE) {
            asLong = (long) asDouble;
        }
        return new LogData(source, t.getLong(1, 0), type, asDouble, asLong);
    }

    public byte[] encode() {
        return new Writer().write(sourceName, timestampNs, type, value, longValue);
    }

    /** Encodes f144 messages with a reused builder. */
    public static final class Writer {
        private final FlatWriter w = new FlatWriter(128);

        /** {@code value} for Float/Double, {@code longValue} for the integer types. */
        public byte[] write(CharSequence source, long timestampNs, Type type, double value, long longValue) {
            w.begin();
            int src = w.string(source);
            w.b.startTable(1);
            switch (type) {
                case BYTE, UBYTE -> w.b.addByte(0, (byte) longValue, 0);
                case SHORT, USHORT -> w.b.addShort(0, (short) longValue, 0);
                case INT, UINT -> w.b.addInt(0, (int) longValue, 0);
                case LONG, ULONG -> w.b.addLong(0, longValue, 0);
                case FLOAT -> w.b.addFloat(0, (float) value, 0);
                case DOUBLE -> w.b.addDouble(0, value, 0);
            }
            int v = w.b.endTable();
            w.b.startTable(4);
            w.b.addLong(1, timestampNs, 0);
            w.b.addOffset(0, src, 0);
            w.b.addOffset(3, v, 0);
            w.b.addByte(2, (byte) type.code(), 0);
            return w.finish(w.b.endTable(), ID);
        }

        public byte[] writeDouble(CharSequence source, long timestampNs, double value) {
            return write(source, timestampNs, Type.DOUBLE, value, 0);
        }

        public byte[] writeLong(CharSequence source, long timestampNs, long value) {
            return write(source, timestampNs, Type.LONG, 0, value);
        }

        public byte[] writeByte(CharSequence source, long timestampNs, int value) {
            return write(source, timestampNs, Type.BYTE, 0, value);
        }
    }
}
