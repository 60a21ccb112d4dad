package org.neurostream.operators.motif;

/**
 * The dense twin of {@link MotifDetector}: the same potentials and decisions computed the plain
 * way, as a full temporal convolution of a count raster with the dense kernel, in double precision.
 *
 * <p>It exists to check the streaming ring (they agree within 1e-4 on V and decide alike), so it
 * favours obviousness over speed: O(M N D T) time and O(M T) memory.
 */
public final class DenseMotifDetector {
    private DenseMotifDetector() {}

    /**
     * The causal potentials V[m, t] = b[m] + sum over a, d of K[m, a, d] A[a, t - d], where A is
     * zero before bin 0 of the raster.
     *
     * @param kernel the kernel and biases
     * @param counts A[a][t], events of address a in bin t; N rows of equal length T
     * @return V[m][t], M rows of length T
     * @throws IllegalArgumentException when counts does not have N rows of equal length
     */
    public static double[][] potentials(MotifKernel kernel, int[][] counts) {
        final int motifs = kernel.motifs();
        final int addresses = kernel.addresses();
        final int delays = kernel.delays();
        if (counts.length != addresses) {
            throw new IllegalArgumentException(
                    counts.length + " raster rows for " + addresses + " addresses");
        }
        final int bins = addresses == 0 ? 0 : counts[0].length;
        for (int[] row : counts) {
            if (row.length != bins) {
                throw new IllegalArgumentException("raster rows of unequal length");
            }
        }
        final float[] k = kernel.toDense();
        double[][] v = new double[motifs][bins];
        for (int m = 0; m < motifs; m++) {
            for (int t = 0; t < bins; t++) {
                double sum = kernel.bias(m);
                for (int a = 0; a < addresses; a++) {
                    for (int d = 0; d < delays && d <= t; d++) {
                        sum += k[(m * addresses + a) * delays + d] * (double) counts[a][t - d];
                    }
                }
                v[m][t] = sum;
            }
        }
        return v;
    }

    /**
     * The decisions of {@link MotifDetector} over a whole span of potentials: V &gt;= threshold,
     * then (when nmsRadius &gt; 0) non-maximum suppression within the span, the earliest of tied
     * maxima winning. Detections go to the sink in order of bin then motif.
     *
     * @param potentials V[m][t] for the evaluated bins, bin firstBin + t
     * @param firstBin the bin of column 0
     * @param threshold detection when V &gt;= threshold
     * @param nmsRadius suppression radius in bins; 0 for none
     * @param sink receives the detections
     */
    public static void detect(
            double[][] potentials,
            long firstBin,
            double threshold,
            int nmsRadius,
            MotifDetectionSink sink) {
        final int bins = potentials.length == 0 ? 0 : potentials[0].length;
        for (int t = 0; t < bins; t++) {
            for (int m = 0; m < potentials.length; m++) {
                final double[] row = potentials[m];
                if (!(row[t] >= threshold)) {
                    continue;
                }
                boolean keep = true;
                final int last = Math.min(bins - 1, t + nmsRadius);
                for (int u = Math.max(0, t - nmsRadius); u <= last; u++) {
                    if (MotifSuppression.suppresses(u, row[u], t, row[t])) {
                        keep = false;
                        break;
                    }
                }
                if (keep) {
                    sink.onDetection(m, firstBin + t, row[t]);
                }
            }
        }
    }
}
