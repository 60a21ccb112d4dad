package org.neurostream.models.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.neurostream.models.linalg.Covariances;
import org.neurostream.models.linalg.GeneralizedEigen;

/**
 * Common spatial patterns for two classes, as MNE's {@code CSP(reg='ledoit_wolf', log=True,
 * cov_est='concat', component_order='mutual_info')} fits them: each class's covariance from its
 * epochs concatenated (not centred) with Ledoit-Wolf shrinkage; the generalised eigenproblem C0 w =
 * lambda (C0 + C1) w ({@link GeneralizedEigen}, w' (C0 + C1) w = 1); filters ordered by |lambda -
 * 0.5|, largest first; the first {@code components} kept. Features are log(mean over samples of (w'
 * x)^2). An eigenvector's sign is arbitrary (it does not change the features).
 */
public final class Csp {
    private final DMatrixRMaj filters;
    private final double[] eigenvalues;

    private Csp(DMatrixRMaj filters, double[] eigenvalues) {
        this.filters = filters;
        this.eigenvalues = eigenvalues;
    }

    /**
     * Fits the filters on the epochs of class 0 and class 1 (channels x samples each).
     *
     * @throws IllegalArgumentException when a class has no epoch or the components exceed the
     *     channels
     */
    public static Csp fit(List<DMatrixRMaj> class0, List<DMatrixRMaj> class1, int components) {
        if (class0.isEmpty() || class1.isEmpty()) {
            throw new IllegalArgumentException("CSP needs epochs of both classes");
        }
        final int channels = class0.get(0).numRows;
        if (components < 1 || components > channels) {
            throw new IllegalArgumentException(
                    "CSP components must be 1.." + channels + ", got " + components);
        }
        final DMatrixRMaj c0 = classCovariance(class0);
        final DMatrixRMaj c1 = classCovariance(class1);
        final DMatrixRMaj sum = new DMatrixRMaj(channels, channels);
        CommonOps_DDRM.add(c0, c1, sum);
        final GeneralizedEigen ged = GeneralizedEigen.solve(c0, sum);
        final Integer[] order = new Integer[channels];
        for (int k = 0; k < channels; k++) {
            order[k] = k;
        }
        final double[] values = ged.values();
        // numpy's argsort(|lambda - 0.5|)[::-1]: descending, ties in reverse index order
        Arrays.sort(
                order,
                Comparator.<Integer>comparingDouble(k -> -Math.abs(values[k] - 0.5))
                        .thenComparing(k -> -k));
        final DMatrixRMaj filters = new DMatrixRMaj(components, channels);
        final double[] kept = new double[components];
        for (int k = 0; k < components; k++) {
            kept[k] = values[order[k]];
            for (int c = 0; c < channels; c++) {
                filters.set(k, c, ged.vectors().get(c, order[k]));
            }
        }
        return new Csp(filters, kept);
    }

    /**
     * The regularised covariance of one class: epochs concatenated in time, X X' / n with the
     * Ledoit-Wolf shrinkage (MNE's {@code reg='ledoit_wolf'}, data not centred), times n / (n - 1)
     * as MNE scales it (which sets the filters' scale: w' (C0 + C1) w = 1).
     */
    public static DMatrixRMaj classCovariance(List<DMatrixRMaj> epochs) {
        final int channels = epochs.get(0).numRows;
        final int samples = epochs.get(0).numCols;
        final DMatrixRMaj all = new DMatrixRMaj(channels, samples * epochs.size());
        for (int e = 0; e < epochs.size(); e++) {
            final DMatrixRMaj x = epochs.get(e);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(
                        x.data, c * samples, all.data, c * all.numCols + e * samples, samples);
            }
        }
        final DMatrixRMaj s = new DMatrixRMaj(channels, channels);
        final DMatrixRMaj rows = new DMatrixRMaj(channels, all.numCols);
        Covariances.empirical(all, false, rows, s);
        Covariances.shrink(s, Covariances.ledoitWolfShrinkage(rows, s));
        // MNE's _compute_covariance_auto rescales its estimates by n / (n - 1)
        final double n = all.numCols;
        org.ejml.dense.row.CommonOps_DDRM.scale(n / Math.max(n - 1, 1), s);
        return s;
    }

    /** Reads filters written by {@link #write}. */
    static Csp read(JsonNode node, String path, int channels) {
        final DMatrixRMaj filters = Json.matrix(node, path, "filters", -1, channels);
        final double[] values = Json.numbers(node, path, "eigenvalues", filters.numRows);
        return new Csp(filters, values);
    }

    /** Writes the filters (rows) and their eigenvalues. */
    void write(ObjectNode node) {
        Json.put(node, "filters", filters);
        Json.put(node, "eigenvalues", eigenvalues);
    }

    /** Number of filters. */
    public int components() {
        return filters.numRows;
    }

    /** The filters as rows, components x channels (a copy). */
    public DMatrixRMaj filters() {
        return filters.copy();
    }

    /** The generalised eigenvalue of each kept filter (a copy). */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /**
     * Writes the log mean power of each filter's output over the window {@code x} (channels x
     * samples) into {@code out[offset ..]}; {@code projected} is components x samples scratch.
     */
    public void logPower(DMatrixRMaj x, DMatrixRMaj projected, double[] out, int offset) {
        CommonOps_DDRM.mult(filters, x, projected);
        final int samples = x.numCols;
        final double[] p = projected.data;
        for (int k = 0; k < filters.numRows; k++) {
            double sum = 0.0;
            final int row = k * samples;
            for (int t = 0; t < samples; t++) {
                sum += p[row + t] * p[row + t];
            }
            out[offset + k] = Math.log(sum / samples);
        }
    }
}
