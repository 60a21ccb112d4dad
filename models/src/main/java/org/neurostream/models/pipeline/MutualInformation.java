package org.neurostream.models.pipeline;

import java.util.Arrays;

/**
 * Mutual information between one continuous feature and a class label by the nearest-neighbour
 * estimator of Ross (2014), as scikit-learn's {@code mutual_info_classif(n_neighbors=3)} computes
 * it, without its tiny random jitter: for each sample, the distance r to its k-th nearest neighbour
 * of the same class (k = min(3, class size - 1)) and the number m of all samples within a distance
 * below r (itself included); MI = psi(N) + mean psi(k) - mean psi(N_class) - mean psi(m), at least
 * 0. Samples of a class with a single member are left out.
 */
public final class MutualInformation {
    /** scikit-learn's default neighbour count. */
    public static final int NEIGHBOURS = 3;

    private MutualInformation() {}

    /** MI (nats) between {@code x} and labels {@code y} (0 .. classes - 1). */
    public static double estimate(double[] x, int[] y, int classes) {
        final int n = x.length;
        final int[] counts = new int[classes];
        for (int label : y) {
            counts[label]++;
        }
        final double[][] byClass = new double[classes][];
        for (int k = 0; k < classes; k++) {
            byClass[k] = new double[counts[k]];
        }
        final int[] fill = new int[classes];
        for (int i = 0; i < n; i++) {
            byClass[y[i]][fill[y[i]]++] = x[i];
        }
        for (double[] values : byClass) {
            Arrays.sort(values);
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (counts[y[i]] > 1) {
                kept++;
            }
        }
        final double[] all = new double[kept];
        int a = 0;
        for (int i = 0; i < n; i++) {
            if (counts[y[i]] > 1) {
                all[a++] = x[i];
            }
        }
        Arrays.sort(all);
        double sumK = 0.0;
        double sumLabel = 0.0;
        double sumM = 0.0;
        for (int i = 0; i < n; i++) {
            final int count = counts[y[i]];
            if (count < 2) {
                continue;
            }
            final int k = Math.min(NEIGHBOURS, count - 1);
            final double radius = Math.nextDown(kthDistance(byClass[y[i]], x[i], k));
            final int m = countWithin(all, x[i], radius);
            sumK += Digamma.of(k);
            sumLabel += Digamma.of(count);
            sumM += Digamma.of(m);
        }
        final double mi = Digamma.of(kept) + (sumK - sumLabel - sumM) / kept;
        return Math.max(0.0, mi);
    }

    /**
     * Distance from {@code v} (one of the sorted values) to its k-th nearest other value: merge
     * outwards from v's position, skipping v itself once.
     */
    private static double kthDistance(double[] sorted, double v, int k) {
        int at = Arrays.binarySearch(sorted, v);
        // any index holding v will do: the others equal to v are at distance 0
        int left = at - 1;
        int right = at + 1;
        double d = 0.0;
        for (int found = 0; found < k; found++) {
            final double dl = left >= 0 ? v - sorted[left] : Double.POSITIVE_INFINITY;
            final double dr = right < sorted.length ? sorted[right] - v : Double.POSITIVE_INFINITY;
            if (dl <= dr) {
                d = dl;
                left--;
            } else {
                d = dr;
                right++;
            }
        }
        return d;
    }

    /**
     * Number of sorted values x with |x - v| &lt;= r, the distance computed as the KD-tree computes
     * it (v + r can round onto a neighbour at exactly the excluded distance).
     */
    private static int countWithin(double[] sorted, double v, double r) {
        final int at = Arrays.binarySearch(sorted, v);
        int count = 1;
        for (int j = at - 1; j >= 0 && Math.abs(sorted[j] - v) <= r; j--) {
            count++;
        }
        for (int j = at + 1; j < sorted.length && Math.abs(sorted[j] - v) <= r; j++) {
            count++;
        }
        return count;
    }
}
