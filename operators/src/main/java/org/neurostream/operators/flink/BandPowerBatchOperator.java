package org.neurostream.operators.flink;

import java.time.Duration;
import org.neurostream.core.records.BandPowerRecord;

/**
 * The job's band-power operator on a device: runs a {@link BandPowerBatchFunction} per stream (the
 * same keyed state and timers as {@link BandPowerFunction} under {@code KeyedProcessOperator}, so a
 * savepoint of either restores into the other) and flushes its batch as {@link KeyedBatchOperator}
 * does, computing every queued window of every stream and channel group of the subtask in one
 * device call per sampling rate; the longest wait is one hop of the fastest layout.
 */
public final class BandPowerBatchOperator
        extends KeyedBatchOperator<BandPowerRecord, BandPowerBatchFunction> {
    private static final long serialVersionUID = 1L;

    /** The default most channel rows of one batch. */
    public static final int DEFAULT_MAX_ROWS = 4096;

    /** Runs {@code function}, a window waiting at most {@code maxWait} (and one hop). */
    public BandPowerBatchOperator(final BandPowerBatchFunction function, final Duration maxWait) {
        super(function, maxWait);
    }
}
