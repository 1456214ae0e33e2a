package eu.ess.cevns.kafka.schema;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One FlatBuffers table of a received message, read with every offset checked against the
 * message: a field is found through the table's vtable (slot {@code 4 + 2·id}), a missing field
 * reads as its schema default, and an offset, string or vector that would leave the message is a
 * {@link SchemaException}. Vectors are copied out in bulk. Messages are little-endian, as
 * FlatBuffers are on the wire.
 */
public final class FlatTable {
    private final ByteBuffer bb;
    private final int pos;
    private final int vtable;
    private final int vtableLength;
    private final int tableLength;
    private final String schema;

    private FlatTable(ByteBuffer bb, int pos, String schema) {
        this.bb = bb;
        this.pos = pos;
        this.schema = schema;
        check(pos >= 0 && pos + 4 <= bb.limit(), "table at " + pos);
        long vt = (long) pos - bb.getInt(pos);
        check(vt >= 0 && vt + 4 <= bb.limit(), "vtable of the table at " + pos);
        this.vtable = (int) vt;
        this.vtableLength = Short.toUnsignedInt(bb.getShort(vtable));
        this.tableLength = Short.toUnsignedInt(bb.getShort(vtable + 2));
        check(vtableLength >= 4 && vtable + vtableLength <= bb.limit(), "vtable length " + vtableLength);
        check(tableLength >= 4 && pos + tableLength <= bb.limit(), "table length " + tableLength);
    }

    /**
     * The root table of a message whose file identifier (bytes 4..7) must be {@code identifier}.
     * The buffer's position marks the message's first byte; its limit, the end.
     */
    public static FlatTable root(ByteBuffer message, String identifier) {
        ByteBuffer bb = message.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (bb.limit() < 12) {
            throw new SchemaException(identifier + ": " + bb.limit() + " bytes are too few for a FlatBuffers message");
        }
        String id = identifier(bb);
        if (!id.equals(identifier)) {
            throw new SchemaException("expected a " + identifier + " message, got file identifier '" + id + "'");
        }
        return new FlatTable(bb, bb.getInt(0), identifier);
    }

    /** The 4-character file identifier at bytes 4..7, or "" if the message is shorter. */
    public static String identifier(ByteBuffer message) {
        int p = message.position();
        if (message.limit() - p < 8) {
            return "";
        }
        byte[] id = new byte[4];
        for (int i = 0; i < 4; i++) {
            id[i] = message.get(p + 4 + i);
        }
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    /** The identifier of a message held in {@code bytes}. */
    public static String identifier(byte[] bytes) {
        return identifier(ByteBuffer.wrap(bytes));
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            throw new SchemaException(schema + ": malformed message (" + what + " outside the message of " + bb.limit() + " bytes)");
        }
    }

    /** Absolute position of field {@code id} holding {@code size} bytes, or -1 if absent. */
    private int field(int id, int size) {
        int slot = 4 + 2 * id;
        if (slot + 2 > vtableLength) {
            return -1;
        }
        int off = Short.toUnsignedInt(bb.getShort(vtable + slot));
        if (off == 0) {
            return -1;
        }
        check(off + size <= tableLength, "field " + id);
        return pos + off;
    }

    public boolean has(int id) {
        return field(id, 1) >= 0;
    }

    public long getLong(int id, long dflt) {
        int p = field(id, 8);
        return p < 0 ? dflt : bb.getLong(p);
    }

    public int getInt(int id, int dflt) {
        int p = field(id, 4);
        return p < 0 ? dflt : bb.getInt(p);
    }

    public short getShort(int id, short dflt) {
        int p = field(id, 2);
        return p < 0 ? dflt : bb.getShort(p);
    }

    public byte getByte(int id, byte dflt) {
        int p = field(id, 1);
        return p < 0 ? dflt : bb.get(p);
    }

    public double getDouble(int id, double dflt) {
        int p = field(id, 8);
        return p < 0 ? dflt : bb.getDouble(p);
    }

    public float getFloat(int id, float dflt) {
        int p = field(id, 4);
        return p < 0 ? dflt : bb.getFloat(p);
    }

    public boolean getBoolean(int id, boolean dflt) {
        int p = field(id, 1);
        return p < 0 ? dflt : bb.get(p) != 0;
    }

    /** Where the offset field {@code id} points, or -1 if absent. */
    private int target(int id) {
        int p = field(id, 4);
        if (p < 0) {
            return -1;
        }
        long t = (long) p + Integer.toUnsignedLong(bb.getInt(p));
        check(t + 4 <= bb.limit(), "offset of field " + id);
        return (int) t;
    }

    /** A string field, or null if absent. */
    public String string(int id) {
        int t = target(id);
        if (t < 0) {
            return null;
        }
        long n = Integer.toUnsignedLong(bb.getInt(t));
        check(t + 4 + n <= bb.limit(), "string of field " + id);
        byte[] b = new byte[(int) n];
        bb.get(t + 4, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A required string field; SchemaException naming it if absent. */
    public String requiredString(int id, String name) {
        String s = string(id);
        if (s == null) {
            throw new SchemaException(schema + ": required field " + name + " is missing");
        }
        return s;
    }

    /** Element count of vector field {@code id} with elements of {@code elemSize} bytes; -1 if absent. */
    public int vectorLength(int id, int elemSize) {
        int t = target(id);
        if (t < 0) {
            return -1;
        }
        long n = Integer.toUnsignedLong(bb.getInt(t));
        check(t + 4 + n * elemSize <= bb.limit(), "vector of field " + id);
        return (int) n;
    }

    /** The elements of vector field {@code id} as a little-endian view; null if absent. */
    private ByteBuffer vector(int id, int elemSize) {
        int n = vectorLength(id, elemSize);
        if (n < 0) {
            return null;
        }
        int start = target(id) + 4;
        return bb.duplicate().position(start).limit(start + n * elemSize).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public long[] longs(int id) {
        ByteBuffer v = vector(id, 8);
        if (v == null) {
            return null;
        }
        long[] out = new long[v.remaining() / 8];
        v.asLongBuffer().get(out);
        return out;
    }

    public int[] ints(int id) {
        ByteBuffer v = vector(id, 4);
        if (v == null) {
            return null;
        }
        int[] out = new int[v.remaining() / 4];
        v.asIntBuffer().get(out);
        return out;
    }

    public short[] shorts(int id) {
        ByteBuffer v = vector(id, 2);
        if (v == null) {
            return null;
        }
        short[] out = new short[v.remaining() / 2];
        v.asShortBuffer().get(out);
        return out;
    }

    public byte[] bytes(int id) {
        ByteBuffer v = vector(id, 1);
        if (v == null) {
            return null;
        }
        byte[] out = new byte[v.remaining()];
        v.get(out);
        return out;
    }

    public double[] doubles(int id) {
        ByteBuffer v = vector(id, 8);
        if (v == null) {
            return null;
        }
        double[] out = new double[v.remaining() / 8];
        v.asDoubleBuffer().get(out);
        return out;
    }

    public float[] floats(int id) {
        ByteBuffer v = vector(id, 4);
        if (v == null) {
            return null;
        }
        float[] out = new float[v.remaining() / 4];
        v.asFloatBuffer().get(out);
        return out;
    }

    /** The sub-table field {@code id} points to (a union's value), or null if absent. */
    public FlatTable table(int id) {
        int t = target(id);
        return t < 0 ? null : new FlatTable(bb, t, schema);
    }

    /** {@link SchemaException} for this message's schema. */
    public SchemaException error(String what) {
        return new SchemaException(schema + ": " + what);
    }
}
