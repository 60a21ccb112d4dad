package org.neurostream.operators.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
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
 *
 * <p>State: {@link SpectralState} per stream, keyed state serialized by {@link
 * SpectralStateSerializer}. An end-of-stream frame frees it and emits nothing (a window not yet due
 * is not emitted); so does the {@link IdleTimeout} of {@link #withIdleTimeout}. A stream that
 * starts again under the same id after its end numbers its records from 0 again.
 */
public final class BandPowerFunction
        extends KeyedKernelFunction<SpectralState, BandPowerRecord, BandPowerFunction> {
    private static final long serialVersionUID = 1L;

    private final BandPowerOptions options;
    private final BackendKind backend;
    private transient SpectralAnalyses analyses;
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
    protected ValueStateDescriptor<SpectralState> stateDescriptor() {
        return new ValueStateDescriptor<>("spectral", SpectralStateSerializer.INSTANCE);
    }

    @Override
    protected void openKernel(final OpenContext context) {
        analyses =
                new SpectralAnalyses(
                        (channels, periodNs) ->
                                new SpectralAnalysis(options, channels, periodNs, backend));
        samples = new float[0];
        skippedFrames = getRuntimeContext().getMetricGroup().counter("bandPowerSkippedFrames");
    }

    @Override
    public void close() {
        if (analyses != null) {
            analyses.close();
        }
    }

    @Override
    protected boolean onFrame(
            final FrameRecord frame,
            final FrameDecoder decoder,
            final Context ctx,
            final Collector<BandPowerRecord> out)
            throws Exception {
        if (decoder.kind() != FrameKind.SAMPLES) {
            skippedFrames.inc();
            return false;
        }
        final int n = decoder.elementCount();
        if (n > 0) {
            final SpectralAnalysis analysis =
                    analyses.of(decoder.channelCount(), decoder.periodNs());
            final SpectralState s = analysis.resume(state().value(), decoder.deviceTimeNs());
            final int values = decoder.channelCount() * n;
            if (samples.length < values) {
                samples = new float[values];
            }
            decoder.copySamples(samples, 0);
            analysis.append(s, samples, 0, n, frame.streamId, decoder.ingestTimeNs(), out);
            state().update(s);
        }
        return true;
    }
}
