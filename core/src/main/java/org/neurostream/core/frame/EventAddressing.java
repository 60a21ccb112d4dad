package org.neurostream.core.frame;

/**
 * Maps camera events to the addresses of a polarity x downsampled-grid layer, the input layout of
 * the motif detector (docs/features.md#event-camera-addresses): {@code a = p * Ws * Hs + (y >> s) *
 * Ws + (x >> s)} with {@code Ws = ceil(W / 2^s)} and {@code Hs = ceil(H / 2^s)}, so OFF events take
 * addresses {@code [0, Ws * Hs)} and ON events the next {@code Ws * Hs}. An event outside the
 * sensor, or with a polarity other than 0 or 1, maps to -1 ({@link #OUTSIDE}).
 */
public final class EventAddressing {
    /** The address of an event that lies outside the sensor. */
    public static final int OUTSIDE = -1;

    private final int width;
    private final int height;
    private final int shift;
    private final int gridWidth;
    private final int gridHeight;

    /**
     * Creates the mapping.
     *
     * @param width sensor width W in pixels
     * @param height sensor height H in pixels
     * @param shift downsampling s: blocks of 2^s x 2^s pixels share an address
     * @throws IllegalArgumentException when the size is not positive, the shift is outside 0..15,
     *     or the address count exceeds the int range
     */
    public EventAddressing(final int width, final int height, final int shift) {
        if (width <= 0 || height <= 0 || width > 1 << 16 || height > 1 << 16) {
            throw new IllegalArgumentException(
                    "sensor size " + width + "x" + height + " outside 1..65536");
        }
        if (shift < 0 || shift > 15) {
            throw new IllegalArgumentException("shift " + shift + " outside 0..15");
        }
        this.width = width;
        this.height = height;
        this.shift = shift;
        this.gridWidth = (width + (1 << shift) - 1) >> shift;
        this.gridHeight = (height + (1 << shift) - 1) >> shift;
        if (2L * gridWidth * gridHeight > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "sensor "
                            + width
                            + "x"
                            + height
                            + " at shift "
                            + shift
                            + " has more addresses than an int holds");
        }
    }

    /** The address of one event, or {@link #OUTSIDE}. */
    public int address(final int x, final int y, final int p) {
        if (x < 0 || x >= width || y < 0 || y >= height || (p & ~1) != 0) {
            return OUTSIDE;
        }
        return (p * gridHeight + (y >> shift)) * gridWidth + (x >> shift);
    }

    /**
     * Writes the address of events {@code [0, count)} given as columns (an event batch's {@code x},
     * {@code y}, {@code p}) to {@code addresses[0, count)}.
     *
     * @return the number of events outside the sensor (written as {@link #OUTSIDE})
     */
    public int map(
            final short[] xs,
            final short[] ys,
            final byte[] ps,
            final int count,
            final int[] addresses) {
        int outside = 0;
        for (int i = 0; i < count; i++) {
            final int a = address(xs[i], ys[i], ps[i]);
            addresses[i] = a;
            outside += a >>> 31;
        }
        return outside;
    }

    /** The number of addresses, {@code 2 * Ws * Hs}. */
    public int addressCount() {
        return 2 * gridWidth * gridHeight;
    }

    /** Ws, the width of the downsampled grid. */
    public int gridWidth() {
        return gridWidth;
    }

    /** Hs, the height of the downsampled grid. */
    public int gridHeight() {
        return gridHeight;
    }

    /** The downsampling shift s. */
    public int shift() {
        return shift;
    }

    /** Sensor width W. */
    public int width() {
        return width;
    }

    /** Sensor height H. */
    public int height() {
        return height;
    }
}
