package org.neurostream.operators.motif;

import java.util.Arrays;

/**
 * Scoring a detector against known motif occurrences the way the ICANN benchmark does (Perrinet
 * 2023, and its reference notebook): potentials for every motif and bin, a threshold at the (1 -
 * rate) quantile of all of them, and the true-positive rate = the fraction of true occurrences (m,
 * t) with V[m, t] above the threshold, bin for bin (no tolerance in time).
 *
 * <p>With rate = the realised occurrence rate, as many detections are made as there are true
 * occurrences, so the true-positive rate is also the precision.
 */
public final class MotifEvaluation {
    private MotifEvaluation() {}

    /**
     * V[m, t] of every motif over bins firstBin to firstBin + bins - 1, computed by the streaming
     * {@link MotifDetector} with no threshold. Bins the detector does not evaluate (before the
     * first input event, or more than D - 1 bins after the last) hold b[m].
     *
     * @param kernel the kernel
     * @param input the input spikes (id = address)
     * @param firstBin the first bin of the span
     * @param bins the span's length, with M bins &lt;= Integer.MAX_VALUE
     * @return V in C order [M, bins]: V[m, t] at m bins + (t - firstBin)
     */
    public static float[] potentials(
            MotifKernel kernel, BinnedEvents input, long firstBin, int bins) {
        final int motifs = kernel.motifs();
        float[] v = new float[Math.multiplyExact(motifs, bins)];
        for (int m = 0; m < motifs; m++) {
            Arrays.fill(v, m * bins, (m + 1) * bins, kernel.bias(m));
        }
        MotifDetector detector =
                new MotifDetector(
                        kernel,
                        1,
                        Double.NEGATIVE_INFINITY,
                        0,
                        (motif, bin, potential) -> {
                            long col = bin - firstBin;
                            if (col >= 0 && col < bins) {
                                v[motif * bins + (int) col] = (float) potential;
                            }
                        });
        final int[] ids = input.ids();
        final long[] times = input.bins();
        for (int i = 0; i < ids.length; i++) {
            detector.onEventInBin(times[i], ids[i]);
        }
        detector.finish();
        return v;
    }

    /**
     * The q-quantile with linear interpolation between order statistics (NumPy's default).
     *
     * @param values the values (not changed)
     * @param q 0 &lt;= q &lt;= 1
     * @return the quantile; NaN for no values
     */
    public static double quantile(float[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * ((double) sorted[hi] - sorted[lo]);
    }

    /**
     * The true-positive rate at the (1 - rate) quantile threshold.
     *
     * @param potentials V in C order [M, bins], as {@link #potentials} returns it
     * @param motifs M
     * @param firstBin the bin of column 0
     * @param occurrences the true occurrences (id = motif); those outside the span are left out
     * @param rate the fraction of (motif, bin) pairs to detect, usually the realised occurrence
     *     rate
     * @return detected occurrences / occurrences in the span (NaN when there are none)
     */
    public static double truePositiveRate(
            float[] potentials, int motifs, long firstBin, BinnedEvents occurrences, double rate) {
        final int bins = potentials.length / motifs;
        final double threshold = quantile(potentials, 1 - rate);
        int inSpan = 0;
        int detected = 0;
        for (int i = 0; i < occurrences.size(); i++) {
            long col = occurrences.bin(i) - firstBin;
            int m = occurrences.id(i);
            if (col < 0 || col >= bins || m < 0 || m >= motifs) {
                continue;
            }
            inSpan++;
            if (potentials[m * bins + (int) col] > threshold) {
                detected++;
            }
        }
        return inSpan == 0 ? Double.NaN : detected / (double) inSpan;
    }

    /**
     * The true-positive rate of a kernel on one benchmark draw, at its realised occurrence rate.
     *
     * @param kernel the detector's kernel: the data's M and N; D may differ from the generating one
     * @param data the benchmark draw
     * @return the true-positive rate
     */
    public static double truePositiveRate(MotifKernel kernel, SyntheticMotifs data) {
        float[] v = potentials(kernel, data.input(), 0, data.bins());
        return truePositiveRate(v, kernel.motifs(), 0, data.occurrences(), data.occurrenceRate());
    }

    /**
     * The kernel of the correlation baseline of the reference notebook: each weight replaced by the
     * firing probability it causes, sigmoid(logit(p_A) + K[m, a, d]), so that V is the plain
     * correlation of the input with each motif's expected spike pattern. Every entry is nonzero.
     *
     * @param kernel K in C order [M, N, D]
     * @param pA the background firing probability
     * @return the baseline kernel, same layout
     */
    public static float[] correlationKernel(float[] kernel, double pA) {
        final double logitA = Math.log(pA / (1 - pA));
        float[] c = new float[kernel.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) (1 / (1 + Math.exp(-(logitA + kernel[i]))));
        }
        return c;
    }
}
