package org.neurostream.operators.motif;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The synthetic benchmark of Perrinet (ICANN 2023) in the causal form of
 * docs/features.md#synthetic-benchmark: random sparse motif kernels, motif occurrences drawn at
 * random, and input spikes drawn from the generative model, all from one seed.
 *
 * <p>Kernels: W = 4 z with z standard normal, shape [M, N, D]; entries at or below 4 Phi^-1(0.95)
 * set to zero (about 5 % remain, all positive); multiplied along the delay axis by the envelope
 * exp(-s / 0.4) (1 - exp(-s / 0.05)), s = linspace(0, 1, D); then K[., ., d] = W[d] - 0.8 W[d - 1]
 * - 0.2 W[d - 2] (terms outside 0..D-1 left out). The filter spreads each spike into a
 * depolarisation followed by a hyperpolarisation, so about 13 % of K is nonzero.
 *
 * <p>Rasters: B[m, t] ~ Bernoulli(p_B) for D &lt;= t &lt; T - D (none within D bins of either end);
 * logit P(A[a, t] = 1) = logit(p_A) + sum over occurrences (m, t0) of K[m, a, t0 - t] for 0 &lt;=
 * t0 - t &lt; D; A drawn as Bernoulli. Bins run from 0 to T - 1; input events come sorted by bin
 * then address, occurrences by bin then motif.
 *
 * <p>Draw order, for reproducibility: kernels (normals by Box-Muller, two uniforms each, C order),
 * then occurrences (bin-major), then input (bin-major), all from one {@link SplittableRandom}.
 */
public final class SyntheticMotifs {
    /** Phi^-1(0.95), the normal quantile that keeps about 5 % of W. */
    public static final double NORMAL_QUANTILE_95 = 1.6448536269514722;

    /** Scale of W, and of the threshold: 4 (E_SM of the reference notebook). */
    public static final double WEIGHT_SCALE = 4.0;

    private static final int BLOCK_BINS = 4096;

    private final int motifs;
    private final int addresses;
    private final int delays;
    private final int bins;
    private final double pA;
    private final double pB;
    private final float[] kernel;
    private final BinnedEvents input;
    private final BinnedEvents occurrences;

    private SyntheticMotifs(
            int motifs,
            int addresses,
            int delays,
            int bins,
            double pA,
            double pB,
            float[] kernel,
            BinnedEvents input,
            BinnedEvents occurrences) {
        this.motifs = motifs;
        this.addresses = addresses;
        this.delays = delays;
        this.bins = bins;
        this.pA = pA;
        this.pB = pB;
        this.kernel = kernel;
        this.input = input;
        this.occurrences = occurrences;
    }

    /**
     * Draws kernels, occurrences and input.
     *
     * @param motifs M &gt;= 1
     * @param addresses N &gt;= 1
     * @param delays D &gt;= 1
     * @param bins T &gt; 2 D
     * @param pA background firing probability per address and bin, 0 &lt; pA &lt; 1
     * @param pB occurrence probability per motif and bin, 0 &lt;= pB &lt;= 1
     * @param seed the seed
     * @return the benchmark data
     */
    public static SyntheticMotifs generate(
            int motifs, int addresses, int delays, int bins, double pA, double pB, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] kernel = kernels(motifs, addresses, delays, random);
        return draw(kernel, motifs, addresses, delays, bins, pA, pB, random);
    }

    /**
     * Draws new occurrences and input for given kernels (for held-out test data).
     *
     * @param kernel K in C order [M, N, D]
     * @param motifs M
     * @param addresses N
     * @param delays D
     * @param bins T &gt; 2 D
     * @param pA background firing probability, 0 &lt; pA &lt; 1
     * @param pB occurrence probability, 0 &lt;= pB &lt;= 1
     * @param seed the seed
     * @return the benchmark data, sharing the kernel array
     */
    public static SyntheticMotifs drawWith(
            float[] kernel,
            int motifs,
            int addresses,
            int delays,
            int bins,
            double pA,
            double pB,
            long seed) {
        return draw(kernel, motifs, addresses, delays, bins, pA, pB, new SplittableRandom(seed));
    }

    /**
     * The kernels alone, as {@link #generate} draws them first from a generator seeded with seed.
     *
     * @param motifs M &gt;= 1
     * @param addresses N &gt;= 1
     * @param delays D &gt;= 1
     * @param seed the seed
     * @return K in C order [M, N, D]
     */
    public static float[] kernels(int motifs, int addresses, int delays, long seed) {
        return kernels(motifs, addresses, delays, new SplittableRandom(seed));
    }

    private static float[] kernels(int motifs, int addresses, int delays, SplittableRandom random) {
        if (motifs < 1 || addresses < 1 || delays < 1) {
            throw new IllegalArgumentException("need M, N, D >= 1");
        }
        final double threshold = WEIGHT_SCALE * NORMAL_QUANTILE_95;
        double[] envelope = new double[delays];
        for (int d = 0; d < delays; d++) {
            double s = delays == 1 ? 0 : d / (double) (delays - 1);
            envelope[d] = Math.exp(-s / 0.4) * (1 - Math.exp(-s / 0.05));
        }
        float[] k = new float[motifs * addresses * delays];
        double[] w = new double[delays];
        for (int row = 0; row < motifs * addresses; row++) {
            for (int d = 0; d < delays; d++) {
                double x = WEIGHT_SCALE * gaussian(random);
                w[d] = x > threshold ? x * envelope[d] : 0;
            }
            for (int d = 0; d < delays; d++) {
                double v = w[d] - (d >= 1 ? 0.8 * w[d - 1] : 0) - (d >= 2 ? 0.2 * w[d - 2] : 0);
                k[row * delays + d] = (float) v;
            }
        }
        return k;
    }

    private static SyntheticMotifs draw(
            float[] kernel,
            int motifs,
            int addresses,
            int delays,
            int bins,
            double pA,
            double pB,
            SplittableRandom random) {
        if ((long) motifs * addresses * delays != kernel.length
                || bins <= 2 * delays
                || !(pA > 0 && pA < 1)
                || !(pB >= 0 && pB <= 1)) {
            throw new IllegalArgumentException(
                    "need a kernel of M N D weights, T > 2 D, 0 < pA < 1"
                            + " and 0 <= pB <= 1; got "
                            + kernel.length
                            + " weights, M N D = "
                            + motifs
                            + " "
                            + addresses
                            + " "
                            + delays
                            + ", T = "
                            + bins
                            + ", pA = "
                            + pA
                            + ", pB = "
                            + pB);
        }
        BinnedEvents.Builder occ = new BinnedEvents.Builder();
        for (int t = delays; t < bins - delays; t++) {
            for (int m = 0; m < motifs; m++) {
                if (random.nextDouble() < pB) {
                    occ.add(m, t);
                }
            }
        }
        final float logitA = (float) Math.log(pA / (1 - pA));
        float[] logit = new float[addresses * BLOCK_BINS];
        BinnedEvents.Builder in = new BinnedEvents.Builder();
        int firstOcc = 0;
        for (int start = 0; start < bins; start += BLOCK_BINS) {
            final int end = Math.min(bins, start + BLOCK_BINS);
            final int len = end - start;
            Arrays.fill(logit, logitA);
            // Occurrences ending in [start, end + D - 1) reach back into this block.
            while (firstOcc < occ.size() && occ.bin(firstOcc) < start) {
                firstOcc++;
            }
            for (int i = firstOcc; i < occ.size() && occ.bin(i) < end + delays - 1; i++) {
                final int m = occ.id(i);
                final int t0 = (int) occ.bin(i);
                for (int d = Math.max(0, t0 - end + 1); d < delays && t0 - d >= start; d++) {
                    final int col = t0 - d - start;
                    for (int a = 0; a < addresses; a++) {
                        logit[col * addresses + a] += kernel[(m * addresses + a) * delays + d];
                    }
                }
            }
            for (int col = 0; col < len; col++) {
                for (int a = 0; a < addresses; a++) {
                    final double p = 1 / (1 + Math.exp(-logit[col * addresses + a]));
                    if (random.nextDouble() < p) {
                        in.add(a, start + col);
                    }
                }
            }
        }
        return new SyntheticMotifs(
                motifs, addresses, delays, bins, pA, pB, kernel, in.build(), occ.build());
    }

    /** A standard normal draw (Box-Muller); SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }

    /**
     * Biases that make V the log-odds of the generative model with these kernels: b[m] = logit(p_B)
     * + sum over a, d of log((1 - sigmoid(logit(p_A) + K[m, a, d])) / (1 - p_A)), the evidence of
     * the silent inputs, with K standing in for the log-likelihood ratio of a spike. Quantile
     * thresholds do not depend on it; a fixed threshold of 0 does.
     *
     * @return b, length M
     */
    public float[] generatingBias() {
        final double logitA = Math.log(pA / (1 - pA));
        final double logitB = Math.log(pB / (1 - pB));
        float[] bias = new float[motifs];
        final int perMotif = addresses * delays;
        for (int m = 0; m < motifs; m++) {
            double silent = 0;
            for (int i = m * perMotif; i < (m + 1) * perMotif; i++) {
                if (kernel[i] != 0f) {
                    double p1 = 1 / (1 + Math.exp(-(logitA + kernel[i])));
                    silent += Math.log((1 - p1) / (1 - pA));
                }
            }
            bias[m] = (float) (logitB + silent);
        }
        return bias;
    }

    /** Returns M. */
    public int motifs() {
        return motifs;
    }

    /** Returns N. */
    public int addresses() {
        return addresses;
    }

    /** Returns D. */
    public int delays() {
        return delays;
    }

    /** Returns T, the number of bins (0 to T - 1). */
    public int bins() {
        return bins;
    }

    /** Returns p_A. */
    public double pA() {
        return pA;
    }

    /** Returns p_B. */
    public double pB() {
        return pB;
    }

    /** Returns the generating kernel K, C order [M, N, D], not a copy. */
    public float[] kernel() {
        return kernel;
    }

    /** Returns the input spikes (id = address), sorted by bin then address. */
    public BinnedEvents input() {
        return input;
    }

    /** Returns the motif occurrences (id = motif), sorted by bin then motif. */
    public BinnedEvents occurrences() {
        return occurrences;
    }

    /** Returns the realised occurrence rate: occurrences / (M T). */
    public double occurrenceRate() {
        return occurrences.size() / ((double) motifs * bins);
    }
}
