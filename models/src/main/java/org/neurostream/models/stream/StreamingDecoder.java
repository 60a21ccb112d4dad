package org.neurostream.models.stream;

import org.ejml.data.DMatrixRMaj;
import org.neurostream.models.pipeline.BandPowerScorer;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.Probabilities;
import org.neurostream.models.pipeline.WindowScorer;
import org.neurostream.operators.spectral.WelchConfig;

/**
 * The live decoder of one model, without Flink: samples of a stream go in frame by frame; the
 * model's causal filters run on them from the stream's first sample ({@link WindowRing}); on the
 * job's grid (a window of {@link PipelineModel#windowSamples()} once that many samples are in, then
 * every {@link PipelineModel#hopSamples()}, counted from the stream's first sample) the pipeline
 * scores the last window and a {@link Listener} gets the class probabilities. The output depends
 * only on the samples, never on how they were cut into frames.
 *
 * <p>The state of a stream lives in a {@link DecoderStreamState} the caller keeps (keyed state in
 * the job), so one decoder serves many streams of one shape in turn. {@link #feed} and {@link
 * #decode} are the two halves of {@link #append}, for a caller that hands a stream from one model
 * to another ({@link ModelHandover}). After the first window nothing is allocated. One instance per
 * thread.
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

    /** The scorer where it reads only the band powers of the raw window (no filters); or null. */
    private final BandPowerScorer bandPowerScorer;

    /** The last configuration {@link #scoresBandPower} found equal to the scorer's. */
    private WelchConfig acceptedConfig;

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
        this.bandPowerScorer =
                model.filter().isNone() && scorer instanceof BandPowerScorer b ? b : null;
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
     * A state for a stream that has had {@code at} samples already, the filters starting now: ready
     * to score once they have run a window, plus {@link #settleSamples()} when {@code at > 0}, so
     * that their start-up transient has died away.
     */
    public DecoderStreamState newState(long at) {
        final DecoderStreamState s = ring.newState(at);
        s.nextEmitAt += at > 0 ? settleSamples() : 0;
        return s;
    }

    /**
     * Samples the causal filters run before a window they start mid-stream is scored: one window
     * with filters (the slowest band-pass, 4 Hz wide, decays by e^-9 in 2 s), none without.
     */
    public int settleSamples() {
        return model.filter().isNone() ? 0 : model.windowSamples();
    }

    /**
     * Whether a stream's state of {@code other} serves this decoder as it is: the same channels,
     * sample rate, filters and window, so the filtered ring holds exactly the numbers this model's
     * own filters would have produced from the same start.
     */
    public boolean sameFrontEnd(StreamingDecoder other) {
        return other.channels() == channels()
                && other.model.sampleRateHz() == model.sampleRateHz()
                && other.model.windowSamples() == model.windowSamples()
                && other.model.filter().equals(model.filter());
    }

    /**
     * Why a stream of {@code channels} channels at one sample every {@code periodNs} cannot be
     * decoded by this model, or null when it can.
     */
    public String misfit(int channels, long periodNs) {
        if (channels != channels()) {
            return "it decodes " + channels() + " channels, the stream has " + channels;
        }
        final double fs = 1e9 / periodNs;
        if (Math.abs(fs - model.sampleRateHz()) > 1e-6 * model.sampleRateHz()) {
            return "it was trained at " + model.sampleRateHz() + " Hz, the stream runs at " + fs;
        }
        return null;
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
                decode(s, listener);
            }
        }
    }

    /** Filters {@code count} samples into the state's ring without scoring any window. */
    public void feed(DecoderStreamState s, float[] samples, int offset, int count) {
        ring.append(s, samples, offset, count);
    }

    /**
     * Scores the window that ends at the state's last sample, numbers it with the state's next
     * {@code seq} and moves the next window one hop on.
     */
    public void decode(DecoderStreamState s, Listener listener) {
        final long seq = s.predictions;
        final int label = decode(s);
        listener.onWindow(seq, s.samples, probabilities, label);
    }

    /**
     * As {@link #decode(DecoderStreamState, Listener)}, the probabilities left in {@link
     * #probabilities()}.
     *
     * @return the most probable class (the first on ties)
     */
    public int decode(DecoderStreamState s) {
        ring.copyWindow(s, window);
        scorer.probabilities(window, probabilities);
        s.predictions++;
        s.nextEmitAt = s.samples + hop;
        return Probabilities.argmax(probabilities, classes);
    }

    /**
     * Whether this decoder scores a window from band powers computed elsewhere over the same raw
     * window with {@code config} and a window of {@code windowSamples} ({@link #decode(
     * DecoderStreamState, double[], int)}), with the same result as from the window itself: a
     * pipeline that reads only band powers, no causal filters, the same Welch configuration and
     * window.
     */
    public boolean scoresBandPower(WelchConfig config, int windowSamples) {
        if (bandPowerScorer == null || windowSamples != model.windowSamples()) {
            return false;
        }
        if (config != acceptedConfig && !bandPowerScorer.welchConfig().equals(config)) {
            return false;
        }
        acceptedConfig = config;
        return true;
    }

    /**
     * As {@link #decode(DecoderStreamState)}, from the band powers of the window that ends at the
     * state's last sample, {@code bandPower[offset .. offset + channels x bands)}, computed
     * elsewhere under a configuration that {@link #scoresBandPower} accepts.
     *
     * @return the most probable class (the first on ties)
     */
    public int decode(DecoderStreamState s, double[] bandPower, int offset) {
        bandPowerScorer.probabilitiesOfBandPower(bandPower, offset, probabilities);
        s.predictions++;
        s.nextEmitAt = s.samples + hop;
        return Probabilities.argmax(probabilities, classes);
    }

    /** The last window's class probabilities (overwritten by the next window). */
    public double[] probabilities() {
        return probabilities;
    }
}
