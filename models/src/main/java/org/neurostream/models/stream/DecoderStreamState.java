package org.neurostream.models.stream;

/**
 * Where one stream stands with one model in a {@link StreamingDecoder}: the causal filters' state
 * carried from the sample {@link #origin} on (the stream's first sample, or the sample at which a
 * model taken over mid-stream started its filters), the last window of filtered samples in a ring,
 * the sample count, the next point of the emission grid and the number of predictions made. Mutated
 * in place by the decoder; the job keeps it inside a {@link StreamDecoding}.
 */
public final class DecoderStreamState {
    /** Channels of the stream. */
    public int channels;

    /** Filter outputs per channel (bands; 1 without filters). */
    public int outputs;

    /** Samples per channel in a window. */
    public int window;

    /** The stream's sample count at which these filters started (0: its first sample). */
    public long origin;

    /** Samples per channel of the stream received so far (counted from the stream's start). */
    public long samples;

    /** Sample count at which the next window is due. */
    public long nextEmitAt;

    /** Predictions made so far: the next one's {@code seq}. */
    public long predictions;

    /** Filter state of every channel and band (the filter bank's layout). */
    public double[] filter;

    /** {@code ring[(output * channels + channel) * window + sampleIndex % window]}. */
    public double[] ring;

    /** A state for a stream of the given shape, at its start. */
    public DecoderStreamState(int channels, int outputs, int window, int filterLength) {
        this.channels = channels;
        this.outputs = outputs;
        this.window = window;
        this.filter = new double[filterLength];
        this.ring = new double[outputs * channels * window];
    }

    /** Whether a whole window has gone through these filters. */
    public boolean hasWindow() {
        return samples - origin >= window;
    }

    /** An exact copy (arrays copied). */
    public DecoderStreamState copy() {
        final DecoderStreamState c =
                new DecoderStreamState(channels, outputs, window, filter.length);
        c.origin = origin;
        c.samples = samples;
        c.nextEmitAt = nextEmitAt;
        c.predictions = predictions;
        System.arraycopy(filter, 0, c.filter, 0, filter.length);
        System.arraycopy(ring, 0, c.ring, 0, ring.length);
        return c;
    }
}
