package org.neurostream.models.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * {@code csp-lda}: the 8-30 Hz band-pass (causal, from the stream's start), {@link Csp} with 6
 * filters, log-power features and {@link ShrinkageLda}. Two classes.
 */
public final class CspLda extends FittedPipeline {
    /** CSP filters kept (MNE's n_components). */
    public static final int COMPONENTS = 6;

    private final Csp csp;
    private final ShrinkageLda lda;

    CspLda(Csp csp, ShrinkageLda lda, int channels) {
        super(PipelineKind.CSP_LDA, 2, channels);
        this.csp = csp;
        this.lda = lda;
    }

    /** The trainer: CSP on the rows' epochs, then LDA on their features. */
    public static PipelineTrainer trainer() {
        return (trials, rows) -> {
            requireTwoClasses(trials, rows, PipelineKind.CSP_LDA);
            final Csp csp = fitCsp(trials, rows, 0, COMPONENTS);
            final DMatrixRMaj projected = new DMatrixRMaj(csp.components(), trials.samples());
            final double[][] x = new double[rows.length][csp.components()];
            for (int k = 0; k < rows.length; k++) {
                csp.logPower(trials.epochs()[rows[k]][0], projected, x[k], 0);
            }
            final ShrinkageLda lda = ShrinkageLda.fit(x, trials.labels(rows), 2);
            return new CspLda(csp, lda, trials.channels());
        };
    }

    /** CSP on output {@code band} of the rows' epochs, class 0 against class 1. */
    static Csp fitCsp(Trials trials, int[] rows, int band, int components) {
        final List<DMatrixRMaj> class0 = new ArrayList<>();
        final List<DMatrixRMaj> class1 = new ArrayList<>();
        for (int r : rows) {
            (trials.labels()[r] == 0 ? class0 : class1).add(trials.epochs()[r][band]);
        }
        return Csp.fit(class0, class1, components);
    }

    static void requireTwoClasses(Trials trials, int[] rows, PipelineKind kind) {
        if (trials.classCount() != 2) {
            throw new IllegalArgumentException(
                    kind.label() + " decodes two classes, got " + trials.classCount());
        }
        trials.requireAllClasses(rows, kind.label());
    }

    static CspLda read(JsonNode stages, int channels, int classes) {
        final Csp csp = Csp.read(Json.object(stages, "stages", "csp"), "stages.csp", channels);
        final ShrinkageLda lda =
                ShrinkageLda.read(
                        Json.object(stages, "stages", "lda"),
                        "stages.lda",
                        classes,
                        csp.components());
        return new CspLda(csp, lda, channels);
    }

    /** The spatial filters. */
    public Csp csp() {
        return csp;
    }

    /** The classifier. */
    public ShrinkageLda lda() {
        return lda;
    }

    @Override
    public WindowScorer newScorer() {
        final double[] features = new double[csp.components()];
        return new WindowScorer() {
            private DMatrixRMaj projected = new DMatrixRMaj(1, 1);

            @Override
            public void probabilities(DMatrixRMaj[] window, double[] out) {
                final DMatrixRMaj x = window[0];
                if (projected.numCols != x.numCols) {
                    projected = new DMatrixRMaj(csp.components(), x.numCols);
                }
                csp.logPower(x, projected, features, 0);
                lda.probabilities(features, out);
            }
        };
    }

    @Override
    public void writeStages(ObjectNode stages) {
        csp.write(stages.putObject("csp"));
        lda.write(stages.putObject("lda"));
    }
}
