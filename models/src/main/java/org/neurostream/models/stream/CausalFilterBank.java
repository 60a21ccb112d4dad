package org.neurostream.models.stream;

import org.neurostream.models.pipeline.FilterDesign;
import org.neurostream.operators.spectral.BandEntropyKernel;

/**
 * Runs a {@link FilterDesign} on one channel at a time: each band's Butterworth band-pass through
 * the job's own section arithmetic ({@link BandEntropyKernel#filterBand}, {@code sosfilt} in
 * double), the state of every channel and band held by the caller, so that the filters run on from
 * call to call, and any split of the input into chunks gives the same outputs bit for bit. Without
 * bands the output is the input, widened to double. Allocates nothing per call; one instance per
 * thread.
 */
public final class CausalFilterBank {
    private final FilterDesign design;
    private final BandEntropyKernel kernel;
    private final int outputs;

    /** The filters of {@code design} at sampling rate {@code fs}. */
    public CausalFilterBank(FilterDesign design, double fs) {
        design.check(fs);
        this.design = design;
        this.kernel = design.isNone() ? null : new BandEntropyKernel(fs, design.bands());
        this.outputs = design.outputs();
    }

    /** The design. */
    public FilterDesign design() {
        return design;
    }

    /** Output signals per channel (bands, or 1 without filters). */
    public int outputs() {
        return outputs;
    }

    /** Doubles of filter state for {@code channels} channels, all zero at a stream's start. */
    public int stateLength(int channels) {
        return kernel == null ? 0 : kernel.stateLength(channels);
    }

    /**
     * Filters {@code x[offset .. offset + length)} of one channel through output {@code band},
     * continuing that channel's and band's state, into {@code y[yOffset ..]}.
     */
    public void filter(
            int band,
            int channel,
            double[] state,
            float[] x,
            int offset,
            double[] y,
            int yOffset,
            int length) {
        if (kernel == null) {
            for (int i = 0; i < length; i++) {
                y[yOffset + i] = x[offset + i];
            }
            return;
        }
        kernel.filterBand(band, channel, state, x, offset, y, yOffset, length);
    }
}
