package org.neurostream.models.stream;

import org.ejml.data.DMatrixRMaj;

/**
 * Filters one stream's samples as they come and keeps the last window of every filter output in a
 * ring ({@link DecoderStreamState#ring}); {@link #copyWindow} unrolls it in time order. The same
 * code cuts training epochs from a file and feeds the live decoder, so both see the same numbers.
 * Allocates nothing per call after construction; one instance per thread.
 */
public final class WindowRing {
    private static final int CHUNK = 256;

    private final CausalFilterBank filters;
    private final int channels;
    private final int outputs;
    private final int window;
    private final float[] channelSamples = new float[CHUNK];
    private final double[] filtered = new double[CHUNK];

    /** A ring for streams of {@code channels} channels and windows of {@code window} samples. */
    public WindowRing(CausalFilterBank filters, int channels, int window) {
        if (channels < 1 || window < 1) {
            throw new IllegalArgumentException(
                    "need at least one channel and one sample per window; got "
                            + channels
                            + " channels, window "
                            + window);
        }
        this.filters = filters;
        this.channels = channels;
        this.outputs = filters.outputs();
        this.window = window;
    }

    /** A state at a stream's start, the first window due after {@code window} samples. */
    public DecoderStreamState newState() {
        return newState(0);
    }

    /**
     * A state whose filters start at the stream's sample {@code at} (its first: 0), the first
     * window due once {@code window} samples have gone through them.
     */
    public DecoderStreamState newState(long at) {
        final DecoderStreamState s =
                new DecoderStreamState(channels, outputs, window, filters.stateLength(channels));
        s.origin = at;
        s.samples = at;
        s.nextEmitAt = at + window;
        return s;
    }

    /** The filters. */
    public CausalFilterBank filters() {
        return filters;
    }

    /** Channels per sample. */
    public int channels() {
        return channels;
    }

    /** Samples per window. */
    public int window() {
        return window;
    }

    /** Filter outputs per channel. */
    public int outputs() {
        return outputs;
    }

    /**
     * Filters {@code count} samples of every channel, sample-major as frames carry them ({@code
     * samples[offset + i * channels + c]}), into the ring.
     */
    public void append(DecoderStreamState s, float[] samples, int offset, int count) {
        int done = 0;
        while (done < count) {
            final int slot = (int) (s.samples % window);
            // up to the chunk size and the ring's end, so that every output lands contiguously
            final int n = Math.min(Math.min(CHUNK, count - done), window - slot);
            for (int c = 0; c < channels; c++) {
                int from = offset + done * channels + c;
                for (int i = 0; i < n; i++) {
                    channelSamples[i] = samples[from];
                    from += channels;
                }
                for (int b = 0; b < outputs; b++) {
                    filters.filter(b, c, s.filter, channelSamples, 0, filtered, 0, n);
                    System.arraycopy(filtered, 0, s.ring, (b * channels + c) * window + slot, n);
                }
            }
            s.samples += n;
            done += n;
        }
    }

    /**
     * Copies the last window of every output, oldest sample first, into {@code out[output]}
     * (channels x window each).
     *
     * @throws IllegalStateException before a whole window has gone through the filters
     */
    public void copyWindow(DecoderStreamState s, DMatrixRMaj[] out) {
        if (!s.hasWindow()) {
            throw new IllegalStateException(
                    "only " + (s.samples - s.origin) + " samples, a window needs " + window);
        }
        final int oldest = (int) (s.samples % window);
        for (int b = 0; b < outputs; b++) {
            final double[] dst = out[b].data;
            for (int c = 0; c < channels; c++) {
                final int from = (b * channels + c) * window;
                final int to = c * window;
                System.arraycopy(s.ring, from + oldest, dst, to, window - oldest);
                System.arraycopy(s.ring, from, dst, to + window - oldest, oldest);
            }
        }
    }

    /** Fresh output matrices for {@link #copyWindow}: one channels x window matrix per output. */
    public DMatrixRMaj[] newWindow() {
        final DMatrixRMaj[] w = new DMatrixRMaj[outputs];
        for (int b = 0; b < outputs; b++) {
            w[b] = new DMatrixRMaj(channels, window);
        }
        return w;
    }
}
