package org.neurostream.operators.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bulk reads and writes of primitive arrays for the kernels' state forms, through a chunk buffer,
 * so that an array costs a few stream calls rather than one per element (the kernels' states are
 * mostly long arrays). Byte order: single values go through {@link DataOutput} (big-endian); arrays
 * written here are little-endian, the order of the frames and of the machines the job runs on, so
 * that they are copied rather than swapped element by element. Lengths are never written here: each
 * state form says where they come from.
 */
public final class StateIo {
    private static final int CHUNK = ChunkWriter.CHUNK;

    /**
     * One chunk per thread, reused: a checkpoint writes thousands of arrays a second, and a fresh
     * chunk per array would be zeroed each time. The stream calls made with it never call back
     * here.
     */
    private static final ThreadLocal<ByteBuffer> CHUNKS =
            ThreadLocal.withInitial(
                    () -> ByteBuffer.wrap(new byte[CHUNK]).order(ByteOrder.LITTLE_ENDIAN));

    private StateIo() {}

    /** Writes {@code a[from .. from + n)}. */
    public static void writeDoubles(
            final DataOutput out, final double[] a, final int from, final int n)
            throws IOException {
        write(out, from, n, Double.BYTES, (b, i, k) -> b.asDoubleBuffer().put(a, i, k));
    }

    /** Reads {@code n} values into {@code a[from .. from + n)}. */
    public static void readDoubles(
            final DataInput in, final double[] a, final int from, final int n) throws IOException {
        read(in, from, n, Double.BYTES, (b, i, k) -> b.asDoubleBuffer().get(a, i, k));
    }

    /** Writes {@code a[from .. from + n)}. */
    public static void writeFloats(
            final DataOutput out, final float[] a, final int from, final int n) throws IOException {
        write(out, from, n, Float.BYTES, (b, i, k) -> b.asFloatBuffer().put(a, i, k));
    }

    /** Reads {@code n} values into {@code a[from .. from + n)}. */
    public static void readFloats(final DataInput in, final float[] a, final int from, final int n)
            throws IOException {
        read(in, from, n, Float.BYTES, (b, i, k) -> b.asFloatBuffer().get(a, i, k));
    }

    /** Writes {@code a[from .. from + n)}. */
    public static void writeLongs(final DataOutput out, final long[] a, final int from, final int n)
            throws IOException {
        write(out, from, n, Long.BYTES, (b, i, k) -> b.asLongBuffer().put(a, i, k));
    }

    /** Reads {@code n} values into {@code a[from .. from + n)}. */
    public static void readLongs(final DataInput in, final long[] a, final int from, final int n)
            throws IOException {
        read(in, from, n, Long.BYTES, (b, i, k) -> b.asLongBuffer().get(a, i, k));
    }

    /** Writes {@code a[from .. from + n)}. */
    public static void writeInts(final DataOutput out, final int[] a, final int from, final int n)
            throws IOException {
        write(out, from, n, Integer.BYTES, (b, i, k) -> b.asIntBuffer().put(a, i, k));
    }

    /** Reads {@code n} values into {@code a[from .. from + n)}. */
    public static void readInts(final DataInput in, final int[] a, final int from, final int n)
            throws IOException {
        read(in, from, n, Integer.BYTES, (b, i, k) -> b.asIntBuffer().get(a, i, k));
    }

    /** Writes {@code a[from .. from + n)}. */
    public static void writeShorts(
            final DataOutput out, final short[] a, final int from, final int n) throws IOException {
        write(out, from, n, Short.BYTES, (b, i, k) -> b.asShortBuffer().put(a, i, k));
    }

    /** Reads {@code n} values into {@code a[from .. from + n)}. */
    public static void readShorts(final DataInput in, final short[] a, final int from, final int n)
            throws IOException {
        read(in, from, n, Short.BYTES, (b, i, k) -> b.asShortBuffer().get(a, i, k));
    }

    /** Moves {@code count} values starting at array index {@code at} between array and buffer. */
    @FunctionalInterface
    private interface Chunk {
        void move(ByteBuffer buffer, int at, int count);
    }

    private static void write(
            final DataOutput out, final int from, final int n, final int width, final Chunk put)
            throws IOException {
        final ByteBuffer b = CHUNKS.get();
        final byte[] chunk = b.array();
        final int end = from + n;
        for (int i = from; i < end; ) {
            final int k = Math.min(end - i, chunk.length / width);
            b.clear();
            put.move(b, i, k);
            out.write(chunk, 0, k * width);
            i += k;
        }
    }

    private static void read(
            final DataInput in, final int from, final int n, final int width, final Chunk get)
            throws IOException {
        final ByteBuffer b = CHUNKS.get();
        final byte[] chunk = b.array();
        final int end = from + n;
        for (int i = from; i < end; ) {
            final int k = Math.min(end - i, chunk.length / width);
            in.readFully(chunk, 0, k * width);
            b.clear();
            get.move(b, i, k);
            i += k;
        }
    }

    /** Writes {@code a[from .. from + n)}, one byte each. */
    public static void writeBooleans(
            final DataOutput out, final boolean[] a, final int from, final int n)
            throws IOException {
        final byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (a[from + i] ? 1 : 0);
        }
        out.write(bytes);
    }

    /** Reads {@code n} values into {@code a[from .. from + n)}. */
    public static void readBooleans(
            final DataInput in, final boolean[] a, final int from, final int n) throws IOException {
        final byte[] bytes = new byte[n];
        in.readFully(bytes);
        for (int i = 0; i < n; i++) {
            a[from + i] = bytes[i] != 0;
        }
    }

    /** Writes an array that may be null: its length (-1 for null), then its values. */
    public static void writeNullableDoubles(final DataOutput out, final double[] a)
            throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            writeDoubles(out, a, 0, a.length);
        }
    }

    /** Writes a string that may be null: a presence byte, then its modified UTF-8. */
    public static void writeNullableString(final DataOutput out, final String s)
            throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    /** Reads what {@link #writeNullableString} wrote. */
    public static String readNullableString(final DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /**
     * Reads an int written as a size and checks it against what the reader holds.
     *
     * @throws StateFormatException when it differs
     */
    public static int expect(final DataInput in, final int expected, final String what)
            throws IOException {
        final int v = in.readInt();
        if (v != expected) {
            throw new StateFormatException(
                    what + " " + v + " in the state, " + expected + " in the kernel");
        }
        return v;
    }

    /**
     * Reads a size and checks that it lies in [0, max].
     *
     * @throws StateFormatException when it does not
     */
    public static int readSize(final DataInput in, final int max, final String what)
            throws IOException {
        final int v = in.readInt();
        if (v < 0 || v > max) {
            throw new StateFormatException(what + " " + v + " outside 0.." + max);
        }
        return v;
    }
}
