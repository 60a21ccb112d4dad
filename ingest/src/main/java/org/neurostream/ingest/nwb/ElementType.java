package org.neurostream.ingest.nwb;

import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.nio.ByteBuffer;

/**
 * The numeric HDF5 element types the reader decodes: integers of 1, 2, 4 and 8 bytes, signed or
 * not, and IEEE floats of 4 and 8 bytes. The byte order is the buffer's.
 */
enum ElementType {
    INT8(1),
    UINT8(1),
    INT16(2),
    UINT16(2),
    INT32(4),
    UINT32(4),
    INT64(8),
    UINT64(8),
    FLOAT32(4),
    FLOAT64(8);

    /** Bytes per element. */
    final int size;

    ElementType(final int size) {
        this.size = size;
    }

    /** The element type of an HDF5 datatype, or null when it is not a number read here. */
    static ElementType of(final DataType type) {
        if (type instanceof FixedPoint fixed) {
            final boolean signed = fixed.isSigned();
            switch (fixed.getSize()) {
                case 1:
                    return signed ? INT8 : UINT8;
                case 2:
                    return signed ? INT16 : UINT16;
                case 4:
                    return signed ? INT32 : UINT32;
                case 8:
                    return signed ? INT64 : UINT64;
                default:
                    return null;
            }
        }
        if (type instanceof FloatingPoint) {
            switch (type.getSize()) {
                case 4:
                    return FLOAT32;
                case 8:
                    return FLOAT64;
                default:
                    return null;
            }
        }
        return null;
    }

    /**
     * The element at byte {@code index} of {@code buffer} as a double (exact for all but 64-bit
     * integers).
     */
    double get(final ByteBuffer buffer, final int index) {
        switch (this) {
            case INT8:
                return buffer.get(index);
            case UINT8:
                return buffer.get(index) & 0xFF;
            case INT16:
                return buffer.getShort(index);
            case UINT16:
                return buffer.getShort(index) & 0xFFFF;
            case INT32:
                return buffer.getInt(index);
            case UINT32:
                return buffer.getInt(index) & 0xFFFF_FFFFL;
            case INT64:
                return buffer.getLong(index);
            case UINT64:
                final long v = buffer.getLong(index);
                return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
            case FLOAT32:
                return buffer.getFloat(index);
            case FLOAT64:
                return buffer.getDouble(index);
            default:
                throw new IllegalStateException(name());
        }
    }

    /**
     * The integer element at byte {@code index}; for floats, the value when it is a whole number.
     *
     * @throws ArithmeticException when the value is not a whole number that fits a long
     */
    long getLong(final ByteBuffer buffer, final int index) {
        switch (this) {
            case INT64:
                return buffer.getLong(index);
            case UINT64:
                final long v = buffer.getLong(index);
                if (v < 0) {
                    throw new ArithmeticException("unsigned 64-bit value over 2^63 - 1");
                }
                return v;
            case FLOAT32:
            case FLOAT64:
                final double d = get(buffer, index);
                if (d != Math.rint(d) || Math.abs(d) >= 0x1p63) {
                    throw new ArithmeticException(d + " is not a whole number");
                }
                return (long) d;
            default:
                return (long) get(buffer, index);
        }
    }

    /** True for the integer types. */
    boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64;
    }
}
