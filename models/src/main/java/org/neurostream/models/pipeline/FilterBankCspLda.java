package org.neurostream.models.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Comparator;
import org.ejml.data.DMatrixRMaj;

/**
 * {@code fbcsp-lda}: the filter bank 4-8, 8-12, ..., 36-40 Hz (causal, from the stream's start),
 * {@link Csp} with 4 filters in every band, the {@link #SELECTED} log-power features of highest
 * {@link MutualInformation} with the class (ties to the lower index), and {@link ShrinkageLda} on
 * them. Two classes.
 */
public final class FilterBankCspLda extends FittedPipeline {
    /** CSP filters per band. */
    public static final int COMPONENTS = 4;

    /** Features kept by mutual information. */
    public static final int SELECTED = 10;

    private final Csp[] csp;
    private final int[] selected;
    private final double[] information;
    private final ShrinkageLda lda;

    FilterBankCspLda(
            Csp[] csp, int[] selected, double[] information, ShrinkageLda lda, int channels) {
        super(PipelineKind.FBCSP_LDA, 2, channels);
        this.csp = csp;
        this.selected = selected;
        this.information = information;
        this.lda = lda;
    }

    /** The trainer: CSP per band, selection by mutual information, LDA, all on the rows only. */
    public static PipelineTrainer trainer() {
        return (trials, rows) -> {
            CspLda.requireTwoClasses(trials, rows, PipelineKind.FBCSP_LDA);
            final int bands = trials.outputs();
            final Csp[] csp = new Csp[bands];
            final double[][] all = new double[rows.length][bands * COMPONENTS];
            final DMatrixRMaj projected = new DMatrixRMaj(COMPONENTS, trials.samples());
            for (int b = 0; b < bands; b++) {
                csp[b] = CspLda.fitCsp(trials, rows, b, COMPONENTS);
                for (int k = 0; k < rows.length; k++) {
                    csp[b].logPower(trials.epochs()[rows[k]][b], projected, all[k], b * COMPONENTS);
                }
            }
            final int[] y = trials.labels(rows);
            final int features = bands * COMPONENTS;
            final double[] mi = new double[features];
            final double[] column = new double[rows.length];
            for (int j = 0; j < features; j++) {
                for (int k = 0; k < rows.length; k++) {
                    column[k] = all[k][j];
                }
                mi[j] = MutualInformation.estimate(column, y, 2);
            }
            final Integer[] order = new Integer[features];
            for (int j = 0; j < features; j++) {
                order[j] = j;
            }
            Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> -mi[j]));
            final int keep = Math.min(SELECTED, features);
            final int[] selected = new int[keep];
            for (int j = 0; j < keep; j++) {
                selected[j] = order[j];
            }
            Arrays.sort(selected);
            final double[][] x = new double[rows.length][keep];
            for (int k = 0; k < rows.length; k++) {
                for (int j = 0; j < keep; j++) {
                    x[k][j] = all[k][selected[j]];
                }
            }
            final double[] kept = new double[keep];
            for (int j = 0; j < keep; j++) {
                kept[j] = mi[selected[j]];
            }
            return new FilterBankCspLda(
                    csp, selected, kept, ShrinkageLda.fit(x, y, 2), trials.channels());
        };
    }

    static FilterBankCspLda read(JsonNode stages, int channels, int classes, int bands) {
        final JsonNode list = Json.required(stages, "stages", "csp");
        if (!list.isArray() || list.size() != bands) {
            throw new Json.Invalid(
                    "stages.csp", "must be an array of " + bands + " bands' filters");
        }
        final Csp[] csp = new Csp[bands];
        for (int b = 0; b < bands; b++) {
            csp[b] = Csp.read(list.get(b), "stages.csp[" + b + "]", channels);
            if (csp[b].components() != COMPONENTS) {
                throw new Json.Invalid(
                        "stages.csp[" + b + "].filters", "must have " + COMPONENTS + " rows");
            }
        }
        final int[] selected = Json.indices(stages, "stages", "selected", bands * COMPONENTS);
        final double[] information =
                Json.numbers(stages, "stages", "mutualInformation", selected.length);
        final ShrinkageLda lda =
                ShrinkageLda.read(
                        Json.object(stages, "stages", "lda"),
                        "stages.lda",
                        classes,
                        selected.length);
        return new FilterBankCspLda(csp, selected, information, lda, channels);
    }

    /** The per-band spatial filters. */
    public Csp[] csp() {
        return csp.clone();
    }

    /** Indices (band * 4 + filter) of the features kept, ascending. */
    public int[] selected() {
        return selected.clone();
    }

    @Override
    public WindowScorer newScorer() {
        final double[] all = new double[csp.length * COMPONENTS];
        final double[] features = new double[selected.length];
        final boolean[] needed = new boolean[csp.length];
        for (int j : selected) {
            needed[j / COMPONENTS] = true;
        }
        return new WindowScorer() {
            private DMatrixRMaj projected = new DMatrixRMaj(1, 1);

            @Override
            public void probabilities(DMatrixRMaj[] window, double[] out) {
                final int samples = window[0].numCols;
                if (projected.numCols != samples) {
                    projected = new DMatrixRMaj(COMPONENTS, samples);
                }
                for (int b = 0; b < csp.length; b++) {
                    if (needed[b]) {
                        csp[b].logPower(window[b], projected, all, b * COMPONENTS);
                    }
                }
                for (int j = 0; j < selected.length; j++) {
                    features[j] = all[selected[j]];
                }
                lda.probabilities(features, out);
            }
        };
    }

    @Override
    public void writeStages(ObjectNode stages) {
        final ArrayNode list = stages.putArray("csp");
        for (Csp c : csp) {
            c.write(list.addObject());
        }
        Json.put(stages, "selected", selected);
        Json.put(stages, "mutualInformation", information);
        lda.write(stages.putObject("lda"));
    }
}
