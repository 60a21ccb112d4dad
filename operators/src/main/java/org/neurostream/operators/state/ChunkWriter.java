package org.neurostream.operators.state;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes many small values, or runs of values that must be narrowed on the way (float64 held,
 * float32 written; int held, uint16 written), to a {@link DataOutput} through one chunk buffer, so
 * that a state form costs one stream call per chunk instead of one per value. A run is converted
 * into a typed scratch array first, in a plain loop the JIT vectorizes, and then copied into the
 * chunk in bulk. The bytes are exactly those that the same values written one by one in the same
 * byte order give: a state form that switches to this writer keeps its layout.
 *
 * <p>Use: one writer per {@code writeState} call, {@link #flush()} at the end (and before anything
 * is written to the stream directly). Not thread-safe.
 */
public final class ChunkWriter {
    /** Bytes per write to the stream. */
    public static final int CHUNK = 64 * 1024;

    private final DataOutput out;
    private final byte[] bytes = new byte[CHUNK];
    private final ByteBuffer buffer;
    private float[] floats;
    private short[] shorts;

    /**
     * @param out where the chunks go
     * @param order the byte order of the values: {@link ByteOrder#BIG_ENDIAN} for what {@link
     *     DataOutput} writes value by value, {@link ByteOrder#LITTLE_ENDIAN} for {@link StateIo}'s
     *     arrays
     */
    public ChunkWriter(final DataOutput out, final ByteOrder order) {
        this.out = out;
        this.buffer = ByteBuffer.wrap(bytes).order(order);
    }

    /** Writes one float64. */
    public void putDouble(final double v) throws IOException {
        room(Double.BYTES);
        buffer.putDouble(v);
    }

    /** Writes one int64. */
    public void putLong(final long v) throws IOException {
        room(Long.BYTES);
        buffer.putLong(v);
    }

    /** Writes one int32. */
    public void putInt(final int v) throws IOException {
        room(Integer.BYTES);
        buffer.putInt(v);
    }

    /** Writes one boolean as one byte, 1 or 0, as {@link DataOutput#writeBoolean} does. */
    public void putBoolean(final boolean v) throws IOException {
        room(1);
        buffer.put((byte) (v ? 1 : 0));
    }

    /** Writes {@code a[from .. from + n)} as float32, each value narrowed by a cast. */
    public void putFloats(final double[] a, final int from, final int n) throws IOException {
        if (floats == null) {
            floats = new float[CHUNK / Float.BYTES];
        }
        final float[] f = floats;
        run(
                from,
                n,
                Float.BYTES,
                (b, i, k) -> {
                    for (int j = 0; j < k; j++) {
                        f[j] = (float) a[i + j];
                    }
                    b.asFloatBuffer().put(f, 0, k);
                });
    }

    /** Writes {@code a[from .. from + n)} as float32, copied in bulk. */
    public void putFloats(final float[] a, final int from, final int n) throws IOException {
        run(from, n, Float.BYTES, (b, i, k) -> b.asFloatBuffer().put(a, i, k));
    }

    /** Writes {@code a[from .. from + n)} as float64. */
    public void putDoubles(final double[] a, final int from, final int n) throws IOException {
        run(from, n, Double.BYTES, (b, i, k) -> b.asDoubleBuffer().put(a, i, k));
    }

    /** Writes {@code a[from .. from + n)} as 16-bit values: the low 16 bits of each. */
    public void putShorts(final int[] a, final int from, final int n) throws IOException {
        if (shorts == null) {
            shorts = new short[CHUNK / Short.BYTES];
        }
        final short[] s = shorts;
        run(
                from,
                n,
                Short.BYTES,
                (b, i, k) -> {
                    for (int j = 0; j < k; j++) {
                        s[j] = (short) a[i + j];
                    }
                    b.asShortBuffer().put(s, 0, k);
                });
    }

    /** Writes {@code a[from .. from + n)} as int32. */
    public void putInts(final int[] a, final int from, final int n) throws IOException {
        run(from, n, Integer.BYTES, (b, i, k) -> b.asIntBuffer().put(a, i, k));
    }

    /** Puts {@code count} values, starting at array index {@code at}, at the buffer's position. */
    @FunctionalInterface
    private interface Piece {
        void put(ByteBuffer buffer, int at, int count);
    }

    /** Puts a run of {@code n} values of {@code width} bytes, a chunk's room at a time. */
    private void run(final int from, final int n, final int width, final Piece piece)
            throws IOException {
        int i = from;
        int left = n;
        while (left > 0) {
            room(width);
            final int k = Math.min(left, buffer.remaining() / width);
            piece.put(buffer, i, k);
            buffer.position(buffer.position() + k * width);
            i += k;
            left -= k;
        }
    }

    /** Writes what the chunk holds to the stream. */
    public void flush() throws IOException {
        if (buffer.position() > 0) {
            out.write(bytes, 0, buffer.position());
            buffer.clear();
        }
    }

    private void room(final int width) throws IOException {
        if (buffer.remaining() < width) {
            flush();
        }
    }
}
