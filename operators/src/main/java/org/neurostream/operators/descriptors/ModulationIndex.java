package org.neurostream.operators.descriptors;

import org.neurostream.operators.spectral.Band;

/**
 * Phase-amplitude coupling as Tort's modulation index (Tort et al. 2010), computed as tensorpac
 * 0.6.5's {@code Pac(idpac=(2, 0, 0), f_pha=[lo, hi], f_amp=[lo, hi], dcomplex='hilbert', cycle=(3,
 * 6), n_bins=18).filterfit(fs, x)} does, filters included:
 *
 * <ol>
 *   <li>phase: x band-passed by tensorpac's {@code fir1} of order 3 x floor(fs / phase_lo) (lowered
 *       to (N - 1) / 3 for short signals; {@link FirDesign#tensorpacOrder}), run as {@code
 *       filtfilt(b, 1, x, padlen=order)}; the angle of its analytic signal (Hilbert transform
 *       zero-padded to the next 5-smooth length, {@link AnalyticSignal#nextFastLength});
 *   <li>amplitude: the same with order 6 x floor(fs / amp_lo), the modulus of the analytic signal;
 *   <li>phases binned into 18 equal bins of [-pi, pi) ({@code np.digitize} on {@code
 *       np.linspace(-pi, pi, 19)}), the mean amplitude per occupied bin, normalised to a
 *       distribution p;
 *   <li>MI = (log 18 + sum p log p) / log 18: the Kullback-Leibler distance of p from the uniform
 *       distribution over log 18. 0 without coupling, rising with it.
 * </ol>
 *
 * <p>One instance per thread and signal length (tensorpac's filter order depends on the length);
 * buffers are allocated in the constructor.
 */
public final class ModulationIndex {
    private final int length;
    private final int bins;
    private final ZeroPhaseFir phaseFilter;
    private final ZeroPhaseFir amplitudeFilter;
    private final AnalyticSignal analytic;
    private final double[] edges;
    private final double[] filtered;
    private final double[] re;
    private final double[] im;
    private final double[] phase;
    private final double[] binSum;
    private final long[] binCount;

    /**
     * MI between the phase of {@code phaseBand} and the amplitude of {@code amplitudeBand} for
     * signals of exactly {@code length} samples at {@code fs}, with {@code bins} phase bins.
     *
     * @throws IllegalArgumentException when a band does not lie inside (0, fs / 2) or the signal is
     *     too short for the filters (an order under 2)
     */
    public ModulationIndex(
            final double fs,
            final Band phaseBand,
            final Band amplitudeBand,
            final int bins,
            final int length) {
        this.length = length;
        this.bins = bins;
        final int phaseOrder = FirDesign.tensorpacOrder(fs, length, phaseBand.lo(), 3);
        final int ampOrder = FirDesign.tensorpacOrder(fs, length, amplitudeBand.lo(), 6);
        this.phaseFilter =
                new ZeroPhaseFir(
                        FirDesign.tensorpacFir1(phaseOrder, phaseBand.lo(), phaseBand.hi(), fs),
                        phaseOrder,
                        length);
        this.amplitudeFilter =
                new ZeroPhaseFir(
                        FirDesign.tensorpacFir1(
                                ampOrder, amplitudeBand.lo(), amplitudeBand.hi(), fs),
                        ampOrder,
                        length);
        this.analytic = new AnalyticSignal(AnalyticSignal.nextFastLength(length));
        this.edges = new double[bins + 1];
        // np.linspace(-pi, pi, bins + 1): start + i * step, the last edge exactly pi
        final double step = (Math.PI - -Math.PI) / bins;
        for (int i = 0; i < bins; i++) {
            edges[i] = i * step + -Math.PI;
        }
        edges[bins] = Math.PI;
        this.filtered = new double[length];
        this.re = new double[length];
        this.im = new double[length];
        this.phase = new double[length];
        this.binSum = new double[bins + 2];
        this.binCount = new long[bins + 2];
    }

    /** The signal length this instance takes. */
    public int length() {
        return length;
    }

    /** MI of {@code x[offset .. offset + length())}. */
    public double compute(final float[] x, final int offset) {
        phaseFilter.filter(x, offset, length, filtered, 0);
        analytic.transform(filtered, 0, length, re, im);
        for (int i = 0; i < length; i++) {
            phase[i] = Math.atan2(im[i], re[i]);
        }
        amplitudeFilter.filter(x, offset, length, filtered, 0);
        analytic.transform(filtered, 0, length, re, im);
        java.util.Arrays.fill(binSum, 0.0);
        java.util.Arrays.fill(binCount, 0L);
        for (int i = 0; i < length; i++) {
            final int bin = digitize(phase[i]);
            binSum[bin] += AnalyticSignal.magnitude(re[i], im[i]);
            binCount[bin]++;
        }
        double total = 0;
        for (int b = 0; b < binSum.length; b++) {
            if (binCount[b] > 0) {
                total += binSum[b] / binCount[b];
            }
        }
        double entropy = 0;
        for (int b = 0; b < binSum.length; b++) {
            if (binCount[b] > 0) {
                final double p = binSum[b] / binCount[b] / total;
                if (p > 0) {
                    entropy += p * Math.log(p);
                }
            }
        }
        return 1 + entropy / Math.log(bins);
    }

    /**
     * np.digitize(phi, edges) - 1 shifted by one (slot 0 below the first edge, slot bins + 1 at or
     * above the last): the number of edges at or below phi.
     */
    private int digitize(final double phi) {
        int k = (int) Math.floor((phi - edges[0]) / (edges[1] - edges[0]));
        k = Math.max(0, Math.min(bins, k));
        while (k > 0 && edges[k] > phi) {
            k--;
        }
        while (k <= bins && edges[k] <= phi) {
            k++;
        }
        return k;
    }
}
