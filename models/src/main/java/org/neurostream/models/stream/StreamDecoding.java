package org.neurostream.models.stream;

/**
 * One stream's decoding across model changes, as the job keeps it per stream: the stream's shape
 * and clock, the model that decodes it now ({@link #model}, {@code NAME@VERSION}) with its {@link
 * DecoderStreamState}, a model warming up to take over ({@link #pendingModel}), and the last model
 * the stream refused (so that a refusal is reported once). {@link ModelHandover} moves it on.
 */
public final class StreamDecoding {
    /** Channels of the stream's frames. */
    public int channels;

    /** Sample period of the stream's frames, ns. */
    public long periodNs;

    /** Device time of the stream's first sample, ns. */
    public long startNs;

    /** Samples per channel received so far. */
    public long samples;

    /** The model decoding the stream ({@code NAME@VERSION}); null: none yet. */
    public String model;

    /** Its state; null exactly when {@link #model} is. */
    public DecoderStreamState active;

    /** A model whose filters warm up to take over at a window of the grid; null: none. */
    public String pendingModel;

    /** Its state; null exactly when {@link #pendingModel} is. */
    public DecoderStreamState pending;

    /** The last model this stream could not take ({@code NAME@VERSION}); null: none. */
    public String refused;

    /**
     * A stream of {@code channels} channels sampled every {@code periodNs}, first sample at {@code
     * startNs}.
     */
    public StreamDecoding(int channels, long periodNs, long startNs) {
        this.channels = channels;
        this.periodNs = periodNs;
        this.startNs = startNs;
    }

    /** Whether {@code id} is the stream's model, its pending model or the model it refused. */
    public boolean knows(String id) {
        return id.equals(model) || id.equals(pendingModel) || id.equals(refused);
    }

    /** An exact copy (states copied). */
    public StreamDecoding copy() {
        final StreamDecoding c = new StreamDecoding(channels, periodNs, startNs);
        c.samples = samples;
        c.model = model;
        c.active = active == null ? null : active.copy();
        c.pendingModel = pendingModel;
        c.pending = pending == null ? null : pending.copy();
        c.refused = refused;
        return c;
    }
}
