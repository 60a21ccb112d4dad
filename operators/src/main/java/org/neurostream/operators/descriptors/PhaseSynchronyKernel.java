package org.neurostream.operators.descriptors;

import java.util.Arrays;
import java.util.List;
import org.jtransforms.fft.DoubleFFT_1D;
import org.neurostream.operators.spectral.Band;

/**
 * Phase synchronisation of every channel pair in every band over non-overlapping epochs: the phase
 * locking value (PLV), the phase lag index (PLI) and the weighted phase lag index (wPLI), as
 * MNE-Connectivity's {@code spectral_connectivity_epochs(data, method=['plv', 'pli', 'wpli'],
 * mode='fourier', fmin=los, fmax=his, faverage=True)} computes them.
 *
 * <p>Definition. Each epoch of each channel has its mean removed, is multiplied by the symmetric
 * Hann window ({@code np.hanning(n)}: 0.5 - 0.5 cos(2 pi i / (n - 1))) and transformed by a real
 * FFT (bins f_k = k fs / n). For a pair (a, b), bin k and epoch e, S = X_a conj(X_b) is the
 * cross-spectrum; over the E epochs:
 *
 * <pre>
 *   PLV_k  = | sum_e S / |S| | / E
 *   PLI_k  = | sum_e sign(Im S) | / E
 *   wPLI_k = | sum_e Im S | / sum_e |Im S|      (0 where the denominator is 0)
 * </pre>
 *
 * and a band's value is the mean over its bins lo &lt;= f_k &lt;= hi (MNE's {@code faverage}).
 * Sources: Lachaux et al. 1999 (PLV), Stam et al. 2007 (PLI), Vinck et al. 2011 (wPLI); the
 * estimator code of MNE-Connectivity. For independent signals the expected PLV is about sqrt(pi /
 * (4 E)) and PLI about sqrt(2 / (pi E)) per bin (the bias of a mean of E unit phasors or signs),
 * lower after averaging over a band's bins only in spread, not in bias.
 *
 * <p>Work: one real FFT per channel and epoch (double precision, JTransforms), then per pair, bin
 * and epoch about a dozen flops on the stored spectra. The spectra of up to {@code maxEpochs}
 * epochs are kept at once; longer runs go in passes that add into per-pair accumulators, allocated
 * at the first such call. Channels flagged unusable (flat or not finite) give NaN in every pair
 * they belong to, which callers report as missing with a reason.
 *
 * <p>One instance per thread; no allocation per call after the first (JTransforms allocates one
 * scratch array per transform for a non-power-of-two epoch length).
 */
public final class PhaseSynchronyKernel {
    private final int channels;
    private final int epochSamples;
    private final int maxEpochs;
    private final int pairs;
    private final List<Band> bands;
    private final int[] bins;
    private final int[][] bandBins;
    private final double[] window;
    private final DoubleFFT_1D fft;
    private final double[] segment;

    /** Spectra per channel, used bin and epoch: re, im and 1 / |X|, epoch-minor. */
    private final double[] specRe;

    private final double[] specIm;
    private final double[] specInv;
    private final double[] sumRe;
    private final double[] sumIm;
    private final double[] sumSign;
    private final double[] sumImag;
    private final double[] sumAbsImag;
    private double[][] longSums;

    /**
     * A kernel for {@code channels} channels at {@code fs} Hz, epochs of {@code epochSamples}
     * samples and the given bands; up to {@code maxEpochs} epochs in one pass.
     *
     * @throws IllegalArgumentException when a band holds no FFT bin, or lies outside (0, fs / 2]
     */
    public PhaseSynchronyKernel(
            final int channels,
            final double fs,
            final int epochSamples,
            final List<Band> bands,
            final int maxEpochs) {
        if (channels < 2) {
            throw new IllegalArgumentException("connectivity needs at least 2 channels");
        }
        if (epochSamples < 2 || maxEpochs < 1) {
            throw new IllegalArgumentException("need epochs of at least 2 samples");
        }
        this.channels = channels;
        this.epochSamples = epochSamples;
        this.maxEpochs = maxEpochs;
        this.pairs = channels * (channels - 1) / 2;
        this.bands = List.copyOf(bands);
        final int all = epochSamples / 2 + 1;
        // numpy's rfftfreq: k * (1 / (n * (1 / fs)))
        final double step = 1.0 / (epochSamples * (1.0 / fs));
        final boolean[] used = new boolean[all];
        for (final Band band : this.bands) {
            if (band.lo() <= 0 || band.hi() > fs / 2) {
                throw new IllegalArgumentException(
                        "band " + band + " Hz lies outside (0, " + fs / 2 + "] Hz");
            }
            boolean any = false;
            for (int k = 0; k < all; k++) {
                final double f = k * step;
                if (f >= band.lo() && f <= band.hi()) {
                    used[k] = true;
                    any = true;
                }
            }
            if (!any) {
                throw new IllegalArgumentException(
                        "band "
                                + band
                                + " Hz holds no frequency of a "
                                + epochSamples
                                + "-sample epoch (bins every "
                                + step
                                + " Hz)");
            }
        }
        int count = 0;
        final int[] index = new int[all];
        for (int k = 0; k < all; k++) {
            index[k] = used[k] ? count++ : -1;
        }
        this.bins = new int[count];
        for (int k = 0; k < all; k++) {
            if (used[k]) {
                bins[index[k]] = k;
            }
        }
        this.bandBins = new int[this.bands.size()][];
        for (int b = 0; b < this.bands.size(); b++) {
            final Band band = this.bands.get(b);
            bandBins[b] =
                    Arrays.stream(bins)
                            .filter(k -> k * step >= band.lo() && k * step <= band.hi())
                            .map(k -> index[k])
                            .toArray();
        }
        this.window = new double[epochSamples];
        for (int i = 0; i < epochSamples; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / (epochSamples - 1));
        }
        this.fft = new DoubleFFT_1D(epochSamples);
        this.segment = new double[epochSamples];
        final int stored = channels * maxEpochs * count;
        this.specRe = new double[stored];
        this.specIm = new double[stored];
        this.specInv = new double[stored];
        this.sumRe = new double[count];
        this.sumIm = new double[count];
        this.sumSign = new double[count];
        this.sumImag = new double[count];
        this.sumAbsImag = new double[count];
    }

    /** Channel pairs a &lt; b, in the order (0,1), (0,2), ..., (1,2), ...: C (C - 1) / 2. */
    public int pairs() {
        return pairs;
    }

    /** Number of bands. */
    public int bandCount() {
        return bands.size();
    }

    /** Samples per epoch. */
    public int epochSamples() {
        return epochSamples;
    }

    /**
     * PLV, PLI and wPLI of every pair and band over {@code epochs} consecutive epochs starting at
     * {@code offset} of each channel's array; band b, pair p goes to {@code out[b * pairs() + p]}.
     * Pairs with an unusable channel ({@code usable[c] == false}) get NaN.
     */
    public void compute(
            final float[][] x,
            final int offset,
            final int epochs,
            final boolean[] usable,
            final double[] plv,
            final double[] pli,
            final double[] wpli) {
        if (epochs < 1) {
            throw new IllegalArgumentException("need at least one epoch");
        }
        final int nb = bins.length;
        if (epochs <= maxEpochs) {
            spectra(x, offset, epochs, usable);
            int p = 0;
            for (int a = 0; a < channels; a++) {
                for (int b = a + 1; b < channels; b++, p++) {
                    if (!usable[a] || !usable[b]) {
                        missing(p, plv, pli, wpli);
                        continue;
                    }
                    clearSums();
                    accumulate(a, b, epochs);
                    finish(
                            p,
                            epochs,
                            0,
                            sumRe,
                            sumIm,
                            sumSign,
                            sumImag,
                            sumAbsImag,
                            plv,
                            pli,
                            wpli);
                }
            }
            return;
        }
        if (longSums == null) {
            longSums = new double[5][pairs * nb];
        }
        for (final double[] s : longSums) {
            Arrays.fill(s, 0.0);
        }
        for (int first = 0; first < epochs; first += maxEpochs) {
            final int n = Math.min(maxEpochs, epochs - first);
            spectra(x, offset + first * epochSamples, n, usable);
            int p = 0;
            for (int a = 0; a < channels; a++) {
                for (int b = a + 1; b < channels; b++, p++) {
                    if (usable[a] && usable[b]) {
                        clearSums();
                        accumulate(a, b, n);
                        final int at = p * nb;
                        for (int j = 0; j < nb; j++) {
                            longSums[0][at + j] += sumRe[j];
                            longSums[1][at + j] += sumIm[j];
                            longSums[2][at + j] += sumSign[j];
                            longSums[3][at + j] += sumImag[j];
                            longSums[4][at + j] += sumAbsImag[j];
                        }
                    }
                }
            }
        }
        int p = 0;
        for (int a = 0; a < channels; a++) {
            for (int b = a + 1; b < channels; b++, p++) {
                if (!usable[a] || !usable[b]) {
                    missing(p, plv, pli, wpli);
                } else {
                    finish(
                            p,
                            epochs,
                            p * nb,
                            longSums[0],
                            longSums[1],
                            longSums[2],
                            longSums[3],
                            longSums[4],
                            plv,
                            pli,
                            wpli);
                }
            }
        }
    }

    private void missing(final int p, final double[] plv, final double[] pli, final double[] wpli) {
        for (int band = 0; band < bandBins.length; band++) {
            plv[band * pairs + p] = Double.NaN;
            pli[band * pairs + p] = Double.NaN;
            wpli[band * pairs + p] = Double.NaN;
        }
    }

    /** Spectra of the used bins of every usable channel and epoch. */
    private void spectra(
            final float[][] x, final int offset, final int epochs, final boolean[] usable) {
        final int n = epochSamples;
        final int nb = bins.length;
        final double[] seg = segment;
        for (int c = 0; c < channels; c++) {
            if (!usable[c]) {
                continue;
            }
            final float[] xc = x[c];
            for (int e = 0; e < epochs; e++) {
                final int start = offset + e * n;
                double mean = 0;
                for (int i = 0; i < n; i++) {
                    mean += xc[start + i];
                }
                mean /= n;
                for (int i = 0; i < n; i++) {
                    seg[i] = (xc[start + i] - mean) * window[i];
                }
                fft.realForward(seg);
                for (int j = 0; j < nb; j++) {
                    final int at = (c * nb + j) * maxEpochs + e;
                    final int k = bins[j];
                    final double re;
                    final double im;
                    if (k == 0) {
                        re = seg[0];
                        im = 0;
                    } else if (n % 2 == 0 && k == n / 2) {
                        re = seg[1];
                        im = 0;
                    } else if (n % 2 == 1 && k == (n - 1) / 2) {
                        re = seg[n - 1];
                        im = seg[1];
                    } else {
                        re = seg[2 * k];
                        im = seg[2 * k + 1];
                    }
                    specRe[at] = re;
                    specIm[at] = im;
                    specInv[at] = 1.0 / AnalyticSignal.magnitude(re, im);
                }
            }
        }
    }

    private void clearSums() {
        Arrays.fill(sumRe, 0.0);
        Arrays.fill(sumIm, 0.0);
        Arrays.fill(sumSign, 0.0);
        Arrays.fill(sumImag, 0.0);
        Arrays.fill(sumAbsImag, 0.0);
    }

    /**
     * Adds epochs [0, epochs) of pair (a, b) into the per-bin sums. The spectra lie epoch-minor
     * ({@code (channel * bins + bin) * maxEpochs + epoch}), so the sums of a bin build up in
     * registers.
     */
    private void accumulate(final int a, final int b, final int epochs) {
        final int nb = bins.length;
        final double[] re = specRe;
        final double[] im = specIm;
        final double[] inv = specInv;
        for (int j = 0; j < nb; j++) {
            final int at = (a * nb + j) * maxEpochs;
            final int bt = (b * nb + j) * maxEpochs;
            double sr = 0;
            double si = 0;
            double ss = 0;
            double sw = 0;
            double sa = 0;
            for (int e = 0; e < epochs; e++) {
                final double ar = re[at + e];
                final double ai = im[at + e];
                final double br = re[bt + e];
                final double bi = im[bt + e];
                // S = X_a conj(X_b)
                final double cr = ar * br + ai * bi;
                final double ci = ai * br - ar * bi;
                final double scale = inv[at + e] * inv[bt + e];
                sr += cr * scale;
                si += ci * scale;
                ss += ci > 0 ? 1 : ci < 0 ? -1 : 0;
                sw += ci;
                sa += Math.abs(ci);
            }
            sumRe[j] += sr;
            sumIm[j] += si;
            sumSign[j] += ss;
            sumImag[j] += sw;
            sumAbsImag[j] += sa;
        }
    }

    private void finish(
            final int p,
            final int epochs,
            final int at,
            final double[] sRe,
            final double[] sIm,
            final double[] sSign,
            final double[] sImag,
            final double[] sAbs,
            final double[] plv,
            final double[] pli,
            final double[] wpli) {
        for (int band = 0; band < bandBins.length; band++) {
            final int[] members = bandBins[band];
            double v = 0;
            double l = 0;
            double w = 0;
            for (final int j : members) {
                v += AnalyticSignal.magnitude(sRe[at + j], sIm[at + j]) / epochs;
                l += Math.abs(sSign[at + j] / epochs);
                final double denominator = sAbs[at + j];
                w += denominator == 0 ? 0 : Math.abs(sImag[at + j]) / denominator;
            }
            plv[band * pairs + p] = v / members.length;
            pli[band * pairs + p] = l / members.length;
            wpli[band * pairs + p] = w / members.length;
        }
    }
}
