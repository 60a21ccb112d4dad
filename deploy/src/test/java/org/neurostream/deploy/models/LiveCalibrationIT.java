package org.neurostream.deploy.models;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.synthetic.MotorImageryGenerator;
import org.neurostream.models.training.DecoderTraining;
import org.neurostream.models.training.StreamCalibration;

/**
 * Live calibration's last step on a real broker: a generated run's samples and markers collected as
 * a live stream gives them, trained, published on {@code neuro.models} as the next version of its
 * name, and the line {@code live --calibrate} prints.
 */
class LiveCalibrationIT {
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

    /**
     * Run 4 of the generated subject (the demo's session) as a live stream gives it: its markers,
     * then its samples a second at a time, sample-major.
     */
    private static StreamCalibration collect() {
        final MotorImageryGenerator.Run run = new MotorImageryGenerator(21, 0.5).run(4);
        final int channels = run.signal().length;
        final int fs = MotorImageryGenerator.FS;
        final StreamCalibration c =
                new StreamCalibration("live/eeg", MotorImageryGenerator.LABELS, fs, START_NS);
        run.annotations()
                .forEach(
                        a ->
                                c.mark(
                                        new MarkerRecord(
                                                "live/eeg",
                                                START_NS + Math.round(a.onsetSeconds() * 1e9),
                                                Math.round(a.durationSeconds() * 1e9),
                                                a.text())));
        final float[] second = new float[fs * channels];
        for (int start = 0; start < run.signal()[0].length; start += fs) {
            for (int i = 0; i < fs; i++) {
                for (int ch = 0; ch < channels; ch++) {
                    second[i * channels + ch] = run.signal()[ch][start + i];
                }
            }
            c.append(second, 0, fs);
        }
        return c;
    }
}
