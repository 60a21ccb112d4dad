package org.neurostream.operators.flink;

import java.time.Duration;
import org.neurostream.core.records.MotifRecord;

/**
 * The job's motif operator on a device: runs a {@link MotifBatchFunction} per event stream (the
 * same keyed state as {@link MotifFunction} under {@code KeyedProcessOperator}, so a savepoint of
 * either restores into the other) and flushes its batch as {@link KeyedBatchOperator} does,
 * deciding the bins that the frames of every event stream of the subtask closed in one device
 * launch; the longest wait is one bin of the model.
 */
public final class MotifBatchOperator extends KeyedBatchOperator<MotifRecord, MotifBatchFunction> {
    private static final long serialVersionUID = 1L;

    /** Runs {@code function}, a detection waiting at most {@code maxWait} (and one bin). */
    public MotifBatchOperator(final MotifBatchFunction function, final Duration maxWait) {
        super(function, maxWait);
    }
}
