package org.neurostream.models.stream;

/**
 * Hands a stream from one model to the next without losing or repeating a window of the job's grid
 * (plain Java; the job's {@code PipelineDecoderFunction} runs it per stream):
 *
 * <ul>
 *   <li>a model with the same front end as the stream's (channels, sample rate, causal filters,
 *       window: {@link StreamingDecoder#sameFrontEnd}) takes over at the next window, on the
 *       filtered samples the stream has, which are exactly those its own filters would hold;
 *   <li>a model with other filters or another window starts its filters at once and runs them
 *       beside the stream's model until they hold a window and have settled ({@link
 *       StreamingDecoder#newState(long)}); it takes over at the first window of the grid after
 *       that, and the stream's model decodes every window until then;
 *   <li>a stream without a model takes the model at once (from its first sample, or with the
 *       warm-up above when it has had samples without a model);
 *   <li>a model whose channel count or sample rate does not fit the stream is refused: the stream
 *       keeps its model, and {@link #offer} says why, once per model.
 * </ul>
 *
 * Windows keep their numbers across a change: the new model's first window gets the next {@code
 * seq}, and every window of the grid is decoded by exactly one model.
 */
public final class ModelHandover {
    /** The decoders of the models a stream may name. */
    @FunctionalInterface
    public interface Models {
        /** The decoder of model {@code id} ({@code NAME@VERSION}), or null when it is unknown. */
        StreamingDecoder decoder(String id);
    }

    /** Receives each window's result with the model that decoded it. */
    @FunctionalInterface
    public interface Listener {
        /**
         * One window decoded.
         *
         * @param model the model's {@code NAME@VERSION}
         * @param seq the stream's count of windows decoded before this one
         * @param endSample samples of the stream up to the window's end
         * @param probabilities per class (the decoder's array: copy to keep)
         * @param label the most probable class
         */
        void onWindow(String model, long seq, long endSample, double[] probabilities, int label);
    }

    /**
     * Band powers of some of the stream's windows, computed elsewhere from the same samples (the
     * job's band power), which a decoder may score instead of its window ({@link
     * StreamingDecoder#scoresBandPower}).
     */
    public interface WindowBandPowers {
        /**
         * Where in {@link #values()} the band powers of the window that ends after the stream's
         * first {@code endSample} samples begin, when there are such band powers and {@code
         * decoder} scores them; -1 otherwise.
         */
        int offset(StreamingDecoder decoder, long endSample);

        /** The band powers {@link #offset} points into. */
        double[] values();
    }

    private ModelHandover() {}

    /**
     * Offers the stream model {@code id}, decoded by {@code decoder}. A model the stream already
     * has, is warming up or has refused changes nothing.
     *
     * @return null when the stream takes it (now or after its warm-up); otherwise why it cannot,
     *     the stream keeping its model
     */
    public static String offer(
            StreamDecoding s, String id, StreamingDecoder decoder, Models models) {
        if (s.knows(id)) {
            return null;
        }
        final String misfit = decoder.misfit(s.channels, s.periodNs);
        if (misfit != null) {
            s.refused = id;
            return misfit;
        }
        final StreamingDecoder current = s.model == null ? null : models.decoder(s.model);
        s.pendingModel = null;
        s.pending = null;
        if (current == null) {
            s.model = id;
            s.active = decoder.newState(s.samples);
        } else if (current.sameFrontEnd(decoder)) {
            s.model = id;
        } else {
            s.pendingModel = id;
            s.pending = decoder.newState(s.samples);
        }
        return null;
    }

    /**
     * Appends {@code count} samples of every channel, sample-major, and decodes every window that
     * falls due, each with the model the stream has at that window; a window whose band powers
     * {@code bandPowers} holds for its model is scored from them (the same numbers), not from the
     * window. {@code bandPowers} may be null.
     */
    public static void append(
            StreamDecoding s,
            Models models,
            float[] samples,
            int offset,
            int count,
            WindowBandPowers bandPowers,
            Listener listener) {
        StreamingDecoder active = s.model == null ? null : models.decoder(s.model);
        if (s.model != null && active == null) {
            // a model no longer known (a restore with another start model): the stream starts over
            // with the next model offered
            s.model = null;
            s.active = null;
        }
        StreamingDecoder pending = s.pendingModel == null ? null : models.decoder(s.pendingModel);
        if (s.pendingModel != null && pending == null) {
            s.pendingModel = null;
            s.pending = null;
        }
        final int channels = s.channels;
        int done = 0;
        while (done < count) {
            final int n =
                    active == null
                            ? count - done
                            : (int) Math.min(count - done, s.active.nextEmitAt - s.active.samples);
            final int from = offset + done * channels;
            if (active != null) {
                active.feed(s.active, samples, from, n);
            }
            if (pending != null) {
                pending.feed(s.pending, samples, from, n);
            }
            s.samples += n;
            done += n;
            if (active != null && s.active.samples == s.active.nextEmitAt) {
                if (pending != null && s.pending.samples >= s.pending.nextEmitAt) {
                    s.pending.nextEmitAt = s.pending.samples;
                    s.pending.predictions = s.active.predictions;
                    s.model = s.pendingModel;
                    s.active = s.pending;
                    s.pendingModel = null;
                    s.pending = null;
                    active = pending;
                    pending = null;
                }
                final long seq = s.active.predictions;
                final int at = bandPowers == null ? -1 : bandPowers.offset(active, s.samples);
                final int label =
                        at < 0
                                ? active.decode(s.active)
                                : active.decode(s.active, bandPowers.values(), at);
                listener.onWindow(s.model, seq, s.samples, active.probabilities(), label);
            }
        }
    }
}
