package org.neurostream.ingest.dvs;

/**
 * Decoder of N-MNIST / N-Caltech101 {@code .bin} records (Orchard et al. 2015), 5 bytes each:
 *
 * <pre>
 *   byte 0   x
 *   byte 1   y
 *   byte 2   bit 7 polarity, bits 6..0 time bits 22..16
 *   byte 3   time bits 15..8
 *   byte 4   time bits 7..0      (time in us)
 * </pre>
 *
 * <p>A record with y = 240 is a timestamp-overflow marker, not an event: it adds 2^13 us to its own
 * and every later time, as the dataset's reader and tonic's do.
 */
final class NmnistDecoder implements ChunkDecoder {
    /** N-MNIST sensor width (the ATIS crop of the dataset). */
    static final int WIDTH = 34;

    /** N-MNIST sensor height. */
    static final int HEIGHT = 34;

    private static final int RECORD_BYTES = 5;
    private static final int OVERFLOW_Y = 240;
    private static final long OVERFLOW_US = 1L << 13;

    private long offset;

    @Override
    public int wordBytes() {
        return RECORD_BYTES;
    }

    @Override
    public int decode(final byte[] src, final int from, final int to, final EventBatch out) {
        final long[] ts = out.t;
        final short[] xs = out.x;
        final short[] ys = out.y;
        final byte[] ps = out.p;
        final int capacity = ts.length;
        int n = out.size;
        int i = from;
        while (i + RECORD_BYTES <= to && n < capacity) {
            final int row = src[i + 1] & 0xFF;
            final int b2 = src[i + 2] & 0xFF;
            if (row == OVERFLOW_Y) {
                offset += OVERFLOW_US;
            } else {
                ts[n] =
                        offset
                                + ((b2 & 0x7F) << 16
                                        | (src[i + 3] & 0xFF) << 8
                                        | (src[i + 4] & 0xFF));
                xs[n] = (short) (src[i] & 0xFF);
                ys[n] = (short) row;
                ps[n] = (byte) (b2 >>> 7);
                n++;
            }
            i += RECORD_BYTES;
        }
        out.size = n;
        return i;
    }

    @Override
    public String error() {
        return null;
    }
}
