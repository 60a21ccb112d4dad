package org.neurostream.monitoring.dashboard;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connected page's outbox: a bounded queue of updates between the publisher, which must never
 * wait, and the client's own writer thread, which may wait on a slow network as long as it likes.
 * When the queue is full the pending updates are dropped (and counted) and the writer is told to
 * send a full state instead, so a slow client sees fewer, coalesced updates but ends up right.
 */
public final class DashboardClient {
    /** Sentinel that wakes the writer when the server closes. */
    private static final byte[] CLOSED = new byte[0];

    private final ArrayBlockingQueue<byte[]> queue;
    private final AtomicBoolean resync = new AtomicBoolean(true);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean closed;

    /** A client whose queue holds up to {@code capacity} updates; it starts with a full state. */
    public DashboardClient(final int capacity) {
        queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Hands an update to the client without waiting. When the client is behind, its queued updates
     * and this one are dropped and it will get a full state next.
     *
     * @return false when the update was dropped
     */
    public boolean offer(final byte[] update) {
        if (closed) {
            return false;
        }
        if (queue.offer(update)) {
            return true;
        }
        final int lost = queue.size() + 1;
        queue.clear();
        dropped.addAndGet(lost);
        resync.set(true);
        // wake the writer if it waits on an empty queue
        queue.offer(update);
        return false;
    }

    /**
     * The next thing to send, for the writer thread: a full state when {@link #needsFullState()}
     * said so, else the next update, waiting up to {@code timeoutMs}; null after the timeout (time
     * for a keep-alive) or once closed.
     */
    byte[] take(final long timeoutMs) throws InterruptedException {
        final byte[] next = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
        return next == CLOSED || closed ? null : next;
    }

    /** Whether the writer must send a full state before the next update; clears the request. */
    boolean needsFullState() {
        if (resync.getAndSet(false)) {
            queue.clear();
            return true;
        }
        return false;
    }

    void sent() {
        sent.incrementAndGet();
    }

    /** Updates dropped because the client was behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Messages written to the client (updates and full states). */
    public long sentMessages() {
        return sent.get();
    }

    /** Whether the client has gone or the server closed it. */
    public boolean isClosed() {
        return closed;
    }

    /** Stops the client: its writer ends at its next wake-up. */
    void close() {
        closed = true;
        queue.clear();
        queue.offer(CLOSED);
    }
}
