package org.neurostream.operators.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.neurostream.core.records.BandPowerRecord;

/**
 * Puts the band-power records of a stream's channel groups (see {@link ChannelGroups}) back
 * together, keyed by stream id: once every group has its record for an interval, one record with
 * the groups' channels in order, equal to the record the whole stream gives (per-channel values are
 * independent of the other channels; the ingest stamp is the newest of the groups'). Records of
 * whole streams pass as they are.
 *
 * <p>The partial intervals live in keyed state (interval start to the groups' records so far,
 * through {@link GroupRecordsSerializer}), so they survive a restore. Each group emits its
 * intervals in order, so when an interval is complete every earlier one that is not can never be:
 * those are dropped and counted (metric {@value #INCOMPLETE_DROPPED}; it happens only when a stream
 * changes its channel count).
 *
 * <p>End of a stream: each group's band power frees its state on the end-of-stream frame and emits
 * nothing more, so every interval of the stream is complete by then and nothing is left here. What
 * a stream that changed its channel count leaves behind is freed by the {@link IdleTimeout} of
 * {@link #withIdleTimeout} (on the records' device time, their end).
 */
public final class ChannelGroupMerge
        extends KeyedProcessFunction<String, BandPowerRecord, BandPowerRecord> {
    private static final long serialVersionUID = 1L;

    /** Metric: intervals dropped because some group never delivered them. */
    public static final String INCOMPLETE_DROPPED = "channelGroupIncompleteDropped";

    private IdleTimeout idleTimeout = IdleTimeout.NONE;
    private transient MapState<Long, BandPowerRecord[]> pending;
    private transient StreamExpiry expiry;
    private transient Counter dropped;

    /** Frees the state of streams that stop sending (none by default); call before the job runs. */
    public ChannelGroupMerge withIdleTimeout(final IdleTimeout timeout) {
        this.idleTimeout = timeout;
        return this;
    }

    @Override
    public void open(final OpenContext context) {
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "channel-groups",
                                        LongSerializer.INSTANCE,
                                        GroupRecordsSerializer.INSTANCE));
        dropped = getRuntimeContext().getMetricGroup().counter(INCOMPLETE_DROPPED);
        expiry = new StreamExpiry(idleTimeout, getRuntimeContext(), pending);
    }

    @Override
    public void processElement(
            final BandPowerRecord record, final Context ctx, final Collector<BandPowerRecord> out)
            throws Exception {
        final int group = ChannelGroups.groupOf(record.streamId);
        if (group < 0) {
            out.collect(record);
            return;
        }
        expiry.touch(ctx.timerService(), record.endNs);
        final int groups = ChannelGroups.groupsOf(record.streamId);
        BandPowerRecord[] parts = pending.get(record.startNs);
        if (parts == null || parts.length != groups) {
            parts = new BandPowerRecord[groups];
        }
        parts[group] = record;
        for (final BandPowerRecord p : parts) {
            if (p == null) {
                pending.put(record.startNs, parts);
                return;
            }
        }
        pending.remove(record.startNs);
        final List<Long> stale = new ArrayList<>();
        for (final Long start : pending.keys()) {
            if (start < record.startNs) {
                stale.add(start);
            }
        }
        for (final Long start : stale) {
            pending.remove(start);
            dropped.inc();
        }
        out.collect(merge(ChannelGroups.streamIdOf(record.streamId), parts));
    }

    @Override
    public void onTimer(
            final long timestamp, final OnTimerContext ctx, final Collector<BandPowerRecord> out)
            throws Exception {
        expiry.onTimer(timestamp, ctx.timeDomain());
    }

    /** One record of {@code streamId} with the parts' channels, in group order. */
    static BandPowerRecord merge(final String streamId, final BandPowerRecord[] parts) {
        final BandPowerRecord first = parts[0];
        final BandPowerRecord r = new BandPowerRecord();
        r.kind = first.kind;
        r.streamId = streamId;
        r.seq = first.seq;
        r.startNs = first.startNs;
        r.endNs = first.endNs;
        r.bands = first.bands;
        r.integration = first.integration;
        r.nperseg = first.nperseg;
        r.windowSamples = first.windowSamples;
        r.averagingSeconds = first.averagingSeconds;
        r.entropyLogBase = first.entropyLogBase;
        r.settling = first.settling;
        int channels = 0;
        long ingest = Long.MIN_VALUE;
        for (final BandPowerRecord p : parts) {
            channels += p.channels;
            ingest = Math.max(ingest, p.ingestNs);
        }
        r.channels = channels;
        r.ingestNs = ingest;
        final int values = channels * first.bands.length;
        r.bandPower = new double[values];
        r.relativePower = new double[values];
        final boolean entropy = first.differentialEntropy != null;
        if (entropy) {
            r.differentialEntropy = new double[values];
            r.differentialEntropyFloored = new boolean[values];
        }
        int at = 0;
        for (final BandPowerRecord p : parts) {
            final int n = p.bandPower.length;
            System.arraycopy(p.bandPower, 0, r.bandPower, at, n);
            System.arraycopy(p.relativePower, 0, r.relativePower, at, n);
            if (entropy) {
                System.arraycopy(p.differentialEntropy, 0, r.differentialEntropy, at, n);
                System.arraycopy(
                        p.differentialEntropyFloored, 0, r.differentialEntropyFloored, at, n);
            }
            at += n;
        }
        return r;
    }
}
