package org.neurostream.operators.calcium;

import java.util.SplittableRandom;

/**
 * Seeded AR(1) calcium traces with known spikes: s_t &gt; 0 with probability rate / fs per frame,
 * c_t = g c_{t-1} + s_t (c before frame 0 is 0), y_t = c_t + sigma noise_t.
 */
final class SyntheticCalcium {
    final double[] spikes;
    final double[] calcium;
    final double[] trace;

    private SyntheticCalcium(final double[] spikes, final double[] calcium, final double[] trace) {
        this.spikes = spikes;
        this.calcium = calcium;
        this.trace = trace;
    }

    /**
     * @param amplitudeMin smallest spike size; sizes are uniform in [amplitudeMin, amplitudeMax]
     */
    static SyntheticCalcium generate(
            final int frames,
            final double g,
            final double fs,
            final double rate,
            final double amplitudeMin,
            final double amplitudeMax,
            final double sigma,
            final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] s = new double[frames];
        final double[] c = new double[frames];
        final double[] y = new double[frames];
        double level = 0;
        for (int t = 0; t < frames; t++) {
            if (random.nextDouble() < rate / fs) {
                s[t] = amplitudeMin + (amplitudeMax - amplitudeMin) * random.nextDouble();
            }
            level = g * level + s[t];
            c[t] = level;
            y[t] = level + sigma * gaussian(random);
        }
        return new SyntheticCalcium(s, c, y);
    }

    int spikeCount() {
        int n = 0;
        for (final double v : spikes) {
            n += v > 0 ? 1 : 0;
        }
        return n;
    }

    /** A standard normal draw (Box-Muller). */
    static double gaussian(final SplittableRandom random) {
        final double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }

    /**
     * Precision and recall of detected frames against true spike frames, matches within tol frames.
     */
    static double[] precisionRecall(
            final boolean[] truth, final boolean[] detected, final int tol) {
        int detectedCount = 0;
        int detectedMatched = 0;
        int trueCount = 0;
        int trueMatched = 0;
        for (int t = 0; t < truth.length; t++) {
            if (detected[t]) {
                detectedCount++;
                detectedMatched += near(truth, t, tol) ? 1 : 0;
            }
            if (truth[t]) {
                trueCount++;
                trueMatched += near(detected, t, tol) ? 1 : 0;
            }
        }
        return new double[] {
            detectedMatched / (double) detectedCount,
            trueMatched / (double) trueCount,
            detectedMatched,
            detectedCount,
            trueMatched,
            trueCount
        };
    }

    private static boolean near(final boolean[] marks, final int t, final int tol) {
        for (int k = Math.max(0, t - tol); k <= Math.min(marks.length - 1, t + tol); k++) {
            if (marks[k]) {
                return true;
            }
        }
        return false;
    }
}
