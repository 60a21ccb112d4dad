package org.neurostream.operators.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.BandPowerBatch;
import org.neurostream.operators.spectral.BandPowerOptions;

/**
 * {@link BandPowerFunction}'s work with the band powers of every window that falls due in this
 * subtask, whatever its stream or channel group, gathered into one {@link BandPowerBatch} (one
 * device call per sampling rate at each flush) instead of one call per window. A record whose
 * window is queued waits, with the timestamp of the frame that completed it, until {@link
 * BandPowerBatchOperator} flushes the batch; everything else (the per-stream {@link SpectralState},
 * its serializer, the entropy, the emission points, the end of a stream) is {@link
 * BandPowerFunction}'s, so both emit the same records in the same order, band powers within the
 * backends' parity tolerance.
 *
 * <p>Only the operator runs it: a plain {@code KeyedProcessOperator} would never flush.
 */
public final class BandPowerBatchFunction extends AbstractBandPowerFunction<BandPowerBatchFunction>
        implements KeyedBatch<BandPowerRecord> {
    private static final long serialVersionUID = 1L;

    /** Metric: flushes that computed at least one window. */
    public static final String BATCHES = "bandPowerBatches";

    /** Metric: windows computed in those flushes (over {@value #BATCHES}: the mean batch). */
    public static final String BATCHED_WINDOWS = "bandPowerBatchedWindows";

    private final int maxRows;
    private transient Counter batches;
    private transient Counter batchedWindows;
    private transient BandPowerBatch batch;
    private transient List<BandPowerRecord> pending;
    private transient Collector<BandPowerRecord> toPending;
    private transient List<Long> pendingTimestamps;
    private transient long shortestHopNs;

    /**
     * Band power on {@code backend}, a batch flushed at the latest once it holds {@code maxRows}
     * channel rows.
     */
    public BandPowerBatchFunction(
            final BandPowerOptions options, final BackendKind backend, final int maxRows) {
        super(options, backend);
        this.maxRows = maxRows;
    }

    @Override
    protected void openBandPower(final OpenContext context) {
        batch = new BandPowerBatch(backend(), maxRows);
        batches = getRuntimeContext().getMetricGroup().counter(BATCHES);
        batchedWindows = getRuntimeContext().getMetricGroup().counter(BATCHED_WINDOWS);
        pending = new ArrayList<>();
        toPending = new ListCollector<>(pending);
        pendingTimestamps = new ArrayList<>();
        shortestHopNs = Long.MAX_VALUE;
    }

    @Override
    public void close() {
        super.close();
        if (batch != null) {
            batch.close();
        }
    }

    @Override
    protected boolean onFrame(
            final FrameRecord frame,
            final FrameDecoder decoder,
            final Context ctx,
            final Collector<BandPowerRecord> out)
            throws Exception {
        final int before = pending.size();
        final boolean taken = analyse(frame, decoder, toPending);
        if (pending.size() > before) {
            final Long timestamp = ctx.timestamp();
            for (int i = before; i < pending.size(); i++) {
                pendingTimestamps.add(timestamp);
            }
        }
        return taken;
    }

    /** The analysis of a new layout, its windows queued on the batch. */
    @Override
    protected SpectralAnalysis analysis(final int channels, final long periodNs) {
        final SpectralAnalysis a = new SpectralAnalysis(options(), channels, periodNs, batch::view);
        final double fs = 1e9 / periodNs;
        shortestHopNs = Math.min(shortestHopNs, options().hopSamples(fs) * periodNs);
        return a;
    }

    /** Whether records wait for the next {@link #flush}. */
    @Override
    public boolean pending() {
        return !pending.isEmpty();
    }

    /** Whether the batch holds its most rows. */
    @Override
    public boolean full() {
        return batch.full();
    }

    /** One hop of the layouts seen so far, in ns (the longest a record may wait); 0 before any. */
    @Override
    public long longestWaitNs() {
        return shortestHopNs == Long.MAX_VALUE ? 0 : shortestHopNs;
    }

    /** Computes the queued windows and emits every waiting record, in order, with its timestamp. */
    @Override
    public void flush(final Output<StreamRecord<BandPowerRecord>> output) {
        if (pending.isEmpty()) {
            return;
        }
        final int windows = batch.windows();
        if (windows > 0) {
            batch.flush();
            batches.inc();
            batchedWindows.inc(windows);
        }
        for (int i = 0; i < pending.size(); i++) {
            final Long timestamp = pendingTimestamps.get(i);
            output.collect(
                    timestamp == null
                            ? new StreamRecord<>(pending.get(i))
                            : new StreamRecord<>(pending.get(i), timestamp));
        }
        pending.clear();
        pendingTimestamps.clear();
    }
}
