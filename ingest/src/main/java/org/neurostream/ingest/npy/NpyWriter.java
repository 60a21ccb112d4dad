package org.neurostream.ingest.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes NumPy {@code .npy} files that {@code numpy.load} reads back: format 1.0 (2.0 when the
 * header would exceed 65535 bytes), header padded so that the data start on a 64-byte boundary, as
 * {@code numpy.save} does.
 */
public final class NpyWriter {
    private NpyWriter() {}

    /** Writes a little-endian float32 array in C order. */
    public static void write(final Path file, final float[] data, final long... shape)
            throws IOException {
        final double[] values = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            values[i] = data[i];
        }
        write(file, values, shape, NpyDtype.FLOAT32, ByteOrder.LITTLE_ENDIAN, false);
    }

    /**
     * Writes an array.
     *
     * @param data the elements in logical C order (last axis fastest), whatever {@code
     *     fortranOrder}
     * @param shape the shape; its product must equal {@code data.length}
     * @param dtype the stored type: floats are rounded to float32 where asked, integers truncated
     *     toward zero and wrapped to their width (as NumPy's {@code astype}), booleans are {@code
     *     value != 0}
     * @param order byte order of the stored elements
     * @param fortranOrder store column-major (first axis fastest) instead of row-major
     * @throws IllegalArgumentException when the shape does not match the data
     */
    public static void write(
            final Path file,
            final double[] data,
            final long[] shape,
            final NpyDtype dtype,
            final ByteOrder order,
            final boolean fortranOrder)
            throws IOException {
        Objects.requireNonNull(dtype, "dtype");
        long size = 1;
        for (final long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "negative axis length in shape " + NpyHeader.shapeText(shape));
            }
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException(
                    "shape "
                            + NpyHeader.shapeText(shape)
                            + " holds "
                            + size
                            + " elements, data has "
                            + data.length);
        }
        final String descr =
                (dtype.size() == 1 ? "|" : order == ByteOrder.BIG_ENDIAN ? ">" : "<")
                        + dtype.kind()
                        + dtype.size();
        final String dict =
                "{'descr': '"
                        + descr
                        + "', 'fortran_order': "
                        + (fortranOrder ? "True" : "False")
                        + ", 'shape': "
                        + NpyHeader.shapeText(shape)
                        + ", }";
        int major = 1;
        int preamble = 10;
        int total = roundUp(preamble + dict.length() + 1, 64);
        if (total - preamble > 0xFFFF) {
            major = 2;
            preamble = 12;
            total = roundUp(preamble + dict.length() + 1, 64);
        }
        final int headerLength = total - preamble;
        final StringBuilder text = new StringBuilder(headerLength).append(dict);
        while (text.length() < headerLength - 1) {
            text.append(' ');
        }
        text.append('\n');

        final ByteBuffer buffer =
                ByteBuffer.allocate(Math.toIntExact(total + (long) data.length * dtype.size()));
        buffer.order(ByteOrder.LITTLE_ENDIAN).put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            buffer.putShort((short) headerLength);
        } else {
            buffer.putInt(headerLength);
        }
        buffer.put(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        buffer.order(order);
        final int rank = shape.length;
        final long[] index = new long[rank];
        for (int k = 0; k < data.length; k++) {
            // walk storage order; find the logical C index of each stored element
            final int c;
            if (fortranOrder && rank > 1) {
                long ci = 0;
                for (int a = 0; a < rank; a++) {
                    ci = ci * shape[a] + index[a];
                }
                c = (int) ci;
                for (int a = 0; a < rank && ++index[a] == shape[a]; a++) {
                    index[a] = 0;
                }
            } else {
                c = k;
            }
            put(buffer, dtype, data[c]);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(buffer.array());
        }
    }

    private static void put(final ByteBuffer b, final NpyDtype dtype, final double v) {
        switch (dtype) {
            case FLOAT32:
                b.putFloat((float) v);
                break;
            case FLOAT64:
                b.putDouble(v);
                break;
            case BOOL:
                b.put((byte) (v != 0 ? 1 : 0));
                break;
            case INT8:
            case UINT8:
                b.put((byte) (long) v);
                break;
            case INT16:
            case UINT16:
                b.putShort((short) (long) v);
                break;
            case INT32:
            case UINT32:
                b.putInt((int) (long) v);
                break;
            case INT64:
            case UINT64:
                b.putLong((long) v);
                break;
            default:
                throw new IllegalStateException("dtype " + dtype);
        }
    }

    private static int roundUp(final int n, final int to) {
        return (n + to - 1) / to * to;
    }
}
