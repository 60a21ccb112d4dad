package org.neurostream.ingest.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * An n-dimensional NumPy array held in memory as the file stores it (its dtype, byte order and C
 * or Fortran order), read through logical indices so that callers never see the storage layout.
 *
 * <p>Logical indices are C order (row-major, last axis fastest) whatever the storage order: for a
 * 2-d array of shape (R, C), element (r, c) has logical index {@code r * C + c}. Values convert to
 * double exactly, except int64 and uint64 beyond 2^53 (rounded to the nearest double).
 */
public final class NpyArray {
    private final NpyHeader header;
    private final ByteBuffer data;
    private final long[] shape;
    private final NpyDtype dtype;
    private final int itemSize;
    /** Fortran-order stride of each axis, in elements. */
    private final long[] fortranStrides;

    NpyArray(final NpyHeader header, final ByteBuffer data) {
        this.header = header;
        this.data = data.order(header.byteOrder());
        this.shape = header.shape();
        this.dtype = header.dtype();
        this.itemSize = dtype.size();
        this.fortranStrides = new long[shape.length];
        long stride = 1;
        for (int a = 0; a < shape.length; a++) {
            fortranStrides[a] = stride;
            stride *= shape[a];
        }
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

    /** The shape, a copy. */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of axes. */
    public int rank() {
        return shape.length;
    }

    /** Length of one axis. */
    public long dim(final int axis) {
        return shape[axis];
    }

    /** Number of elements. */
    public long size() {
        return header.size();
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
        final double[] out = new double[Math.toIntExact(size())];
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
        final float[] out = new float[Math.toIntExact(size())];
        final boolean direct = !header.fortranOrder() || shape.length < 2;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) element(direct ? i : (int) storageIndex(i));
        }
        return out;
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
