package org.neurostream.operators.compute;

import java.util.Arrays;

/**
 * The stream windows an {@link OpenClMotifBackend} has queued for its next multi-stream launch, in
 * the order they were queued: each a run of bins of one stream ({@code base}, {@code bins}) with
 * the events that reach them (its tail first, then its new events) and the caller's tag, or a run
 * of bins that no event reaches (decided on the host). Grows to the largest batch, then allocates
 * nothing.
 */
final class MotifWindowQueue {
    /** Windows queued; window k's fields are at index k. */
    int windows;

    int[] tag = new int[16];
    long[] base = new long[16];
    long[] bins = new long[16];

    /** First event in {@link #address}/{@link #bin}; -1 for a run that no event reaches. */
    int[] from = new int[16];

    /** Events of the window, of which the first {@link #replay} are its stream's tail. */
    int[] events = new int[16];

    int[] replay = new int[16];

    /** Where the window starts in the launch that holds it (relative bins). */
    int[] offset = new int[16];

    /** The stream's first bin (suppression never looks before it). */
    long[] first = new long[16];

    /** Bins at the front evaluated again (closed by the window before: 2r with suppression). */
    int[] head = new int[16];

    /** Bins at the end only compared, decided by the stream's next window (r, or 0 at an end). */
    int[] hold = new int[16];

    /** Events of every window, one window's after the other's; {@link #used} of them taken. */
    int used;

    int[] address = new int[1024];
    long[] bin = new long[1024];

    /** Makes room for {@code needed} events. */
    void ensureEvents(final int needed) {
        if (needed > address.length) {
            final int size = Math.max(needed, address.length * 2);
            address = Arrays.copyOf(address, size);
            bin = Arrays.copyOf(bin, size);
        }
    }

    /** Appends a window; returns its index. */
    int add(
            final int tagOf,
            final long baseOf,
            final long binsOf,
            final int fromOf,
            final int eventsOf,
            final int replayOf) {
        if (windows == tag.length) {
            final int size = windows * 2;
            tag = Arrays.copyOf(tag, size);
            base = Arrays.copyOf(base, size);
            bins = Arrays.copyOf(bins, size);
            from = Arrays.copyOf(from, size);
            events = Arrays.copyOf(events, size);
            replay = Arrays.copyOf(replay, size);
            offset = Arrays.copyOf(offset, size);
            first = Arrays.copyOf(first, size);
            head = Arrays.copyOf(head, size);
            hold = Arrays.copyOf(hold, size);
        }
        final int k = windows++;
        tag[k] = tagOf;
        base[k] = baseOf;
        bins[k] = binsOf;
        from[k] = fromOf;
        events[k] = eventsOf;
        replay[k] = replayOf;
        first[k] = 0;
        head[k] = 0;
        hold[k] = 0;
        return k;
    }

    /** Sets the suppression bounds of the window added last: see {@link #first}, head, hold. */
    void around(final long firstOf, final int headOf, final int holdOf) {
        final int k = windows - 1;
        first[k] = firstOf;
        head[k] = headOf;
        hold[k] = holdOf;
    }

    /** Whether window k runs on the device (it has events), else on the host (V = b). */
    boolean onDevice(final int k) {
        return from[k] >= 0;
    }

    /** Empties the queue. */
    void clear() {
        windows = 0;
        used = 0;
    }
}
