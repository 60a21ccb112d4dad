package org.neurostream.models.flink;

import org.neurostream.core.frame.FrameRecord;
import org.neurostream.models.stream.ModelHandover;
import org.neurostream.models.stream.StreamDecoding;
import org.neurostream.operators.flink.IdleTimeout;

/**
 * The job's decoder on the EEG frames themselves ({@link DecoderFunction}): every window's features
 * computed from the window (where the job computes no band power, or not band power that the
 * decoder can read: {@link BandPowerDecoderFunction}).
 */
public final class PipelineDecoderFunction extends DecoderFunction<FrameRecord> {
    private static final long serialVersionUID = 1L;

    /**
     * @param modelJson the start model's file content (version 0); null: no model until one is
     *     published
     * @param modelSource where it came from (its file name): a model file of the earlier format is
     *     named by it
     */
    public PipelineDecoderFunction(final String modelJson, final String modelSource) {
        super(modelJson, modelSource);
    }

    /** Frees the state of streams that stop sending (none by default); call before the job runs. */
    public PipelineDecoderFunction withIdleTimeout(final IdleTimeout timeout) {
        idleTimeout(timeout);
        return this;
    }

    @Override
    protected FrameRecord frameOf(final FrameRecord input) {
        return input;
    }

    @Override
    protected ModelHandover.WindowBandPowers bandPowersOf(
            final FrameRecord input, final StreamDecoding s) {
        return null;
    }
}
