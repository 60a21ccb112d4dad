package org.neurostream.models.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.neurostream.models.linalg.Covariances;
import org.neurostream.models.logistic.LogisticRegression;
import org.neurostream.models.riemann.RiemannianMean;
import org.neurostream.models.riemann.TangentSpace;

/**
 * {@code ts-lr}: the 8-30 Hz band-pass (causal, from the stream's start), the OAS covariance of
 * each window (pyRiemann's {@code Covariances('oas')}), its {@link TangentSpace} vector at the
 * Riemannian mean of the training covariances, and L2 logistic regression on the vectors (centred,
 * not scaled, as scikit-learn's {@code LogisticRegression} without a scaler) with the strength
 * chosen by inner cross-validation over {@link #L2_GRID}. The reference point is fitted without
 * labels on the whole training part, then the inner folds choose l2 on its vectors. Two classes.
 */
public final class TangentSpaceLr implements DecoderPipeline {
    /**
     * Candidate L2 strengths on the mean log-loss (scikit-learn's C = 1 / (n l2)): half decades
     * from 1e-4 to 10.
     */
    public static final double[] L2_GRID = {
        1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0, 3.0, 10.0
    };

    private final DMatrixRMaj reference;
    private final LogisticRegression logistic;
    private final int channels;

    TangentSpaceLr(DMatrixRMaj reference, LogisticRegression logistic) {
        this.reference = reference;
        this.logistic = logistic;
        this.channels = reference.numRows;
    }

    /** The trainer. */
    public static PipelineTrainer trainer() {
        return (trials, rows) -> {
            CspLda.requireTwoClasses(trials, rows, PipelineKind.TS_LR);
            final List<DMatrixRMaj> covariances = covariances(trials, rows);
            final DMatrixRMaj reference = RiemannianMean.of(covariances);
            final TangentSpace space = new TangentSpace(reference);
            final double[][] x = new double[rows.length][TangentSpace.dimension(trials.channels())];
            for (int k = 0; k < rows.length; k++) {
                space.vector(covariances.get(k), x[k], 0);
            }
            final LogisticRegression logistic =
                    LogisticStage.fit(
                            x,
                            trials.labels(rows),
                            trials.groups(rows),
                            L2_GRID,
                            trials.innerFolds(),
                            false);
            return new TangentSpaceLr(reference, logistic);
        };
    }

    /** The OAS covariance of output 0 of every row's epoch. */
    static List<DMatrixRMaj> covariances(Trials trials, int[] rows) {
        final int channels = trials.channels();
        final DMatrixRMaj centred = new DMatrixRMaj(channels, trials.samples());
        final List<DMatrixRMaj> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            final DMatrixRMaj c = new DMatrixRMaj(channels, channels);
            Covariances.oas(trials.epochs()[r][0], centred, c);
            out.add(c);
        }
        return out;
    }

    static TangentSpaceLr read(JsonNode stages, int channels) {
        final DMatrixRMaj reference =
                Json.matrix(stages, "stages", "reference", channels, channels);
        final LogisticRegression logistic =
                LogisticStage.read(
                        Json.object(stages, "stages", "logistic"),
                        "stages.logistic",
                        TangentSpace.dimension(channels));
        return new TangentSpaceLr(reference, logistic);
    }

    /** The tangent space's reference point (a copy). */
    public DMatrixRMaj reference() {
        return reference.copy();
    }

    /** The classifier on the tangent vectors. */
    public LogisticRegression logistic() {
        return logistic;
    }

    @Override
    public PipelineKind kind() {
        return PipelineKind.TS_LR;
    }

    @Override
    public int classCount() {
        return 2;
    }

    @Override
    public int channelCount() {
        return channels;
    }

    @Override
    public WindowScorer newScorer() {
        final TangentSpace space = new TangentSpace(reference);
        final DMatrixRMaj covariance = new DMatrixRMaj(channels, channels);
        final double[] vector = new double[TangentSpace.dimension(channels)];
        return new WindowScorer() {
            private DMatrixRMaj centred = new DMatrixRMaj(1, 1);

            @Override
            public void probabilities(DMatrixRMaj[] window, double[] out) {
                final DMatrixRMaj x = window[0];
                if (centred.numCols != x.numCols) {
                    centred = new DMatrixRMaj(channels, x.numCols);
                }
                Covariances.oas(x, centred, covariance);
                space.vector(covariance, vector, 0);
                out[1] = logistic.probability(vector);
                out[0] = 1.0 - out[1];
            }
        };
    }

    @Override
    public void writeStages(ObjectNode stages) {
        stages.put("covariance", "oas");
        Json.put(stages, "reference", reference);
        LogisticStage.write(logistic, stages.putObject("logistic"));
    }
}
