package org.neurostream.operators.flink;

/**
 * Per-stream state of {@link BandPowerFunction}: the last window of samples in a channel-major
 * ring, and where the stream stands. A Flink POJO, mutated in place and checkpointed as is.
 */
public class SpectralState {
    public int channels;
    public long periodNs;
    /** Device time of the stream's first sample, ns. */
    public long startNs;
    /** Samples per channel in the ring (the analysis window). */
    public int window;
    /** Samples per channel between two emissions. */
    public int hop;
    /** {@code ring[channel * window + (sampleIndex % window)]}. */
    public float[] ring;
    /** Samples per channel received so far. */
    public long samples;
    /** Sample count at which the next record is due. */
    public long nextEmitAt;
    /** Sequence number the next frame should carry. */
    public long nextSequence;

    public SpectralState() {}
}
