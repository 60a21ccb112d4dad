package org.neurostream.deploy.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.bridge.FrameSink;
import org.neurostream.ingest.bridge.MarkerSink;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.training.DecoderTraining;
import org.neurostream.models.training.StreamCalibration;

/**
 * Which stream {@code live --calibrate} calibrates on, with which markers, and how a jump in its
 * frame sequence becomes a gap.
 */
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

    @Test
    void shouldKeepTheMissingSamplesOfASequenceJumpAsOneGap() throws Exception {
        final CalibrationTap tap = tap(null);
        final FrameSink sink = tap.tap("lab/amp1", List.of("C3", "C4"), (key, frame, ns) -> {});
        for (int seq = 0; seq < 30; seq++) {
            if (seq < 10 || seq > 12) {
                // frames 10, 11 and 12 never came: the bridge advanced the sequence past them
                sink.accept(KEY, frame(seq), 0);
            }
        }
        final StreamCalibration c = tap.collected();
        assertEquals(1, c.gaps());
        assertEquals(3 * 16, c.missingSamples());
        assertEquals(30 * 16, c.samples(), "the missing samples keep their place");
    }

    @Test
    void shouldLabelTrialsWithTheMarkersPairedWithTheStreamOnly() throws Exception {
        final CalibrationTap tap =
                new CalibrationTap(
                        Duration.ofSeconds(2),
                        RECIPE,
                        KafkaClients.plaintext(),
                        p -> {},
                        null,
                        m -> m.equals("lab/amp1-markers") ? "lab/amp1" : "lab/amp2");
        final MarkerSink markers = tap.tap((MarkerSink) (marker, ns) -> {});
        markers.accept(new MarkerRecord("lab/amp1-markers", 500_000_000L, 0, "T1"), 0);
        markers.accept(new MarkerRecord("lab/amp2-markers", 600_000_000L, 0, "T2"), 0);
        final FrameSink sink = tap.tap("lab/amp1", List.of("C3", "C4"), (key, frame, ns) -> {});
        for (int seq = 0; seq < 30; seq++) { // 3 s: the calibration's 2 s are full
            sink.accept(KEY, frame(seq), 0);
        }
        assertEquals(1, tap.collected().markers(), "amp2's marker labels nothing on amp1");
    }

    private static final byte[] KEY = "lab/amp1".getBytes(StandardCharsets.UTF_8);

    /** Frame {@code seq} of lab/amp1: 2 channels, 16 samples at 160 Hz. */
    private static byte[] frame(final int seq) {
        final byte[] id = KEY;
        final byte[] session = "lab".getBytes(StandardCharsets.UTF_8);
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES, 2, 16, id.length, session.length)];
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.EEG)
                .sequence(seq)
                .deviceTimeNs(seq * 16 * PERIOD_NS)
                .periodNs(PERIOD_NS)
                .counts(2, 16)
                .ids(id, session)
                .putSamples(new float[2 * 16], 0)
                .finish();
        return bytes;
    }

    private static final long PERIOD_NS = 6_250_000L;
}
