package org.neurostream.models.flink;

import java.nio.file.Path;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.stream.ModelHandover;
import org.neurostream.models.stream.StreamDecoding;
import org.neurostream.models.stream.StreamingDecoder;
import org.neurostream.operators.flink.BandPowerFrame;
import org.neurostream.operators.flink.BandPowerFunction;
import org.neurostream.operators.flink.IdleTimeout;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.operators.spectral.WelchConfig;

/**
 * The job's decoder ({@link DecoderFunction}) on the frames that band power passed on ({@link
 * BandPowerFunction#DECODER_FRAMES}): a window whose band powers came with its last frame is scored
 * from them where the model reads only those ({@code bandpower-lr} with the job's Welch
 * configuration and window: {@link StreamingDecoder#scoresBandPower}), so the Welch PSD of each
 * window is computed once, by band power; every other window and model as in {@link
 * PipelineDecoderFunction}, with the same predictions. A window's band powers are matched by the
 * sample of the frame it ends at, and the model's window must be band power's, so both are the last
 * window of samples up to that sample; a window that band power did not compute (its state started
 * elsewhere in the stream) is computed here. Same uid, state and savepoints as {@link
 * PipelineDecoderFunction}: the job swaps one for the other.
 */
public final class BandPowerDecoderFunction extends DecoderFunction<BandPowerFrame> {
    private static final long serialVersionUID = 1L;

    private final BandPowerOptions options;
    private transient Windows windows;

    /**
     * @param modelJson the start model's file content (version 0); null: no model until one is
     *     published
     * @param modelSource where it came from (its file name)
     * @param options the options of the band power whose frames this decoder takes
     */
    public BandPowerDecoderFunction(
            final String modelJson, final String modelSource, final BandPowerOptions options) {
        super(modelJson, modelSource);
        this.options = options;
    }

    /** Frees the state of streams that stop sending (none by default); call before the job runs. */
    public BandPowerDecoderFunction withIdleTimeout(final IdleTimeout timeout) {
        idleTimeout(timeout);
        return this;
    }

    /**
     * Whether the model of {@code modelJson} scores its windows from the band powers of {@code
     * options} at its own sample rate ({@link StreamingDecoder#scoresBandPower}), so that a job
     * with that band power and that start model computes each window's Welch PSD once with this
     * function; false for any other model, or a file that does not load.
     */
    public static boolean scoresBandPower(
            final String modelJson, final String modelSource, final BandPowerOptions options) {
        if (modelJson == null || options.averagingSeconds > 0) {
            return false;
        }
        try {
            final PipelineModel model = PipelineModel.fromJson(modelJson, Path.of(modelSource));
            final double fs = model.sampleRateHz();
            return new StreamingDecoder(model)
                    .scoresBandPower(options.welchConfig(fs), options.windowSamples(fs));
        } catch (final Exception e) {
            return false;
        }
    }

    @Override
    protected FrameRecord frameOf(final BandPowerFrame input) {
        return input.frame();
    }

    @Override
    protected ModelHandover.WindowBandPowers bandPowersOf(
            final BandPowerFrame input, final StreamDecoding s) {
        if (input.windowEnds().length == 0) {
            return null;
        }
        if (windows == null) {
            windows = new Windows(options);
        }
        return windows.of(input, s);
    }

    /** The band powers of one frame's windows, for the stream of one state. */
    private static final class Windows implements ModelHandover.WindowBandPowers {
        private final BandPowerOptions options;
        private long periodNs;
        private WelchConfig config;
        private int windowSamples;
        private BandPowerFrame input;

        /** The stream's samples before the frame. */
        private long frameStart;

        Windows(final BandPowerOptions options) {
            this.options = options;
        }

        Windows of(final BandPowerFrame frame, final StreamDecoding s) {
            if (config == null || s.periodNs != periodNs) {
                // band power's configuration at the stream's rate, as it computes it
                final double fs = 1e9 / s.periodNs;
                periodNs = s.periodNs;
                config = options.averagingSeconds > 0 ? null : options.welchConfig(fs);
                windowSamples = options.windowSamples(fs);
            }
            input = frame;
            frameStart = s.samples;
            return this;
        }

        @Override
        public int offset(final StreamingDecoder decoder, final long endSample) {
            if (config == null || !decoder.scoresBandPower(config, windowSamples)) {
                return -1;
            }
            final long end = endSample - frameStart;
            final int[] ends = input.windowEnds();
            for (int w = 0; w < ends.length; w++) {
                if (ends[w] == end) {
                    return w * (input.bandPower().length / ends.length);
                }
            }
            return -1;
        }

        @Override
        public double[] values() {
            return input.bandPower();
        }
    }
}
