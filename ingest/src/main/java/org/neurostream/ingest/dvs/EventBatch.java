package org.neurostream.ingest.dvs;

/**
 * A reusable batch of camera events held in parallel primitive arrays: event {@code i < size()} has
 * time {@code t()[i]} (microseconds, as the file encodes it), pixel {@code x()[i]}, {@code y()[i]}
 * and polarity {@code p()[i]} (1 ON, 0 OFF).
 *
 * <p>One batch serves a whole stream: readers and decoders append into it in place and never make
 * an object per event. The arrays are exposed for loops over a batch; only the first {@link
 * #size()} entries are meaningful.
 */
public final class EventBatch {
    /**
     * Smallest capacity: room for the largest group of events one input word can carry (an EVT 3.0
     * VECT_12 word holds 12), so that every decoder can always make progress.
     */
    public static final int MIN_CAPACITY = 16;

    final long[] t;
    final short[] x;
    final short[] y;
    final byte[] p;
    int size;

    /**
     * Creates an empty batch.
     *
     * @param capacity the most events it holds, at least {@link #MIN_CAPACITY}
     */
    public EventBatch(final int capacity) {
        if (capacity < MIN_CAPACITY) {
            throw new IllegalArgumentException(
                    "capacity " + capacity + " is below the minimum " + MIN_CAPACITY);
        }
        this.t = new long[capacity];
        this.x = new short[capacity];
        this.y = new short[capacity];
        this.p = new byte[capacity];
    }

    /** The most events this batch holds. */
    public int capacity() {
        return t.length;
    }

    /** The number of events in the batch. */
    public int size() {
        return size;
    }

    /** Free slots left. */
    public int remaining() {
        return t.length - size;
    }

    /** Empties the batch; the arrays are kept. */
    public void clear() {
        size = 0;
    }

    /** Event times in microseconds, as the file encodes them. */
    public long[] t() {
        return t;
    }

    /** Pixel columns. */
    public short[] x() {
        return x;
    }

    /** Pixel rows. */
    public short[] y() {
        return y;
    }

    /** Polarities: 1 ON (brighter), 0 OFF (darker). */
    public byte[] p() {
        return p;
    }

    /**
     * Appends one event (for generators and tests; decoders write the arrays directly).
     *
     * @throws IllegalStateException when the batch is full
     */
    public void add(final long time, final int column, final int row, final int polarity) {
        if (size == t.length) {
            throw new IllegalStateException("batch full at " + size + " events");
        }
        t[size] = time;
        x[size] = (short) column;
        y[size] = (short) row;
        p[size] = (byte) polarity;
        size++;
    }
}
