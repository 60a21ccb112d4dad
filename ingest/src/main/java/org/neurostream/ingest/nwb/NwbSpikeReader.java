package org.neurostream.ingest.nwb;

import java.nio.ByteBuffer;

/**
 * The spikes of a units table in time order, all units merged; spikes at the same time come in
 * order of unit id. Each unit's spike times (its slice of {@code spike_times}) are read a block of
 * {@value #BLOCK} at a time and must not decrease; the units are merged with a binary heap, so that
 * memory is one block per unit whatever the recording's length.
 *
 * <p>Allocates nothing per spike. Not thread-safe.
 */
public final class NwbSpikeReader {
    static final int BLOCK = 1024;

    private final NwbSource source;
    private final String path;
    private final DatasetRows data;
    private final long[] unitIds;
    private final long[] next;
    private final long[] end;
    private final double[][] block;
    private final long[] blockFirst;
    private final int[] blockLength;
    private final double[] last;
    private final int[] heap;
    private int heapSize;
    private long delivered;

    NwbSpikeReader(
            final NwbSource source,
            final String path,
            final DatasetRows data,
            final long[] unitIds,
            final long[] ends)
            throws NwbFormatException {
        this.source = source;
        this.path = path;
        this.data = data;
        this.unitIds = unitIds.clone();
        final int units = unitIds.length;
        this.next = new long[units];
        this.end = ends.clone();
        this.block = new double[units][];
        this.blockFirst = new long[units];
        this.blockLength = new int[units];
        this.last = new double[units];
        this.heap = new int[units];
        for (int u = 0; u < units; u++) {
            next[u] = u == 0 ? 0 : ends[u - 1];
            last[u] = Double.NEGATIVE_INFINITY;
            if (next[u] < end[u]) {
                block[u] = new double[(int) Math.min(BLOCK, end[u] - next[u])];
                fill(u);
                check(u);
                heap[heapSize] = u;
                siftUp(heapSize++);
            }
        }
    }

    /** Spikes delivered so far. */
    public long delivered() {
        return delivered;
    }

    /**
     * Reads the next spikes in time order.
     *
     * @param times spike times in seconds
     * @param units the unit id of each spike
     * @return spikes read, at most the arrays' length, 0 at the end
     * @throws NwbFormatException when a unit's spike times decrease or are not numbers
     * @throws NwbTruncatedException when spike times lie past the end of a truncated file
     */
    public int read(final double[] times, final long[] units) throws NwbFormatException {
        return read(times, units, null);
    }

    /**
     * Reads the next spikes in time order, each with its unit's index: its 0-based position in the
     * units table (the address of a SPIKES stream).
     *
     * @param times spike times in seconds
     * @param units the unit index of each spike
     * @return spikes read, at most the arrays' length, 0 at the end
     * @throws NwbFormatException when a unit's spike times decrease or are not numbers
     * @throws NwbTruncatedException when spike times lie past the end of a truncated file
     */
    public int readIndices(final double[] times, final int[] units) throws NwbFormatException {
        return read(times, null, units);
    }

    private int read(final double[] times, final long[] ids, final int[] indices)
            throws NwbFormatException {
        final int max = Math.min(times.length, ids != null ? ids.length : indices.length);
        int k = 0;
        while (k < max && heapSize > 0) {
            final int u = heap[0];
            times[k] = current(u);
            if (ids != null) {
                ids[k] = unitIds[u];
            } else {
                indices[k] = u;
            }
            k++;
            if (++next[u] == end[u]) {
                heap[0] = heap[--heapSize];
            } else {
                if (next[u] == blockFirst[u] + blockLength[u]) {
                    fill(u);
                }
                check(u);
            }
            if (heapSize > 0) {
                siftDown(0);
            }
        }
        delivered += k;
        return k;
    }

    private double current(final int u) {
        return block[u][(int) (next[u] - blockFirst[u])];
    }

    /** The current spike of unit u must be a number, not before the unit's previous spike. */
    private void check(final int u) throws NwbFormatException {
        final double t = current(u);
        if (!(t >= last[u])) {
            throw source.error(
                    path,
                    "element "
                            + next[u]
                            + " (unit "
                            + unitIds[u]
                            + "): spike time "
                            + t
                            + (Double.isNaN(t)
                                    ? " is not a number"
                                    : " is before the unit's previous spike " + last[u]));
        }
        last[u] = t;
    }

    private void fill(final int u) throws NwbFormatException {
        final double[] dst = block[u];
        final int n = (int) Math.min(dst.length, end[u] - next[u]);
        int done = 0;
        while (done < n) {
            final int m = data.load(next[u] + done, n - done);
            final ByteBuffer b = data.buffer();
            for (int i = 0, p = data.offset(); i < m; i++, p += data.type.size) {
                dst[done + i] = data.type.get(b, p);
            }
            done += m;
        }
        blockFirst[u] = next[u];
        blockLength[u] = n;
    }

    private boolean before(final int a, final int b) {
        final double ta = current(a);
        final double tb = current(b);
        return ta < tb || (ta == tb && unitIds[a] < unitIds[b]);
    }

    private void siftUp(int i) {
        final int u = heap[i];
        while (i > 0) {
            final int parent = (i - 1) >>> 1;
            if (!before(u, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = u;
    }

    private void siftDown(int i) {
        final int u = heap[i];
        while (true) {
            final int left = 2 * i + 1;
            if (left >= heapSize) {
                break;
            }
            final int right = left + 1;
            final int child = right < heapSize && before(heap[right], heap[left]) ? right : left;
            if (!before(heap[child], u)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = u;
    }
}
