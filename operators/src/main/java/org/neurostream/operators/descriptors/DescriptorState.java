package org.neurostream.operators.descriptors;

/**
 * Per-stream state of the streaming descriptors: the last {@code capacity} samples of every channel
 * in a channel-major ring, and where the stream stands on its two emission grids. Primitive arrays
 * only, checkpointed by {@code operators.flink.DescriptorStateSerializer}; {@link DescriptorStream}
 * creates and advances it in place.
 */
public final class DescriptorState {
    /** Channels and sample period of the stream's layout. */
    public int channels;

    public long periodNs;

    /** Device time of the stream's first sample, ns. */
    public long startNs;

    /** Samples per channel the ring holds: the longer of the two windows. */
    public int capacity;

    /** {@code ring[channel * capacity + (sampleIndex % capacity)]}. */
    public float[] ring;

    /** Samples per channel received so far. */
    public long samples;

    /** Sample counts at which the next window of the fast descriptors and of DFA ends. */
    public long nextFastAt;

    public long nextDfaAt;

    public DescriptorState() {}

    /** A deep copy. */
    public DescriptorState copy() {
        final DescriptorState s = new DescriptorState();
        s.channels = channels;
        s.periodNs = periodNs;
        s.startNs = startNs;
        s.capacity = capacity;
        s.ring = ring == null ? null : ring.clone();
        s.samples = samples;
        s.nextFastAt = nextFastAt;
        s.nextDfaAt = nextDfaAt;
        return s;
    }
}
