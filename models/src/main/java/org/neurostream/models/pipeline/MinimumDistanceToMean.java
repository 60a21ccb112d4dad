package org.neurostream.models.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.neurostream.models.linalg.Covariances;
import org.neurostream.models.riemann.RiemannDistance;
import org.neurostream.models.riemann.RiemannianMean;

/**
 * {@code mdm}: the 8-30 Hz band-pass (causal, from the stream's start), the OAS covariance of each
 * window, and the class whose Riemannian mean of training covariances is nearest in the
 * affine-invariant distance; probabilities softmax(-d_k^2), as pyRiemann's {@code MDM}. Any number
 * of classes.
 */
public final class MinimumDistanceToMean extends FittedPipeline {
    private final DMatrixRMaj[] means;

    MinimumDistanceToMean(DMatrixRMaj[] means) {
        super(PipelineKind.MDM, means.length, means[0].numRows);
        this.means = means;
    }

    /** The trainer: one Riemannian mean per class of the rows' covariances. */
    public static PipelineTrainer trainer() {
        return (trials, rows) -> {
            trials.requireAllClasses(rows, PipelineKind.MDM.label());
            final List<DMatrixRMaj> covariances = TangentSpaceLr.covariances(trials, rows);
            final DMatrixRMaj[] means = new DMatrixRMaj[trials.classCount()];
            for (int k = 0; k < means.length; k++) {
                final List<DMatrixRMaj> members = new ArrayList<>();
                for (int i = 0; i < rows.length; i++) {
                    if (trials.labels()[rows[i]] == k) {
                        members.add(covariances.get(i));
                    }
                }
                means[k] = RiemannianMean.of(members);
            }
            return new MinimumDistanceToMean(means);
        };
    }

    static MinimumDistanceToMean read(JsonNode stages, int channels, int classes) {
        final JsonNode list = Json.required(stages, "stages", "means");
        if (!list.isArray() || list.size() != classes) {
            throw new Json.Invalid(
                    "stages.means", "must hold one matrix per class (" + classes + ")");
        }
        final DMatrixRMaj[] means = new DMatrixRMaj[classes];
        final ObjectNode holder = Json.MAPPER.createObjectNode();
        for (int k = 0; k < classes; k++) {
            holder.set("m", list.get(k));
            means[k] = Json.matrix(holder, "stages.means[" + k + "]", "m", channels, channels);
        }
        return new MinimumDistanceToMean(means);
    }

    /** The class means (copies). */
    public DMatrixRMaj[] means() {
        final DMatrixRMaj[] copy = new DMatrixRMaj[means.length];
        for (int k = 0; k < means.length; k++) {
            copy[k] = means[k].copy();
        }
        return copy;
    }

    @Override
    public WindowScorer newScorer() {
        final RiemannDistance[] distances = new RiemannDistance[means.length];
        for (int k = 0; k < means.length; k++) {
            distances[k] = new RiemannDistance(means[k]);
        }
        final DMatrixRMaj covariance = new DMatrixRMaj(channels, channels);
        return new WindowScorer() {
            // the centred samples, sized by the first window
            private final DMatrixRMaj centred = new DMatrixRMaj(1, 1);

            @Override
            public void probabilities(DMatrixRMaj[] window, double[] out) {
                final DMatrixRMaj x = window[0];
                Covariances.oas(x, centred, covariance);
                for (int k = 0; k < distances.length; k++) {
                    final double d = distances[k].distance(covariance);
                    out[k] = -d * d;
                }
                Probabilities.softmax(out, distances.length);
            }
        };
    }

    /** The distance of the SPD matrix {@code c} to each class mean, for tests and reports. */
    public double[] distances(DMatrixRMaj c) {
        final double[] d = new double[means.length];
        for (int k = 0; k < means.length; k++) {
            d[k] = new RiemannDistance(means[k]).distance(c);
        }
        return d;
    }

    @Override
    public void writeStages(ObjectNode stages) {
        stages.put("covariance", "oas");
        final ArrayNode list = stages.putArray("means");
        final ObjectNode holder = Json.MAPPER.createObjectNode();
        for (DMatrixRMaj m : means) {
            Json.put(holder, "m", m);
            list.add(holder.get("m"));
        }
    }
}
