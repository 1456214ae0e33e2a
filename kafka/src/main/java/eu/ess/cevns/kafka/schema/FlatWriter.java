package eu.ess.cevns.kafka.schema;

import com.google.flatbuffers.FlatBufferBuilder;

import java.nio.ByteBuffer;

/**
 * A reused FlatBuffers builder with the vector helpers the messages need: each vector is reserved
 * uninitialised and filled with one bulk copy (flatbuffers' element-by-element builders are 30–100
 * times slower for event arrays). Strings and vectors must be made before the table that holds them
 * is started, as FlatBuffers build bottom-up. Not thread-safe: one per writing thread.
 */
public final class FlatWriter {
    final FlatBufferBuilder b;

    public FlatWriter(int initialBytes) {
        this.b = new FlatBufferBuilder(initialBytes);
    }

    /** Starts a new message (the buffer is kept). */
    FlatBufferBuilder begin() {
        b.clear();
        return b;
    }

    /** Offset of {@code s} written as a string, 0 (absent) for null. */
    int string(CharSequence s) {
        return s == null ? 0 : b.createString(s);
    }

    int longs(long[] v, int from, int n) {
        ByteBuffer dst = b.createUnintializedVector(8, n, 8);
        dst.asLongBuffer().put(v, from, n);
        return b.endVector();
    }

    int ints(int[] v, int from, int n) {
        ByteBuffer dst = b.createUnintializedVector(4, n, 4);
        dst.asIntBuffer().put(v, from, n);
        return b.endVector();
    }

    int shorts(short[] v, int from, int n) {
        ByteBuffer dst = b.createUnintializedVector(2, n, 2);
        dst.asShortBuffer().put(v, from, n);
        return b.endVector();
    }

    int bytes(byte[] v, int from, int n) {
        ByteBuffer dst = b.createUnintializedVector(1, n, 1);
        dst.put(v, from, n);
        return b.endVector();
    }

    int doubles(double[] v, int from, int n) {
        ByteBuffer dst = b.createUnintializedVector(8, n, 8);
        dst.asDoubleBuffer().put(v, from, n);
        return b.endVector();
    }

    int floats(float[] v, int from, int n) {
        ByteBuffer dst = b.createUnintializedVector(4, n, 4);
        dst.asFloatBuffer().put(v, from, n);
        return b.endVector();
    }

    /** Finishes the message with its file identifier and returns its bytes. */
    byte[] finish(int root, String identifier) {
        b.finish(root, identifier);
        return b.sizedByteArray();
    }
}
