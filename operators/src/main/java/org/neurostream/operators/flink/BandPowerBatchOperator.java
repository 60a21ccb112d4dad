package org.neurostream.operators.flink;

import java.time.Duration;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.BandPowerRecord;

/**
 * The job's band-power operator on a device: runs a {@link BandPowerBatchFunction} per stream (the
 * same keyed state and timers as {@link BandPowerFunction} under {@code KeyedProcessOperator}, so a
 * savepoint of either restores into the other) and flushes its batch, computing every queued window
 * of every stream and channel group of the subtask in one device call per sampling rate:
 *
 * <ul>
 *   <li>after a wait bounded by one hop of the fastest layout and by {@code maxWait}, counted from
 *       the first window queued (a processing-time timer), so batching adds at most one hop of
 *       latency;
 *   <li>when the batch holds its most rows;
 *   <li>before a watermark goes on, so no record becomes late downstream;
 *   <li>before a checkpoint barrier ({@link #prepareSnapshotPreBarrier}), so no window is ever
 *       buffered in a snapshot and a restore neither loses nor repeats a record;
 *   <li>at the end of the input.
 * </ul>
 */
public final class BandPowerBatchOperator
        extends KeyedProcessOperator<String, FrameRecord, BandPowerRecord>
        implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** The default most channel rows of one batch. */
    public static final int DEFAULT_MAX_ROWS = 4096;

    private final BandPowerBatchFunction function;
    private final long maxWaitMs;
    private transient boolean timerArmed;
    private transient long flushes;

    /** Runs {@code function}, a window waiting at most {@code maxWait} (and one hop). */
    public BandPowerBatchOperator(final BandPowerBatchFunction function, final Duration maxWait) {
        super(function);
        this.function = function;
        this.maxWaitMs = Math.max(0, maxWait.toMillis());
    }

    @Override
    public void processElement(final StreamRecord<FrameRecord> element) throws Exception {
        super.processElement(element);
        if (function.pendingRecords() == 0) {
            return;
        }
        final long waitMs = Math.min(maxWaitMs, function.shortestHopNs() / 1_000_000L);
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
