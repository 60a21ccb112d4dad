package org.neurostream.operators.flink;

import java.time.Duration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.neurostream.core.frame.FrameRecord;

/**
 * Runs a {@link KeyedBatch} function per stream (its keyed state and timers as under {@code
 * KeyedProcessOperator}, so a savepoint of the unbatched function restores into it and back) and
 * flushes its batch, computing the queued work of every stream of the subtask in one device call:
 *
 * <ul>
 *   <li>after a wait bounded by the function's longest wait (one hop of its streams) and by {@code
 *       maxWait}, counted from the first record queued (a processing-time timer), so batching adds
 *       at most one hop of latency;
 *   <li>when the batch is full;
 *   <li>before a watermark goes on, so no record becomes late downstream;
 *   <li>before a checkpoint barrier ({@link #prepareSnapshotPreBarrier}), so no work is ever
 *       buffered in a snapshot and a restore neither loses nor repeats a record;
 *   <li>at the end of the input.
 * </ul>
 *
 * @param <O> the records
 * @param <F> the function
 */
public class KeyedBatchOperator<
                O, F extends KeyedProcessFunction<String, FrameRecord, O> & KeyedBatch<O>>
        extends KeyedProcessOperator<String, FrameRecord, O> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final F function;
    private final long maxWaitMs;
    private transient boolean timerArmed;
    private transient long flushes;

    /** Runs {@code function}, a record waiting at most {@code maxWait} (and one hop). */
    public KeyedBatchOperator(final F function, final Duration maxWait) {
        super(function);
        this.function = function;
        this.maxWaitMs = Math.max(0, maxWait.toMillis());
    }

    @Override
    public void processElement(final StreamRecord<FrameRecord> element) throws Exception {
        super.processElement(element);
        if (!function.pending()) {
            return;
        }
        final long waitMs = Math.min(maxWaitMs, function.longestWaitNs() / 1_000_000L);
        if (function.full() || waitMs == 0) {
            flush();
        } else if (!timerArmed) {
            timerArmed = true;
            final long armedAt = flushes;
            final long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService()
                    .registerTimer(
                            now + waitMs,
                            time -> {
                                if (flushes == armedAt) {
                                    flush();
                                }
                            });
        }
    }

    @Override
    public void processWatermark(final Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(final long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        function.flush(output);
        flushes++;
        timerArmed = false;
    }
}
