package org.neurostream.operators.flink;

import java.util.HashMap;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * Streaming band power and band differential entropy per stream (keyed by stream id): every hop,
 * the Welch estimate over the last window of all channels at once, through the same compute
 * backends as the offline command (the {@link WelchKernel} on the CPU, or OpenCL), and the entropy
 * of the continuously band-passed channels over the same window; {@link SpectralAnalysis} does the
 * work. Emission points are counted in samples from the stream's first sample, so the output
 * depends only on the frames, never on arrival timing or watermarks. Frame sequence numbers are
 * checked once, before the modality operators, by {@link SequenceCheckFunction}: a gap does not
 * restart the analysis, its samples simply never arrive.
 */
public final class BandPowerFunction
        extends KeyedProcessFunction<String, FrameRecord, BandPowerRecord> {
    private static final long serialVersionUID = 1L;

    private final BandPowerOptions options;
    private final BackendKind backend;
    private transient ValueState<SpectralState> state;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder decoder;
    private transient Map<String, SpectralAnalysis> analyses;
    private transient float[] samples;
    private transient Counter skippedFrames;

    public BandPowerFunction(final BandPowerOptions options) {
        this(options, BackendKind.AUTO);
    }

    /** Band power on the compute backend {@code backend} (auto: an OpenCL GPU if any, else CPU). */
    public BandPowerFunction(final BandPowerOptions options, final BackendKind backend) {
        this.options = options;
        this.backend = backend;
    }

    @Override
    public void open(final OpenContext context) {
        state =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("spectral", SpectralState.class));
        buffer = new UnsafeBuffer(new byte[0]);
        decoder = new FrameDecoder();
        analyses = new HashMap<>();
        samples = new float[0];
        skippedFrames = getRuntimeContext().getMetricGroup().counter("bandPowerSkippedFrames");
    }

    @Override
    public void close() {
        if (analyses != null) {
            analyses.values().forEach(SpectralAnalysis::close);
        }
    }

    @Override
    public void processElement(
            final FrameRecord frame, final Context ctx, final Collector<BandPowerRecord> out)
            throws Exception {
        buffer.wrap(frame.bytes);
        decoder.wrap(buffer, 0);
        if (decoder.kind() != FrameKind.SAMPLES) {
            skippedFrames.inc();
            return;
        }
        final SpectralAnalysis analysis =
                analyses.computeIfAbsent(
                        decoder.channelCount() + "/" + decoder.periodNs(),
                        k ->
                                new SpectralAnalysis(
                                        options,
                                        decoder.channelCount(),
                                        decoder.periodNs(),
                                        backend));
        SpectralState s = state.value();
        if (s == null || s.channels != decoder.channelCount() || s.periodNs != decoder.periodNs()) {
            // a new stream, or one that changed its layout: start over rather than mix layouts,
            // but go on numbering its records
            final long records = s == null ? 0 : s.records;
            s = analysis.newState(decoder.deviceTimeNs());
            s.records = records;
        }
        final int values = decoder.channelCount() * decoder.elementCount();
        if (samples.length < values) {
            samples = new float[values];
        }
        decoder.copySamples(samples, 0);
        analysis.append(
                s, samples, 0, decoder.elementCount(), frame.streamId, decoder.ingestTimeNs(), out);
        state.update(s);
    }
}
