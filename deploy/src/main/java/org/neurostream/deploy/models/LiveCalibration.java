package org.neurostream.deploy.models;

import java.io.IOException;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.training.DecoderTraining;
import org.neurostream.models.training.StreamCalibration;

/**
 * Live calibration's last step, the use case {@code live --calibrate} calls once its first minutes
 * are collected: train the pipeline on the stream's marker-labelled trials ({@link
 * StreamCalibration}, with nested cross-validation), publish the model on {@code neuro.models}
 * ({@link ModelPublisher}), from where the running job switches every stream to it at a window of
 * its grid, and give the line to print:
 *
 * <pre>
 * calibration: pipeline=P classes=... trials=N cv_accuracy=A chance=C model=NAME@VERSION
 * </pre>
 */
public final class LiveCalibration {
    private LiveCalibration() {}

    /**
     * What calibration made.
     *
     * @param training the trained model and its cross-validated figures
     * @param published where and as which version it was published
     * @param line the line to print
     */
    public record Result(
            DecoderTraining.Outcome training, ModelPublisher.Published published, String line) {
        /** The model. */
        public PipelineModel model() {
            return training.model();
        }
    }

    /**
     * Trains on what {@code collected} holds and publishes the model to the Kafka at {@code
     * bootstrap} with the user's client settings {@code clients} ({@link KafkaClients#plaintext()}
     * for none).
     *
     * @throws IllegalArgumentException when the trials cannot train the pipeline (a class without
     *     trials, fewer trials than folds), naming the stream
     * @throws IOException when the model cannot be published
     */
    public static Result run(
            final StreamCalibration collected,
            final DecoderTraining.Recipe recipe,
            final KafkaClients clients,
            final String bootstrap)
            throws IOException {
        final DecoderTraining.Outcome outcome = collected.train(recipe);
        final ModelPublisher.Published published =
                ModelPublisher.publish(clients, bootstrap, outcome.model());
        return new Result(
                outcome, published, StreamCalibration.line(outcome, recipe, published.version()));
    }
}
