package org.neurostream.operators.flink;

/**
 * Per-stream state of {@link BandPowerFunction}: the last window of samples in a channel-major
 * ring, the band-pass filters of the band differential entropy with the moments of their outputs,
 * and where the stream stands. Mutated in place; {@link SpectralAnalysis} creates and advances it,
 * {@link SpectralStateSerializer} writes it (earlier releases checkpointed it as a Flink POJO, and
 * those checkpoints still restore).
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

    /** Records emitted so far: the next record's {@code seq}. */
    public long records;

    /**
     * Band-pass filter state of every channel and band ({@code BandEntropyKernel} layout), carried
     * from the stream's first sample on, never reset per window.
     */
    public double[] filter;

    /**
     * Samples per block of entropy moments: gcd(window, hop), so that every window is a whole
     * number of blocks and every emission falls on a block end (unless that makes more than two
     * blocks per hop: then every hop is two blocks, {@code SpectralAnalysis} says how).
     */
    public int block;

    /**
     * Sums of the filter outputs and of their squares per block, in a ring of window / block slots
     * (2 (window / hop + 1) with two blocks per hop): {@code blockSum[slot * channels * bands +
     * channel * bands + band]}, slot = block index % slots.
     */
    public double[] blockSum;

    public double[] blockSumSquares;

    /**
     * Exponentially averaged PSD, {@code averagedPsd[channel * bins + k]}; null before the first
     * emission, and always when averaging is off.
     */
    public double[] averagedPsd;

    public SpectralState() {}
}
