package org.neurostream.operators.flink;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.operators.descriptors.AlphaRecord;
import org.neurostream.operators.descriptors.AperiodicRecord;
import org.neurostream.operators.descriptors.ConnectivityRecord;
import org.neurostream.operators.descriptors.DescriptorOptions;
import org.neurostream.operators.descriptors.DescriptorRecord;
import org.neurostream.operators.descriptors.DescriptorState;
import org.neurostream.operators.descriptors.DescriptorStream;
import org.neurostream.operators.descriptors.DfaRecord;
import org.neurostream.operators.descriptors.HjorthRecord;
import org.neurostream.operators.descriptors.PacRecord;

/**
 * Streaming resting-state descriptors per EEG stream (keyed by stream id): connectivity on the main
 * output, the aperiodic fit, Hjorth, DFA, PAC and alpha frequency on the side outputs {@link
 * #APERIODIC}, {@link #HJORTH}, {@link #DFA}, {@link #PAC} and {@link #ALPHA}. {@link
 * DescriptorStream} does the work on grids counted from each stream's first sample (defaults: every
 * 1 s over the last 10 s, DFA every 10 s over the last 60 s), so the records depend only on the
 * samples; its whole state, the last 60 s of samples and the grid positions, lives in Flink keyed
 * state, written by {@link DescriptorStateSerializer} (primitive arrays, versioned). Frames other
 * than sample frames are counted in {@code descriptorSkippedFrames} and dropped; a stream that
 * changes its layout starts over.
 */
public final class DescriptorFunction
        extends KeyedProcessFunction<String, FrameRecord, ConnectivityRecord> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<AperiodicRecord> APERIODIC = new OutputTag<>("aperiodic") {};
    public static final OutputTag<HjorthRecord> HJORTH = new OutputTag<>("hjorth") {};
    public static final OutputTag<DfaRecord> DFA = new OutputTag<>("dfa") {};
    public static final OutputTag<PacRecord> PAC = new OutputTag<>("pac") {};
    public static final OutputTag<AlphaRecord> ALPHA = new OutputTag<>("alpha") {};

    private final DescriptorOptions options;
    private transient ValueState<DescriptorState> state;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder decoder;
    private transient Map<String, DescriptorStream> streams;
    private transient float[] samples;
    private transient Counter skippedFrames;

    /** The descriptors with these options. */
    public DescriptorFunction(final DescriptorOptions options) {
        this.options = options;
    }

    @Override
    public void open(final OpenContext context) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "descriptors", DescriptorStateSerializer.INSTANCE));
        buffer = new UnsafeBuffer(new byte[0]);
        decoder = new FrameDecoder();
        streams = new HashMap<>();
        samples = new float[0];
        skippedFrames = getRuntimeContext().getMetricGroup().counter("descriptorSkippedFrames");
    }

    @Override
    public void processElement(
            final FrameRecord frame, final Context ctx, final Collector<ConnectivityRecord> out)
            throws Exception {
        buffer.wrap(frame.bytes);
        decoder.wrap(buffer, 0);
        if (decoder.kind() != FrameKind.SAMPLES) {
            skippedFrames.inc();
            return;
        }
        final int channels = decoder.channelCount();
        final long periodNs = decoder.periodNs();
        final DescriptorStream stream =
                streams.computeIfAbsent(
                        channels + "/" + periodNs,
                        k -> new DescriptorStream(options, channels, periodNs));
        DescriptorState s = state.value();
        if (s == null || s.channels != channels || s.periodNs != periodNs) {
            s = stream.newState(decoder.deviceTimeNs());
        }
        final int values = channels * decoder.elementCount();
        if (samples.length < values) {
            samples = new float[values];
        }
        decoder.copySamples(samples, 0);
        final Consumer<DescriptorRecord> route = r -> route(r, ctx, out);
        stream.append(
                s,
                samples,
                0,
                decoder.elementCount(),
                frame.streamId,
                decoder.ingestTimeNs(),
                route);
        state.update(s);
    }

    private static void route(
            final DescriptorRecord r, final Context ctx, final Collector<ConnectivityRecord> out) {
        if (r instanceof ConnectivityRecord c) {
            out.collect(c);
        } else if (r instanceof AperiodicRecord a) {
            ctx.output(APERIODIC, a);
        } else if (r instanceof HjorthRecord h) {
            ctx.output(HJORTH, h);
        } else if (r instanceof DfaRecord d) {
            ctx.output(DFA, d);
        } else if (r instanceof PacRecord p) {
            ctx.output(PAC, p);
        } else if (r instanceof AlphaRecord a) {
            ctx.output(ALPHA, a);
        }
    }
}
