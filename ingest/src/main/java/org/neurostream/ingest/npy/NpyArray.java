package org.neurostream.ingest.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An n-dimensional NumPy array held in memory as the file stores it (its dtype, byte order and C or
 * Fortran order), read through logical indices so that callers never see the storage layout.
 *
 * <p>Logical indices are C order (row-major, last axis fastest) whatever the storage order: for a
 * 2-d array of shape (R, C), element (r, c) has logical index {@code r * C + c}. Values convert to
 * double exactly, except int64 and uint64 beyond 2^53 (rounded to the nearest double).
 */
public final class NpyArray {
    private final NpyHeader header;
    private final ByteBuffer data;
    private final int[] shape;
    private final NpyDtype dtype;
    private final int itemSize;

    /** Fortran-order stride of each axis, in elements. */
    private final long[] fortranStrides;

    NpyArray(final NpyHeader header, final ByteBuffer data) {
        this.header = header;
        this.data = data.order(header.byteOrder());
        final long[] dims = header.shape();
        this.shape = new int[dims.length];
        for (int a = 0; a < dims.length; a++) {
            shape[a] = Math.toIntExact(dims[a]);
        }
        this.dtype = header.dtype();
        this.itemSize = dtype.size();
        this.fortranStrides = new long[shape.length];
        long stride = 1;
        for (int a = 0; a < shape.length; a++) {
            fortranStrides[a] = stride;
            stride *= shape[a];
        }
    }

    /**
     * Reads a {@code .npy} file ({@link NpyReader#read}).
     *
     * @throws NpyFormatException when the file is not a supported {@code .npy} file
     * @throws IOException when the file cannot be read
     */
    public static NpyArray read(final Path file) throws IOException {
        return NpyReader.read(file);
    }

    /**
     * A little-endian float32 array in C order.
     *
     * @param data the elements in C order (copied)
     * @param shape the dimensions, each &gt;= 0; none for a scalar
     * @throws IllegalArgumentException when the product of the dimensions is not data.length
     */
    public static NpyArray ofFloat32(final float[] data, final int... shape) {
        final ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        return of(NpyDtype.FLOAT32, b, data.length, shape);
    }

    /**
     * A little-endian float64 array in C order.
     *
     * @param data the elements in C order (copied)
     * @param shape the dimensions, each &gt;= 0; none for a scalar
     * @throws IllegalArgumentException when the product of the dimensions is not data.length
     */
    public static NpyArray ofFloat64(final double[] data, final int... shape) {
        final ByteBuffer b = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(data);
        return of(NpyDtype.FLOAT64, b, data.length, shape);
    }

    private static NpyArray of(
            final NpyDtype dtype, final ByteBuffer data, final int length, final int[] shape) {
        final long[] dims = new long[shape.length];
        long size = 1;
        for (int a = 0; a < shape.length; a++) {
            if (shape[a] < 0) {
                throw new IllegalArgumentException(
                        "negative dimension in shape " + java.util.Arrays.toString(shape));
            }
            dims[a] = shape[a];
            size *= shape[a];
        }
        if (size != length) {
            throw new IllegalArgumentException(
                    "shape "
                            + NpyHeader.shapeText(dims)
                            + " holds "
                            + size
                            + " elements, data has "
                            + length);
        }
        final NpyHeader header =
                new NpyHeader(
                        "<" + dtype.kind() + dtype.size(),
                        dtype,
                        ByteOrder.LITTLE_ENDIAN,
                        false,
                        dims,
                        size,
                        0,
                        1);
        return new NpyArray(header, data);
    }

    /**
     * Writes the array as {@code numpy.save} would, in its dtype, byte order and memory order
     * ({@link NpyWriter}).
     */
    public void write(final Path file) throws IOException {
        final long[] dims = header.shape();
        NpyWriter.write(
                file, toDoubleArray(), dims, dtype, header.byteOrder(), header.fortranOrder());
    }

    /** The header: dtype, byte order, memory order, shape. */
    public NpyHeader header() {
        return header;
    }

    /** The element type. */
    public NpyDtype dtype() {
        return dtype;
    }

    /** Byte order of the stored elements. */
    public ByteOrder byteOrder() {
        return header.byteOrder();
    }

    /** True when the file stored the data column-major. */
    public boolean fortranOrder() {
        return header.fortranOrder();
    }

    /** The shape, a copy (empty for a scalar). */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of axes. */
    public int rank() {
        return shape.length;
    }

    /** Length of one axis. */
    public int dim(final int axis) {
        return shape[axis];
    }

    /** Number of elements. */
    public int size() {
        return (int) header.size();
    }

    /**
     * The element at a logical (C-order) index, converted to double (booleans as 0 or 1).
     *
     * @throws IndexOutOfBoundsException when the index is outside [0, size)
     */
    public double getDouble(final long index) {
        Objects.checkIndex(index, size());
        return element((int) storageIndex(index));
    }

    /**
     * The element (row, col) of a 2-d array, converted to double.
     *
     * @throws IllegalStateException when the array is not 2-d
     * @throws IndexOutOfBoundsException when row or col is out of range
     */
    public double getDouble(final long row, final long col) {
        if (shape.length != 2) {
            throw new IllegalStateException("array of shape " + header.shapeText() + " is not 2-d");
        }
        Objects.checkIndex(row, shape[0]);
        Objects.checkIndex(col, shape[1]);
        final long i = header.fortranOrder() ? col * shape[0] + row : row * shape[1] + col;
        return element((int) i);
    }

    /** All elements in logical (C) order, converted to double. */
    public double[] toDoubleArray() {
        final double[] out = new double[size()];
        if (!header.fortranOrder() || shape.length < 2) {
            for (int i = 0; i < out.length; i++) {
                out[i] = element(i);
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = element((int) storageIndex(i));
            }
        }
        return out;
    }

    /** All elements in logical (C) order, converted to float (rounded to nearest). */
    public float[] toFloatArray() {
        final float[] out = new float[size()];
        final boolean direct = !header.fortranOrder() || shape.length < 2;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) element(direct ? i : (int) storageIndex(i));
        }
        return out;
    }

    @Override
    public String toString() {
        return "NpyArray["
                + header.descr()
                + " "
                + header.shapeText()
                + (header.fortranOrder() ? " fortran" : "")
                + "]";
    }

    /** The storage position of the element at a logical C-order index. */
    private long storageIndex(final long cIndex) {
        if (!header.fortranOrder() || shape.length < 2) {
            return cIndex;
        }
        // peel C-order digits from the last axis; weigh them with Fortran strides
        long rest = cIndex;
        long fIndex = 0;
        for (int a = shape.length - 1; a >= 0; a--) {
            final long digit = rest % shape[a];
            rest /= shape[a];
            fIndex += digit * fortranStrides[a];
        }
        return fIndex;
    }

    private double element(final int i) {
        final int at = i * itemSize;
        switch (dtype) {
            case FLOAT32:
                return data.getFloat(at);
            case FLOAT64:
                return data.getDouble(at);
            case INT8:
                return data.get(at);
            case UINT8:
                return data.get(at) & 0xFF;
            case BOOL:
                return data.get(at) != 0 ? 1.0 : 0.0;
            case INT16:
                return data.getShort(at);
            case UINT16:
                return data.getShort(at) & 0xFFFF;
            case INT32:
                return data.getInt(at);
            case UINT32:
                return data.getInt(at) & 0xFFFFFFFFL;
            case INT64:
                return data.getLong(at);
            case UINT64:
                final long v = data.getLong(at);
                return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1L);
            default:
                throw new IllegalStateException("dtype " + dtype);
        }
    }
}
