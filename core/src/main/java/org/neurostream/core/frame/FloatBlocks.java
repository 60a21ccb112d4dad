package org.neurostream.core.frame;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

/**
 * Whole blocks of float32 samples between a frame buffer and a float array in one memory copy,
 * where the machine's byte order is the frame's (little-endian: x86, ARM): a 384-channel frame then
 * costs a memcpy instead of one bounds-checked put per value. Callers fall back to per-value access
 * on a big-endian machine.
 */
final class FloatBlocks {
    /** True when the native byte order is the frame's, so that blocks copy as they are. */
    static final boolean NATIVE_IS_FRAME_ORDER = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private static final long FLOAT_ARRAY_BASE = UnsafeApi.arrayBaseOffset(float[].class);

    private FloatBlocks() {}

    /** Writes {@code src[from, from + count)} at byte {@code index} of {@code dst}. */
    static void put(
            final MutableDirectBuffer dst,
            final int index,
            final float[] src,
            final int from,
            final int count) {
        dst.boundsCheck(index, count * Float.BYTES);
        if (from < 0 || from + count > src.length) {
            throw new IndexOutOfBoundsException(
                    "samples [" + from + ", " + (from + count) + ") of " + src.length);
        }
        UnsafeApi.copyMemory(
                src,
                FLOAT_ARRAY_BASE + (long) from * Float.BYTES,
                dst.byteArray(),
                dst.addressOffset() + index,
                (long) count * Float.BYTES);
    }

    /** Reads {@code count} floats at byte {@code index} of {@code src} into {@code dst[to...]}. */
    static void get(
            final DirectBuffer src,
            final int index,
            final float[] dst,
            final int to,
            final int count) {
        src.boundsCheck(index, count * Float.BYTES);
        if (to < 0 || to + count > dst.length) {
            throw new IndexOutOfBoundsException(
                    "samples [" + to + ", " + (to + count) + ") of " + dst.length);
        }
        UnsafeApi.copyMemory(
                src.byteArray(),
                src.addressOffset() + index,
                dst,
                FLOAT_ARRAY_BASE + (long) to * Float.BYTES,
                (long) count * Float.BYTES);
    }
}
