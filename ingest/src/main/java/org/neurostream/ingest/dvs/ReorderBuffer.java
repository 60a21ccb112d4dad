package org.neurostream.ingest.dvs;

import java.util.Arrays;

/**
 * Pending events kept sorted by time (stable), released once the newest time seen is a bound past
 * them. An event more than the bound older than the newest time seen when it arrives is dropped and
 * counted, so the outcome does not depend on how the input is cut into batches, and released times
 * never decrease. Mostly-ordered input costs an append per event; a late event costs the distance
 * it moves. The arrays grow only when more events are pending than ever before.
 */
final class ReorderBuffer {
    private final long boundUs;
    private long[] t = new long[1024];
    private short[] x = new short[1024];
    private short[] y = new short[1024];
    private byte[] p = new byte[1024];
    private int head;
    private int tail;
    private long newest = Long.MIN_VALUE;
    private long late;

    ReorderBuffer(final long boundUs) {
        this.boundUs = boundUs;
    }

    /**
     * Takes every event of {@code in}; those later than the bound allows are dropped and counted.
     */
    void accept(final EventBatch in) {
        for (int i = 0; i < in.size; i++) {
            final long ti = in.t[i];
            if (newest != Long.MIN_VALUE && ti < newest - boundUs) {
                late++;
                continue;
            }
            if (tail == t.length) {
                makeRoom();
            }
            int at = tail;
            while (at > head && t[at - 1] > ti) {
                at--;
            }
            if (at < tail) {
                final int moved = tail - at;
                System.arraycopy(t, at, t, at + 1, moved);
                System.arraycopy(x, at, x, at + 1, moved);
                System.arraycopy(y, at, y, at + 1, moved);
                System.arraycopy(p, at, p, at + 1, moved);
            }
            t[at] = ti;
            x[at] = in.x[i];
            y[at] = in.y[i];
            p[at] = in.p[i];
            tail++;
            newest = Math.max(newest, ti);
        }
    }

    /**
     * Moves released events to {@code out} while it has room: those at least the bound older than
     * the newest time seen, or all of them when {@code all} (end of data).
     */
    void drain(final EventBatch out, final boolean all) {
        final long watermark = all ? Long.MAX_VALUE : newest - boundUs;
        final int capacity = out.t.length;
        int n = out.size;
        while (head < tail && n < capacity && t[head] <= watermark) {
            out.t[n] = t[head];
            out.x[n] = x[head];
            out.y[n] = y[head];
            out.p[n] = p[head];
            head++;
            n++;
        }
        out.size = n;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    /** Events dropped because they came later than the bound allows. */
    long late() {
        return late;
    }

    private void makeRoom() {
        if (head > 0) {
            final int live = tail - head;
            System.arraycopy(t, head, t, 0, live);
            System.arraycopy(x, head, x, 0, live);
            System.arraycopy(y, head, y, 0, live);
            System.arraycopy(p, head, p, 0, live);
            head = 0;
            tail = live;
            if (tail < t.length) {
                return;
            }
        }
        final int grown = t.length * 2;
        t = Arrays.copyOf(t, grown);
        x = Arrays.copyOf(x, grown);
        y = Arrays.copyOf(y, grown);
        p = Arrays.copyOf(p, grown);
    }
}
