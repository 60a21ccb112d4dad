package org.neurostream.operators.compute;

import org.neurostream.operators.motif.MotifDetectionSink;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.MotifStreamState;

/**
 * The motif detector's hot path over batches of binned events: the delay-kernel accumulation of
 * {@link org.neurostream.operators.motif.MotifDetector}, its threshold and non-maximum suppression,
 * with its stream semantics. Batches continue one stream: a bin is decided once every event that
 * can reach it has been seen (when a later bin's event arrives, or at {@link #finish}); events
 * whose address is outside 0..N-1 or whose bin is earlier than an accepted event's are counted and
 * ignored. Every implementation sends the sink exactly the CPU detector's detections, in order of
 * bin then motif, with potentials within 1e-4 of the CPU detector's.
 *
 * <p>A backend made with {@link BackendOptions#holdWindows()} may keep the last window of a call on
 * the device when the call returns: the detections of its bins then come with the next call, still
 * in order; {@link #finish} sends all of them.
 *
 * <p>Many streams, one at a time: a caller that keeps each stream's place itself (Flink keyed
 * state) gives it with {@link #loadState} before the stream's batches and takes it back with {@link
 * #saveState} after them; one backend (one compiled kernel, one device) then serves every stream.
 * Without {@code loadState} the backend detects one stream of its own.
 *
 * <p>One instance belongs to one thread. {@link #close()} releases device resources.
 */
public interface MotifBackend extends ComputeBackend {

    /** The kernel every batch is detected with. */
    MotifKernel kernel();

    /**
     * The next {@code count} events of the stream: event i has address {@code addresses[i]} and bin
     * {@code bins[i]} (bins non-decreasing). Sends the detections of every bin this batch closes.
     *
     * @throws IndexOutOfBoundsException when an array is shorter than count
     */
    void process(int[] addresses, long[] bins, int count, MotifDetectionSink sink);

    /**
     * Ends the stream: decides the last event's bin and the D - 1 bins after it, then readies the
     * backend for a new stream (counters keep counting).
     */
    void finish(MotifDetectionSink sink);

    /**
     * A fresh stream's place in the form this backend goes on with: the ring form of {@link
     * MotifStreamState} on the CPU path, the tail form (the events still reaching undecided bins)
     * on OpenCL.
     */
    MotifStreamState newState();

    /**
     * Goes on with the stream whose place {@code state} holds from the next {@link #process} or
     * {@link #finish} on; the counters keep counting across streams. The backend may work on the
     * state in place (the CPU path, which turns a tail into its ring) until the caller takes it
     * back with {@link #saveState}. A state in ring form (the CPU detector's) goes on on the CPU
     * path, whatever the backend.
     *
     * @throws IllegalArgumentException when the state's M, D or suppression window differ from the
     *     backend's
     * @throws IllegalStateException when the stream before still has work in flight ({@link
     *     #saveState} completes it)
     */
    void loadState(MotifStreamState state);

    /**
     * Leaves the place of the stream last loaded in {@code state} (the state given to {@link
     * #loadState}): first completes the stream's work in flight (the OpenCL path's windows held on
     * the device), sending its detections to {@code sink}, so that the saved place is the one after
     * every bin decided so far and any path that goes on with it detects what the CPU detector
     * would, one for one.
     *
     * @throws IllegalArgumentException when the state's M, D or suppression window differ from the
     *     backend's, or, on the CPU path, it is not the state last loaded
     */
    void saveState(MotifStreamState state, MotifDetectionSink sink);

    /** The events that entered the accumulation. */
    long eventsAccepted();

    /** The events ignored because their address was outside 0..N-1. */
    long eventsOutOfRange();

    /** The events dropped because their bin was earlier than an accepted event's. */
    long eventsOutOfOrder();

    /** The bins decided so far (bins that no event reaches included). */
    long binsEvaluated();

    /** The detections sent so far. */
    long detections();
}
