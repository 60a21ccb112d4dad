package org.neurostream.operators.motif;

import java.util.Arrays;

/**
 * A list of binned events in time order, as two parallel primitive arrays: for input spikes the id
 * is the address a, for motif occurrences (labels) it is the motif m.
 *
 * <p>Bins never decrease along the list; within a bin ids may come in any order. The arrays are
 * held, not copied: callers must not change them afterwards.
 */
public final class BinnedEvents {
    private final int[] ids;
    private final long[] bins;

    /**
     * Wraps the arrays.
     *
     * @param ids the address or motif of each event
     * @param bins the bin of each event, non-decreasing
     * @throws IllegalArgumentException when the lengths differ or a bin is smaller than the one
     *     before it
     */
    public BinnedEvents(int[] ids, long[] bins) {
        if (ids.length != bins.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + bins.length + " bins");
        }
        for (int i = 1; i < bins.length; i++) {
            if (bins[i] < bins[i - 1]) {
                throw new IllegalArgumentException(
                        "bin " + bins[i] + " at index " + i + " comes after bin " + bins[i - 1]);
            }
        }
        this.ids = ids;
        this.bins = bins;
    }

    /** Returns the number of events. */
    public int size() {
        return ids.length;
    }

    /** Returns the id (address or motif) of event i. */
    public int id(int i) {
        return ids[i];
    }

    /** Returns the bin of event i. */
    public long bin(int i) {
        return bins[i];
    }

    /** Returns the ids, not a copy. */
    public int[] ids() {
        return ids;
    }

    /** Returns the bins, not a copy. */
    public long[] bins() {
        return bins;
    }

    /**
     * Returns the index of the first event whose bin is &gt;= bin (size() when there is none).
     *
     * @param bin the bin searched for
     */
    public int firstAtOrAfter(long bin) {
        int lo = 0;
        int hi = bins.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (bins[mid] < bin) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Events added one at a time in time order, for a {@link BinnedEvents} made at the end; the
     * arrays grow by doubling, so adding allocates nothing most of the time.
     */
    public static final class Builder {
        private int[] ids = new int[1024];
        private long[] bins = new long[1024];
        private int size;

        /** Adds the event {@code id} in bin {@code bin}, at or after the last one added. */
        public void add(final int id, final long bin) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                bins = Arrays.copyOf(bins, size * 2);
            }
            ids[size] = id;
            bins[size] = bin;
            size++;
        }

        /** The number of events added. */
        public int size() {
            return size;
        }

        /** The id of event {@code i} added. */
        public int id(final int i) {
            return ids[i];
        }

        /** The bin of event {@code i} added. */
        public long bin(final int i) {
            return bins[i];
        }

        /** The events added so far, in the order added (arrays of their own). */
        public BinnedEvents build() {
            return new BinnedEvents(Arrays.copyOf(ids, size), Arrays.copyOf(bins, size));
        }
    }
}
