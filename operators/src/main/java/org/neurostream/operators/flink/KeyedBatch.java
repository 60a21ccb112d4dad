package org.neurostream.operators.flink;

import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A keyed function whose records wait for a device call shared by the streams of its subtask: it
 * queues work per frame (its keyed state already updated) and computes and emits the waiting
 * records when {@link KeyedBatchOperator} flushes it.
 *
 * @param <O> the records it emits
 */
public interface KeyedBatch<O> {
    /** Whether records wait for the next {@link #flush}. */
    boolean pending();

    /** Whether the batch holds its most work: flush before queuing more. */
    boolean full();

    /** The longest a record may wait for the flush, in ns (one hop of its stream); 0 for none. */
    long longestWaitNs();

    /** Computes the queued work and emits every waiting record, in order, with its timestamp. */
    void flush(Output<StreamRecord<O>> output);
}
