package org.neurostream.operators.flink;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.operators.descriptors.DescriptorOptions;
import org.neurostream.operators.descriptors.DescriptorState;
import org.neurostream.operators.descriptors.DescriptorStream;

/**
 * Streaming resting-state descriptors per EEG stream (keyed by stream id): every record kind
 * (connectivity, aperiodic, Hjorth, DFA, PAC, alpha frequency; {@link DescriptorRecord#KINDS}) on
 * the one output, each record of its own class. {@link DescriptorStream} does the work on grids
 * counted from each stream's first sample (defaults: every 1 s over the last 10 s, DFA every 10 s
 * over the last 60 s), so the records depend only on the samples; its whole state, the last 60 s of
 * samples and the grid positions, lives in Flink keyed state, written by {@link
 * DescriptorStateSerializer} (primitive arrays, versioned). Frames other than sample frames are
 * counted in {@code descriptorSkippedFrames} and dropped; a stream that changes its layout starts
 * over. An end-of-stream frame frees the stream's state and emits nothing (a window not yet due is
 * not computed); so does the {@link IdleTimeout} set with {@link #withIdleTimeout}.
 */
public final class DescriptorFunction
        extends KeyedKernelFunction<DescriptorState, DescriptorRecord, DescriptorFunction> {
    private static final long serialVersionUID = 1L;

    private final DescriptorOptions options;
    private transient Map<Long, DescriptorStream> streams;
    private transient float[] samples;
    private transient Counter skippedFrames;
    private transient Collector<DescriptorRecord> collector;
    private transient Consumer<DescriptorRecord> emit;

    /** The descriptors with these options. */
    public DescriptorFunction(final DescriptorOptions options) {
        this.options = options;
    }

    /** The options the descriptors run with. */
    public DescriptorOptions options() {
        return options;
    }

    @Override
    protected ValueStateDescriptor<DescriptorState> stateDescriptor() {
        return new ValueStateDescriptor<>("descriptors", DescriptorStateSerializer.INSTANCE);
    }

    @Override
    protected void openKernel(final OpenContext context) {
        streams = new HashMap<>();
        samples = new float[0];
        skippedFrames = getRuntimeContext().getMetricGroup().counter("descriptorSkippedFrames");
    }

    @Override
    protected boolean onFrame(
            final FrameRecord frame,
            final FrameDecoder decoder,
            final Context ctx,
            final Collector<DescriptorRecord> out)
            throws Exception {
        if (decoder.kind() != FrameKind.SAMPLES) {
            skippedFrames.inc();
            return false;
        }
        final int count = decoder.elementCount();
        if (count > 0) {
            final int channels = decoder.channelCount();
            final long periodNs = decoder.periodNs();
            // one kernel set per layout: streams of the same layout share it on this subtask
            final DescriptorStream stream =
                    streams.computeIfAbsent(
                            periodNs * 65_536 + channels,
                            k -> new DescriptorStream(options, channels, periodNs));
            DescriptorState s = state().value();
            if (s == null || s.channels != channels || s.periodNs != periodNs) {
                s = stream.newState(decoder.deviceTimeNs());
            }
            final int values = channels * count;
            if (samples.length < values) {
                samples = new float[values];
            }
            decoder.copySamples(samples, 0);
            if (out != collector) {
                // Flink hands the same collector every time: one consumer, not one per frame
                collector = out;
                emit = out::collect;
            }
            stream.append(s, samples, 0, count, frame.streamId, decoder.ingestTimeNs(), emit);
            state().update(s);
        }
        return true;
    }
}
