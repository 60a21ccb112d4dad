package org.neurostream.ingest.bridge;

/**
 * Sends the streams of one recording in device-time order although each streams on its own thread:
 * before it sends an item (a frame, a marker) due at device time t, a stream waits until every
 * other stream of the recording has an item due later (ties by stream index) or has ended. So the
 * frames and markers of an NWB file reach a journal or Kafka in the order of their due times,
 * whatever the speed and however the threads are scheduled; a replay's watermarks then see no
 * stream of the session lag another, and the job's event-time join gives the same records on every
 * replay.
 *
 * <p>Every participant must either run (each on its own thread, as {@code journal.Recorder} and the
 * demo run file streams) or leave ({@link Participant#leave()}, which closing an unused stream
 * does): a participant that neither sends nor leaves holds the others back. Waiting is on this
 * object's monitor, woken when a participant announces its next due time or leaves.
 */
public final class DeviceTimeOrder {
    private static final long LEFT = Long.MAX_VALUE;

    /** Per participant: the due time of the item it waits to send, or {@link #LEFT}. */
    private final long[] next;

    /** Whether the participant has announced an item yet (a silent one holds the others back). */
    private final boolean[] announced;

    /** An order for {@code participants} streams, all of which must run or leave. */
    public DeviceTimeOrder(final int participants) {
        next = new long[participants];
        announced = new boolean[participants];
    }

    /** The participant of stream {@code index} (0-based, the tie-breaker among equal times). */
    public Participant participant(final int index) {
        return new Participant(index);
    }

    private synchronized void announce(final int index, final long dueNs) {
        next[index] = dueNs;
        announced[index] = true;
        notifyAll();
    }

    private synchronized void await(final int index, final long dueNs) throws InterruptedException {
        announce(index, dueNs);
        while (!mayGo(index, dueNs)) {
            wait();
        }
    }

    private boolean mayGo(final int index, final long dueNs) {
        for (int q = 0; q < next.length; q++) {
            if (q == index || next[q] == LEFT) {
                continue;
            }
            if (!announced[q] || next[q] < dueNs || (next[q] == dueNs && q < index)) {
                return false;
            }
        }
        return true;
    }

    private synchronized void leave(final int index) {
        next[index] = LEFT;
        announced[index] = true;
        notifyAll();
    }

    /** One stream's place in the order. */
    public final class Participant {
        private final int index;

        private Participant(final int index) {
            this.index = index;
        }

        /**
         * Blocks until this stream may send an item due at {@code dueNs}: every other stream waits
         * with a later item (or an equal one and a higher index) or has left.
         *
         * @throws InterruptedException when the thread is interrupted while waiting
         */
        public void awaitTurn(final long dueNs) throws InterruptedException {
            await(index, dueNs);
        }

        /**
         * Tells the others that this stream's next item is due at {@code dueNs}, without waiting: a
         * paced stream says so before it sleeps until the item is due, so that the others send what
         * falls due before it meanwhile instead of waiting for it to wake up.
         */
        public void announce(final long dueNs) {
            DeviceTimeOrder.this.announce(index, dueNs);
        }

        /** This stream sends nothing more; the others no longer wait for it. Idempotent. */
        public void leave() {
            DeviceTimeOrder.this.leave(index);
        }
    }
}
