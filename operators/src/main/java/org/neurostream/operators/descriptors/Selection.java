package org.neurostream.operators.descriptors;

/** In-place selection (Hoare's quickselect), for medians without sorting or allocating. */
final class Selection {
    private Selection() {}

    /** np.median of a[0 .. n): the middle value, or the mean of the two middle ones. Reorders a. */
    static double median(final double[] a, final int n) {
        if (n % 2 == 1) {
            return select(a, n, n / 2);
        }
        final double upper = select(a, n, n / 2);
        // after selecting k, a[0 .. k) holds the smaller values: the lower middle is their maximum
        double lower = a[0];
        for (int i = 1; i < n / 2; i++) {
            lower = Math.max(lower, a[i]);
        }
        return (lower + upper) / 2;
    }

    /** The k-th smallest of a[0 .. n) (0-based), partitioning a around it. */
    static double select(final double[] a, final int n, final int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            final double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    final double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return a[k];
    }
}
