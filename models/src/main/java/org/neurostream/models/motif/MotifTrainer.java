package org.neurostream.models.motif;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurostream.operators.motif.BinnedEvents;

/**
 * Learns a motif kernel from labelled spikes (docs/features.md#motif-training): logistic regression
 * over addresses and delays, V[m, t] = b[m] + sum over a, d of K[m, a, d] A[a, t - d], trained by
 * Adam on the mean binary cross-entropy between sigmoid(V[m, t]) and y[m, t] = 1 where a label says
 * motif m ends in bin t (0 elsewhere), optionally followed by pruning of the smallest weights and
 * fine-tuning of the rest.
 *
 * <p>Every motif is its own logistic regression (the loss is convex in K and b); they share one
 * pass over the input. Start: K = 0, b[m] = logit((labels of m + 0.5) / (T + 1)). Mini-batches are
 * runs of consecutive bins, visited in an order drawn from the seed each epoch; the input of the D
 * - 1 bins before a batch enters its potentials, so batches see exactly what the whole-span
 * convolution sees. The result depends only on the data and the options: the same inputs give the
 * same model, bit for bit, on the same JVM and machine.
 *
 * <p>Cost per epoch: about 2 E M D multiply-adds for E input events, plus M N D per Adam step for
 * the update. Memory: 4 arrays of M N D floats (weights, gradient, Adam moments).
 */
public final class MotifTrainer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final MotifTrainingOptions options;

    /**
     * Creates a trainer.
     *
     * @param options the settings
     */
    public MotifTrainer(MotifTrainingOptions options) {
        this.options = options;
    }

    /**
     * Trains a kernel.
     *
     * @param input the input spikes (id = address); those outside 0..N-1 or outside the span are
     *     left out
     * @param labels the motif ends (id = motif); those outside 0..M-1 or outside the span are left
     *     out
     * @param addresses N &gt;= 1
     * @param motifs M &gt;= 1
     * @param firstBin the first bin of the training span
     * @param bins T &gt;= 1, the span's length
     * @return the model, its metadata holding the options and the loss of every epoch
     * @throws IllegalArgumentException when a size is not positive or M N D or M T exceeds the int
     *     range
     */
    public MotifModel train(
            BinnedEvents input,
            BinnedEvents labels,
            int addresses,
            int motifs,
            long firstBin,
            int bins) {
        final int delays = options.delays();
        if (addresses < 1
                || motifs < 1
                || bins < 1
                || (long) motifs * addresses * delays > Integer.MAX_VALUE
                || (long) motifs * bins > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "need N, M, T >= 1 and M N D, M T within int range;"
                            + " got N = "
                            + addresses
                            + ", M = "
                            + motifs
                            + ", T = "
                            + bins);
        }
        Span span = new Span(input, labels, addresses, motifs, firstBin, bins);
        State state = new State(motifs, addresses, delays, options.batchBins());
        int[] perMotif = new int[motifs];
        for (int i = 0; i < span.labelMotif.length; i++) {
            perMotif[span.labelMotif[i]]++;
        }
        for (int m = 0; m < motifs; m++) {
            state.bias[m] = (float) Math.log((perMotif[m] + 0.5) / (bins - perMotif[m] + 0.5));
        }
        List<Double> losses = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(options.seed());
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            losses.add(epoch(span, state, random, null));
        }
        boolean[] mask = null;
        if (options.pruneKeep() < 1) {
            mask = prune(state.kernel, motifs, addresses * delays, options.pruneKeep());
            state.resetMoments();
            for (int epoch = 0; epoch < options.fineTuneEpochs(); epoch++) {
                losses.add(epoch(span, state, random, mask));
            }
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("method", "logistic regression over delays, mean binary cross-entropy, Adam");
        training.put("epochs", options.epochs());
        training.put("learningRate", options.learningRate());
        training.put("l2", options.l2());
        training.put("batchBins", options.batchBins());
        training.put("seed", options.seed());
        training.put("pruneKeep", options.pruneKeep());
        training.put("fineTuneEpochs", mask == null ? 0 : options.fineTuneEpochs());
        training.put("firstBin", firstBin);
        training.put("bins", bins);
        training.put("inputEvents", span.eventAddress.length);
        training.put("labels", span.labelMotif.length);
        training.put("lossByEpoch", losses);
        return MotifModel.of(
                toMotifMajor(state.kernel, motifs, addresses, delays),
                state.bias,
                motifs,
                addresses,
                delays,
                Map.of("training", training));
    }

    /** One pass over all batches; returns the mean loss (binary cross-entropy + penalty). */
    private double epoch(Span span, State state, SplittableRandom random, boolean[] mask) {
        final int batchBins = options.batchBins();
        final int batches = (span.bins + batchBins - 1) / batchBins;
        int[] order = new int[batches];
        for (int i = 0; i < batches; i++) {
            order[i] = i;
        }
        for (int i = batches - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        double lossSum = 0;
        for (int b : order) {
            int start = b * batchBins;
            int end = Math.min(span.bins, start + batchBins);
            lossSum += step(span, state, start, end, mask);
        }
        double penalty = 0;
        if (options.l2() > 0) {
            for (float w : state.kernel) {
                penalty += w * (double) w;
            }
            penalty *= options.l2() / 2 / ((double) state.motifs * span.bins);
        }
        return lossSum / ((double) state.motifs * span.bins) + penalty;
    }

    /**
     * One Adam step on the bins start..end-1 (relative to the span); returns the batch's summed
     * cross-entropy.
     */
    private double step(Span span, State s, int start, int end, boolean[] mask) {
        final int motifs = s.motifs;
        final int delays = s.delays;
        final int len = end - start;
        final float[] v = s.potential;
        final float[] k = s.kernel;
        for (int t = 0; t < len; t++) {
            System.arraycopy(s.bias, 0, v, t * motifs, motifs);
        }
        // Events from start - D + 1 on reach into the batch.
        final int first = lowerBound(span.eventBin, start - delays + 1);
        final int last = lowerBound(span.eventBin, end);
        for (int i = first; i < last; i++) {
            final int tb = span.eventBin[i];
            final int row = span.eventAddress[i] * delays;
            for (int d = Math.max(0, start - tb); d < delays && tb + d < end; d++) {
                final int kr = (row + d) * motifs;
                final int vr = (tb + d - start) * motifs;
                for (int m = 0; m < motifs; m++) {
                    v[vr + m] += k[kr + m];
                }
            }
        }
        // v becomes the error sigmoid(V) - y, then is scaled to the mean over the whole span.
        final float[] err = v;
        final int labelFirst = lowerBound(span.labelBin, start);
        final int labelLast = lowerBound(span.labelBin, end);
        double loss = 0;
        for (int i = labelFirst; i < labelLast; i++) {
            final int at = (span.labelBin[i] - start) * motifs + span.labelMotif[i];
            if (s.markPositive(at)) {
                loss -= v[at]; // log(1 + e^-z) = log(1 + e^z) - z for y = 1
            }
        }
        for (int i = 0; i < len * motifs; i++) {
            final double z = v[i];
            loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
            err[i] = (float) (1 / (1 + Math.exp(-z)));
        }
        s.subtractPositives(err);
        final float scale = (float) (1.0 / ((double) motifs * span.bins));
        for (int i = 0; i < len * motifs; i++) {
            err[i] *= scale;
        }
        final float[] g = s.gradient;
        Arrays.fill(g, 0f);
        Arrays.fill(s.biasGradient, 0f);
        for (int i = first; i < last; i++) {
            final int tb = span.eventBin[i];
            final int row = span.eventAddress[i] * delays;
            for (int d = Math.max(0, start - tb); d < delays && tb + d < end; d++) {
                final int kr = (row + d) * motifs;
                final int vr = (tb + d - start) * motifs;
                for (int m = 0; m < motifs; m++) {
                    g[kr + m] += err[vr + m];
                }
            }
        }
        for (int t = 0; t < len; t++) {
            for (int m = 0; m < motifs; m++) {
                s.biasGradient[m] += err[t * motifs + m];
            }
        }
        s.adam(options.learningRate(), (float) (options.l2() * scale), mask);
        return loss;
    }

    private static int lowerBound(int[] sorted, int value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Keeps, per motif, the round(keep N D) weights largest in magnitude (ties: the lower index),
     * zeroes the rest; returns the mask of kept weights. Kernel layout [a][d][m].
     */
    static boolean[] prune(float[] kernel, int motifs, int perMotif, double keep) {
        boolean[] mask = new boolean[kernel.length];
        int kept = (int) Math.max(1, Math.round(keep * perMotif));
        Integer[] index = new Integer[perMotif];
        for (int m = 0; m < motifs; m++) {
            final int motif = m;
            for (int j = 0; j < perMotif; j++) {
                index[j] = j;
            }
            Arrays.sort(
                    index,
                    (x, y) ->
                            Float.compare(
                                    Math.abs(kernel[y * motifs + motif]),
                                    Math.abs(kernel[x * motifs + motif])));
            for (int r = 0; r < perMotif; r++) {
                int at = index[r] * motifs + m;
                if (r < kept) {
                    mask[at] = true;
                } else {
                    kernel[at] = 0f;
                }
            }
        }
        return mask;
    }

    /** [a][d][m] (training layout, motif fastest) to [m][a][d] (file layout). */
    private static float[] toMotifMajor(float[] k, int motifs, int addresses, int delays) {
        float[] out = new float[k.length];
        for (int a = 0; a < addresses; a++) {
            for (int d = 0; d < delays; d++) {
                for (int m = 0; m < motifs; m++) {
                    out[(m * addresses + a) * delays + d] = k[(a * delays + d) * motifs + m];
                }
            }
        }
        return out;
    }

    /** The training data inside the span, bins relative to its start. */
    private static final class Span {
        final int bins;
        final int[] eventAddress;
        final int[] eventBin;
        final int[] labelMotif;
        final int[] labelBin;

        Span(
                BinnedEvents input,
                BinnedEvents labels,
                int addresses,
                int motifs,
                long firstBin,
                int bins) {
            this.bins = bins;
            int[][] in = keep(input, addresses, firstBin, bins);
            eventAddress = in[0];
            eventBin = in[1];
            int[][] lab = keep(labels, motifs, firstBin, bins);
            labelMotif = lab[0];
            labelBin = lab[1];
        }

        private static int[][] keep(BinnedEvents events, int ids, long firstBin, int bins) {
            int n = 0;
            int[] id = new int[events.size()];
            int[] bin = new int[events.size()];
            for (int i = 0; i < events.size(); i++) {
                long t = events.bin(i) - firstBin;
                int a = events.id(i);
                if (t >= 0 && t < bins && a >= 0 && a < ids) {
                    id[n] = a;
                    bin[n] = (int) t;
                    n++;
                }
            }
            return new int[][] {Arrays.copyOf(id, n), Arrays.copyOf(bin, n)};
        }
    }

    /** Weights, biases, Adam moments and scratch, kernel layout [a][d][m]. */
    private static final class State {
        final int motifs;
        final int delays;
        final float[] kernel;
        final float[] bias;
        final float[] gradient;
        final float[] biasGradient;
        final float[] potential;
        final boolean[] positive;
        final int[] positives;
        int positiveCount;
        float[] m1;
        float[] m2;
        float[] b1;
        float[] b2;
        int steps;

        State(int motifs, int addresses, int delays, int batchBins) {
            this.motifs = motifs;
            this.delays = delays;
            int size = motifs * addresses * delays;
            kernel = new float[size];
            bias = new float[motifs];
            gradient = new float[size];
            biasGradient = new float[motifs];
            potential = new float[batchBins * motifs];
            positive = new boolean[batchBins * motifs];
            positives = new int[batchBins * motifs];
            resetMoments();
        }

        void resetMoments() {
            m1 = new float[kernel.length];
            m2 = new float[kernel.length];
            b1 = new float[motifs];
            b2 = new float[motifs];
            steps = 0;
        }

        /** Marks a (bin, motif) cell positive; false when it already was (a repeated label). */
        boolean markPositive(int at) {
            if (positive[at]) {
                return false;
            }
            positive[at] = true;
            positives[positiveCount++] = at;
            return true;
        }

        /** err - y over the marked cells, and clears the marks. */
        void subtractPositives(float[] err) {
            for (int i = 0; i < positiveCount; i++) {
                err[positives[i]] -= 1f;
                positive[positives[i]] = false;
            }
            positiveCount = 0;
        }

        void adam(double rate, float l2, boolean[] mask) {
            steps++;
            final float c1 = (float) (1 - Math.pow(BETA1, steps));
            final float c2 = (float) (1 - Math.pow(BETA2, steps));
            final float lr = (float) rate;
            final float beta1 = (float) BETA1;
            final float beta2 = (float) BETA2;
            final float eps = (float) EPSILON;
            final float[] k = kernel;
            final float[] g = gradient;
            for (int i = 0; i < k.length; i++) {
                final float gi = g[i] + l2 * k[i];
                m1[i] = beta1 * m1[i] + (1 - beta1) * gi;
                m2[i] = beta2 * m2[i] + (1 - beta2) * gi * gi;
                k[i] -= lr * (m1[i] / c1) / ((float) Math.sqrt(m2[i] / c2) + eps);
            }
            if (mask != null) {
                for (int i = 0; i < k.length; i++) {
                    if (!mask[i]) {
                        k[i] = 0f;
                    }
                }
            }
            for (int m = 0; m < motifs; m++) {
                final float gi = biasGradient[m];
                b1[m] = beta1 * b1[m] + (1 - beta1) * gi;
                b2[m] = beta2 * b2[m] + (1 - beta2) * gi * gi;
                bias[m] -= lr * (b1[m] / c1) / ((float) Math.sqrt(b2[m] / c2) + eps);
            }
        }
    }
}
