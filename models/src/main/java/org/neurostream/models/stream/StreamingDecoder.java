package org.neurostream.models.stream;

import org.ejml.data.DMatrixRMaj;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.Probabilities;
import org.neurostream.models.pipeline.WindowScorer;

/**
 * The live decoder of one model, without Flink: samples of a stream go in frame by frame; the
 * model's causal filters run on them from the stream's first sample ({@link WindowRing}); on the
 * job's grid (a window of {@link PipelineModel#windowSamples()} once that many samples are in, then
 * every {@link PipelineModel#hopSamples()}, counted from the stream's first sample) the pipeline
 * scores the last window and a {@link Listener} gets the class probabilities. The output depends
 * only on the samples, never on how they were cut into frames.
 *
 * <p>The state of a stream lives in a {@link DecoderStreamState} the caller keeps (keyed state in
 * the job), so one decoder serves many streams of one shape in turn. After the first window nothing
 * is allocated. One instance per thread.
 */
public final class StreamingDecoder {
    /** Receives each window's result. */
    @FunctionalInterface
    public interface Listener {
        /**
         * One window decoded.
         *
         * @param seq the stream's count of windows decoded before this one
         * @param endSample samples of the stream up to the window's end (its last sample + 1)
         * @param probabilities per class, in model order (the decoder's array: copy to keep)
         * @param label the most probable class (the first on ties)
         */
        void onWindow(long seq, long endSample, double[] probabilities, int label);
    }

    private final PipelineModel model;
    private final WindowRing ring;
    private final WindowScorer scorer;
    private final DMatrixRMaj[] window;
    private final double[] probabilities;
    private final int hop;
    private final int classes;

    /** A decoder for streams of the model's channels and sample rate. */
    public StreamingDecoder(PipelineModel model) {
        this.model = model;
        this.ring =
                new WindowRing(
                        new CausalFilterBank(model.filter(), model.sampleRateHz()),
                        model.channels().size(),
                        model.windowSamples());
        this.scorer = model.pipeline().newScorer();
        this.window = ring.newWindow();
        this.classes = model.pipeline().classCount();
        this.probabilities = new double[classes];
        this.hop = model.hopSamples();
    }

    /** The model. */
    public PipelineModel model() {
        return model;
    }

    /** Channels per sample. */
    public int channels() {
        return ring.channels();
    }

    /** A state for a stream at its first sample. */
    public DecoderStreamState newState() {
        return ring.newState();
    }

    /**
     * Appends {@code count} samples of every channel, sample-major ({@code samples[offset + i *
     * channels + c]}), and decodes every window that falls due, in order.
     */
    public void append(
            DecoderStreamState s, float[] samples, int offset, int count, Listener listener) {
        final int channels = ring.channels();
        int done = 0;
        while (done < count) {
            final int n = (int) Math.min(count - done, s.nextEmitAt - s.samples);
            ring.append(s, samples, offset + done * channels, n);
            done += n;
            if (s.samples == s.nextEmitAt) {
                ring.copyWindow(s, window);
                scorer.probabilities(window, probabilities);
                final long seq = s.predictions++;
                s.nextEmitAt += hop;
                listener.onWindow(
                        seq,
                        s.samples,
                        probabilities,
                        Probabilities.argmax(probabilities, classes));
            }
        }
    }
}
