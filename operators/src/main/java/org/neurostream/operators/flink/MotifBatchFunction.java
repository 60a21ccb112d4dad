package org.neurostream.operators.flink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.MotifBatch;
import org.neurostream.operators.compute.TaggedDetectionSink;
import org.neurostream.operators.motif.MotifDetectionSink;

/**
 * {@link MotifFunction}'s detections with the bins that the frames of every event stream of this
 * subtask close gathered into one {@link MotifBatch} (one device launch at each flush, several when
 * they span more bins than one holds) instead of one device call per frame. A frame's events go on
 * the stream's place at once (the host decides which bins they close, and the keyed state is saved
 * with the frame); its detections wait, with the frame's timestamp and ingest time, until {@link
 * MotifBatchOperator} flushes the batch. Everything else is {@link MotifFunction}'s: the keyed
 * state ({@link MotifState} under the name {@code motifs}, {@link MotifStateSerializer}), the
 * binning, the records and their order within a stream, the end of a stream, the metrics, so a
 * savepoint of either restores into the other and both emit the same detections. A stream whose
 * place is in ring form (a restore of the CPU detector's state) and every stream after a device
 * failure are detected at once on the CPU path.
 *
 * <p>Models with non-maximum suppression too: the device accumulates and the host suppresses each
 * stream window's cells ({@link org.neurostream.operators.compute.OpenClMotifBackend}). Only under
 * the operator: a plain {@code KeyedProcessOperator} would never flush.
 */
public final class MotifBatchFunction
        extends KeyedKernelFunction<MotifState, MotifRecord, MotifBatchFunction>
        implements KeyedBatch<MotifRecord> {
    private static final long serialVersionUID = 1L;

    /** Metric: flushes that decided at least one stream window. */
    public static final String BATCHES = "motifBatches";

    /**
     * Metric: stream windows (one stream's run of bins closed by one frame) decided in those
     * flushes (over {@value #BATCHES}: the mean batch).
     */
    public static final String BATCHED_WINDOWS = "motifBatchedWindows";

    /** The default most stream windows of one batch. */
    public static final int DEFAULT_MAX_WINDOWS = 4096;

    private final MotifFunction model;
    private final BackendKind backend;
    private final int maxWindows;
    private transient long fingerprint;
    private transient EventBinning binning;
    private transient MotifBatch batch;
    private transient Counter outOfRange;
    private transient Counter outOfOrder;
    private transient Counter accepted;
    private transient Counter detections;
    private transient Counter batches;
    private transient Counter batchedWindows;
    private transient long countedAccepted;
    private transient long countedOutOfRange;
    private transient long countedOutOfOrder;
    private transient long countedDetections;
    private transient List<String> pendingStreams;
    private transient long[] pendingIngestNs;
    private transient List<Long> pendingTimestamps;
    private transient TaggedDetectionSink toOutput;
    private transient Output<StreamRecord<MotifRecord>> output;
    private transient MotifDetectionSink now;
    private transient String nowStream;
    private transient long nowIngestNs;
    private transient Collector<MotifRecord> nowOut;

    /**
     * The detections of {@code model} on {@code backend}, a batch flushed at the latest once it
     * holds {@code maxWindows} stream windows.
     */
    public MotifBatchFunction(
            final MotifFunction model, final BackendKind backend, final int maxWindows) {
        this.model = model;
        this.backend = backend;
        this.maxWindows = maxWindows;
    }

    @Override
    protected ValueStateDescriptor<MotifState> stateDescriptor() {
        return new ValueStateDescriptor<>("motifs", MotifStateSerializer.INSTANCE);
    }

    @Override
    protected void openKernel(final OpenContext context) {
        fingerprint = model.fingerprint();
        binning = model.binning();
        batch = new MotifBatch(model.compile(), model.threshold(), model.nmsRadius(), backend);
        final MetricGroup metrics = getRuntimeContext().getMetricGroup();
        outOfRange = metrics.counter(MotifFunction.EVENTS_OUT_OF_RANGE);
        outOfOrder = metrics.counter(MotifFunction.EVENTS_OUT_OF_ORDER);
        accepted = metrics.counter(MotifFunction.EVENTS_ACCEPTED);
        detections = metrics.counter(MotifFunction.DETECTIONS);
        batches = metrics.counter(BATCHES);
        batchedWindows = metrics.counter(BATCHED_WINDOWS);
        pendingStreams = new ArrayList<>();
        pendingIngestNs = new long[64];
        pendingTimestamps = new ArrayList<>();
        toOutput = this::emitQueued;
        now = this::emitNow;
    }

    @Override
    public void close() {
        if (batch != null) {
            batch.close();
            batch = null;
        }
    }

    @Override
    protected boolean onFrame(
            final FrameRecord frame,
            final FrameDecoder decoder,
            final Context ctx,
            final Collector<MotifRecord> out)
            throws Exception {
        if (decoder.kind() != FrameKind.EVENTS) {
            return false;
        }
        if (decoder.elementCount() > 0) {
            MotifState s = state().value();
            if (s == null || s.model != fingerprint) {
                s = new MotifState(fingerprint, batch.newState());
            }
            final int count = binning.bin(decoder);
            outOfRange.inc(binning.outside());
            final int tag = pendingStreams.size();
            nowStream = frame.streamId;
            nowIngestNs = decoder.ingestTimeNs();
            nowOut = out;
            final int queuedBefore = batch.queued();
            batch.add(s.detection, binning.addresses(), binning.bins(), count, tag, now);
            nowOut = null;
            if (batch.queued() > queuedBefore) {
                pendingStreams.add(frame.streamId);
                if (tag == pendingIngestNs.length) {
                    pendingIngestNs = Arrays.copyOf(pendingIngestNs, 2 * tag);
                }
                pendingIngestNs[tag] = decoder.ingestTimeNs();
                pendingTimestamps.add(ctx.timestamp());
            }
            count();
            state().update(s);
        }
        return true;
    }

    @Override
    public boolean pending() {
        return batch.queued() > 0;
    }

    @Override
    public boolean full() {
        return batch.windows() >= maxWindows;
    }

    /** One bin of the model: a detection waits at most that long for the flush. */
    @Override
    public long longestWaitNs() {
        return model.binUs() * 1000L;
    }

    @Override
    public void flush(final Output<StreamRecord<MotifRecord>> out) {
        if (batch.queued() == 0) {
            return;
        }
        final int windows = batch.windows();
        output = out;
        batch.flush(toOutput);
        output = null;
        if (windows > 0) {
            batches.inc();
            batchedWindows.inc(windows);
        }
        pendingStreams.clear();
        pendingTimestamps.clear();
        count();
    }

    /** Moves the batch's counts since the last call into the metrics. */
    private void count() {
        outOfOrder.inc(batch.eventsOutOfOrder() - countedOutOfOrder);
        countedOutOfOrder = batch.eventsOutOfOrder();
        outOfRange.inc(batch.eventsOutOfRange() - countedOutOfRange);
        countedOutOfRange = batch.eventsOutOfRange();
        accepted.inc(batch.eventsAccepted() - countedAccepted);
        countedAccepted = batch.eventsAccepted();
        detections.inc(batch.detections() - countedDetections);
        countedDetections = batch.detections();
    }

    private void emitQueued(final int tag, final int motif, final long bin, final double v) {
        final MotifRecord r =
                model.record(pendingStreams.get(tag), pendingIngestNs[tag], motif, bin, v);
        final Long timestamp = pendingTimestamps.get(tag);
        output.collect(
                timestamp == null ? new StreamRecord<>(r) : new StreamRecord<>(r, timestamp));
    }

    private void emitNow(final int motif, final long bin, final double v) {
        nowOut.collect(model.record(nowStream, nowIngestNs, motif, bin, v));
    }
}
