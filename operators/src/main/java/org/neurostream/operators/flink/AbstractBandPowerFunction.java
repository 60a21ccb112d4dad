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

/**
 * What both band-power functions ({@link BandPowerFunction}, {@link BandPowerBatchFunction}) do
 * with a stream's frames: the keyed {@link SpectralState} under the name "spectral" with {@link
 * SpectralStateSerializer}, one {@link SpectralAnalysis} per stream layout, and {@link #analyse},
 * which appends a frame's samples and emits the records that fall due. A subclass says how a
 * layout's analysis computes its band powers ({@link #analysis}) and where the records go.
 *
 * @param <F> the subclass itself, so that {@link #withIdleTimeout} returns it
 */
public abstract class AbstractBandPowerFunction<F extends AbstractBandPowerFunction<F>>
        extends KeyedKernelFunction<SpectralState, BandPowerRecord, F> {
    private static final long serialVersionUID = 1L;

    private final BandPowerOptions options;
    private final BackendKind backend;
    private transient SpectralAnalyses analyses;
    private transient float[] samples;
    private transient Counter skippedFrames;

    /** Band power with {@code options} on the compute backend {@code backend}. */
    protected AbstractBandPowerFunction(final BandPowerOptions options, final BackendKind backend) {
        this.options = options;
        this.backend = backend;
    }

    /** The band-power options. */
    public final BandPowerOptions options() {
        return options;
    }

    /** The compute backend the band powers run on. */
    protected final BackendKind backend() {
        return backend;
    }

    @Override
    protected final ValueStateDescriptor<SpectralState> stateDescriptor() {
        return new ValueStateDescriptor<>("spectral", SpectralStateSerializer.INSTANCE);
    }

    /** The analysis of frames of {@code channels} channels sampled every {@code periodNs}. */
    protected abstract SpectralAnalysis analysis(int channels, long periodNs);

    /** Sets up what the subclass needs besides the analyses; nothing by default. */
    protected void openBandPower(final OpenContext context) {}

    /**
     * Called with the stream's state as resumed for a frame, before its samples are appended;
     * nothing by default.
     */
    protected void resumed(final SpectralState s) {}

    @Override
    protected final void openKernel(final OpenContext context) {
        openBandPower(context);
        analyses = new SpectralAnalyses(this::analysis);
        samples = new float[0];
        skippedFrames = getRuntimeContext().getMetricGroup().counter("bandPowerSkippedFrames");
    }

    @Override
    public void close() {
        if (analyses != null) {
            analyses.close();
        }
    }

    /**
     * Appends the samples of a samples frame to the current stream's state and emits to {@code out}
     * the records that fall due; counts any other frame as skipped.
     *
     * @return whether the frame was a samples frame (it counts for the stream's end)
     */
    protected final boolean analyse(
            final FrameRecord frame,
            final FrameDecoder decoder,
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
            resumed(s);
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
