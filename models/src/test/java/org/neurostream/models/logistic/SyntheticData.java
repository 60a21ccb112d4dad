package org.neurostream.models.logistic;

import java.util.Random;

/** Seeded synthetic decoder problems with known answers, shaped like epoch-grouped EEG windows. */
final class SyntheticData {
    final double[][] x;
    final int[] y;
    final int[] groups;

    private SyntheticData(double[][] x, int[] y, int[] groups) {
        this.x = x;
        this.y = y;
        this.groups = groups;
    }

    /**
     * Two Gaussian classes with identity covariance whose means are {@code separation} apart
     * (Mahalanobis), so the Bayes accuracy at equal priors is Phi(separation / 2). Groups of {@code
     * groupSize} consecutive samples share a label, alternating classes like the rest and imagery
     * epochs of a run; samples are independent within a group. Each feature then gets an arbitrary
     * offset and scale, which standardisation must undo.
     */
    static SyntheticData gaussianClasses(
            long seed, int groupCount, int groupSize, int p, double separation) {
        Random random = new Random(seed);
        double[] direction = new double[p];
        double norm = 0.0;
        for (int j = 0; j < p; j++) {
            direction[j] = random.nextGaussian();
            norm += direction[j] * direction[j];
        }
        norm = Math.sqrt(norm);
        double[] offset = new double[p];
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) {
            direction[j] *= separation / norm;
            offset[j] = 100.0 * random.nextGaussian();
            scale[j] = Math.exp(3.0 * random.nextGaussian());
        }
        int n = groupCount * groupSize;
        double[][] x = new double[n][p];
        int[] y = new int[n];
        int[] groups = new int[n];
        for (int i = 0; i < n; i++) {
            int group = i / groupSize;
            y[i] = group % 2;
            groups[i] = group;
            for (int j = 0; j < p; j++) {
                double v = random.nextGaussian() + y[i] * direction[j];
                x[i][j] = offset[j] + scale[j] * v;
            }
        }
        return new SyntheticData(x, y, groups);
    }

    /**
     * Features independent of the labels: every group gets a random label (half of the groups each
     * class, in random order) and a fingerprint, a random vector of standard deviation {@code
     * fingerprint} shared by all its samples, plus independent unit noise per sample. With a
     * fingerprint, a classifier can recognise a group it has seen, never the label of a new one.
     */
    static SyntheticData noise(
            long seed, int groupCount, int groupSize, int p, double fingerprint) {
        Random random = new Random(seed);
        int[] groupLabel = new int[groupCount];
        for (int g = 0; g < groupCount; g++) {
            groupLabel[g] = g < groupCount / 2 ? 0 : 1;
        }
        for (int g = groupCount - 1; g > 0; g--) {
            int k = random.nextInt(g + 1);
            int t = groupLabel[g];
            groupLabel[g] = groupLabel[k];
            groupLabel[k] = t;
        }
        int n = groupCount * groupSize;
        double[][] x = new double[n][p];
        int[] y = new int[n];
        int[] groups = new int[n];
        double[] print = new double[p];
        for (int g = 0; g < groupCount; g++) {
            for (int j = 0; j < p; j++) {
                print[j] = fingerprint * random.nextGaussian();
            }
            for (int s = 0; s < groupSize; s++) {
                int i = g * groupSize + s;
                y[i] = groupLabel[g];
                groups[i] = g;
                for (int j = 0; j < p; j++) {
                    x[i][j] = print[j] + random.nextGaussian();
                }
            }
        }
        return new SyntheticData(x, y, groups);
    }

    /** Every sample its own group: what a split that ignores epochs would do. */
    int[] sampleGroups() {
        return Inputs.allRows(y.length);
    }
}
