package org.neurostream.deploy.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.training.DecoderTraining;

/** Which stream {@code live --calibrate} calibrates on. */
class CalibrationTapTest {
    private static final DecoderTraining.Recipe RECIPE =
            new DecoderTraining.Recipe("T1,T2", PipelineKind.MDM, 0.5, 2.5, 5, "live");

    private static CalibrationTap tap(final String streamName) {
        return new CalibrationTap(
                Duration.ofSeconds(60),
                RECIPE,
                KafkaClients.plaintext(),
                p -> {},
                streamName,
                markers -> null);
    }

    @Test
    void shouldCalibrateOnTheFirstEegStreamWhenNoneIsNamed() {
        final CalibrationTap tap = tap(null);
        assertTrue(tap.wants("lab/amp1"));
        tap.tap("lab/amp1", List.of("C3", "C4"), (key, frame, ingestNs) -> {});
        assertFalse(tap.wants("lab/amp2"), "one stream only");
    }

    @Test
    void shouldCalibrateOnTheStreamNamedByItsLslName() {
        final CalibrationTap tap = tap("amp 2");
        assertFalse(tap.wants("lab/amp1"));
        assertTrue(tap.wants("lab/amp_2"), "the stream id of LSL name 'amp 2'");
        tap.tap("lab/amp_2", List.of("C3", "C4"), (key, frame, ingestNs) -> {});
        assertFalse(tap.wants("lab/amp_2"), "tapped once");
    }
}
