package org.neurostream.ingest.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.DeadLetterRecord;

/** Validation through Flink's operator harness: frames pass, the rest becomes dead letters. */
class FrameValidationFunctionHarnessTest {

    private static byte[] frame(final String streamId, final int samples) {
        final byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] bytes =
                new byte[FrameEncoder.frameLength(FrameKind.SAMPLES, 2, samples, id.length, 1)];
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.EEG)
                .sequence(3)
                .deviceTimeNs(1_000_000L)
                .periodNs(4_000_000L)
                .counts(2, samples)
                .ids(id, new byte[] {'s'})
                .putSamples(new float[2 * samples], 0)
                .finish();
        return bytes;
    }

    private static RawRecord raw(final String key, final byte[] value, final long offset) {
        return new RawRecord(
                "neuro.raw.eeg",
                0,
                offset,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value);
    }

    @Test
    void shouldPassFramesAndTheirEndsAndDeadLetterEverythingElseWithItsReason() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, FrameRecord> h =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(
                                new FrameValidationFunction(FrameValidator.withDefaultLimits())))) {
            h.open();
            final byte[] good = frame("s/eeg", 4);
            h.processElement(raw("s/eeg", good, 0), 1);
            h.processElement(raw("s/eeg", new byte[] {1, 2, 3}, 1), 2);
            h.processElement(raw("t/eeg", good, 2), 3);
            h.processElement(raw("s/eeg", null, 3), 4);
            final FrameDecoder d = new FrameDecoder().wrap(new UnsafeBuffer(good), 0);
            h.processElement(raw("s/eeg", EndOfStream.after(d, 5), 4), 5);

            final List<FrameRecord> passed = new ArrayList<>();
            for (final Object o : h.getOutput()) {
                if (o instanceof StreamRecord<?> r) {
                    passed.add((FrameRecord) r.getValue());
                }
            }
            assertEquals(2, passed.size(), "the frame and its end");
            assertEquals("s/eeg", passed.get(0).streamId);
            assertEquals(Modality.EEG, passed.get(0).modality);
            assertEquals(1_000_000L, passed.get(0).deviceTimeNs);
            assertTrue(
                    EndOfStream.isMarked(
                            new FrameDecoder().wrap(new UnsafeBuffer(passed.get(1).bytes), 0)));
            final List<DeadLetterRecord> dead = new ArrayList<>();
            h.getSideOutput(FrameValidationFunction.DEAD_LETTERS)
                    .forEach(r -> dead.add(r.getValue()));
            assertEquals(3, dead.size());
            assertEquals("neuro.raw.eeg/0@1", dead.get(0).origin);
            assertTrue(dead.get(0).reason.contains("bytes"), dead.get(0).reason);
            assertEquals(
                    "record key 't/eeg' differs from the frame's stream id 's/eeg'",
                    dead.get(1).reason);
            assertEquals("empty record (null value)", dead.get(2).reason);
        }
    }
}
