package org.neurostream.deploy.models;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.training.DecoderTraining;
import org.neurostream.models.training.StreamCalibration;

/**
 * Live calibration's last step on a real broker: the generated session's samples and markers
 * collected as a live stream gives them, trained, published on {@code neuro.models} as the next
 * version of its name, and the line {@code live --calibrate} prints.
 */
class LiveCalibrationIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path SESSION = HOME.resolve("replay-data/eeg/synth-s21-r04.edf");
    private static final long START_NS = 7_000_000_000L;

    @TempDir Path work;

    @Test
    void shouldTrainOnTheMarkedTrialsPublishTheModelAndNumberItsVersions() throws Exception {
        final StreamCalibration collected = collect();
        final DecoderTraining.Recipe recipe =
                new DecoderTraining.Recipe("T1,T2", PipelineKind.CSP_LDA, 0.5, 2.5, 3, "live");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"))) {
            final String bootstrap = broker.bootstrapServers();
            final LiveCalibration.Result first =
                    LiveCalibration.run(collected, recipe, KafkaClients.plaintext(), bootstrap);
            assertTrue(
                    first.line()
                            .matches(
                                    "calibration: pipeline=csp-lda classes=T1,T2 trials=15"
                                            + " cv_accuracy=[0-9.]+ chance=[0-9.]+"
                                            + " model=live@1"),
                    first.line());
            assertEquals("live@1", first.published().id());
            assertEquals(0, first.published().offset());
            assertEquals(first.model().toJson().length(), first.published().bytes());
            assertTrue(first.training().crossValidation() != null);

            final LiveCalibration.Result second =
                    LiveCalibration.run(collected, recipe, KafkaClients.plaintext(), bootstrap);
            assertEquals("live@2", second.published().id());
            assertEquals(
                    2, ModelPublisher.lastVersion(KafkaClients.plaintext(), bootstrap, "live"));
            assertEquals(
                    0, ModelPublisher.lastVersion(KafkaClients.plaintext(), bootstrap, "other"));
        }
    }

    /** The session as a live stream gives it: markers and frames of 8 samples. */
    private static StreamCalibration collect() throws Exception {
        try (EdfReader reader = EdfReader.open(SESSION)) {
            final StreamCalibration c =
                    new StreamCalibration(
                            "live/eeg", reader.labels(), reader.sampleRate(), START_NS);
            for (final EdfAnnotation a : reader.readAnnotations()) {
                c.mark(
                        new MarkerRecord(
                                "live/eeg",
                                START_NS + Math.round(a.onsetSeconds() * 1e9),
                                Math.round(a.durationSeconds() * 1e9),
                                a.text()));
            }
            final float[] frame = new float[8 * reader.channelCount()];
            int n;
            while ((n = reader.read(frame, 8)) > 0) {
                c.append(frame, 0, n);
            }
            return c;
        }
    }
}
