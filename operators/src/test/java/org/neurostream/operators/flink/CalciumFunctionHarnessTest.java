package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.calcium.SyntheticGcamp;
import org.neurostream.operators.calcium.CalciumOptions;

class CalciumFunctionHarnessTest {
    private static final long PERIOD_NS = 33_333_333L; // 30 Hz
    private static final int PER_FRAME = 5; // imaging frames per frame record
    private static final int ROIS = 30;

    /** Job defaults (nothing estimated), or options that estimate g and b over 64 frames. */
    private static CalciumFunction function(final boolean estimating) {
        final CalciumFunction f =
                estimating
                        ? new CalciumFunction(
                                CalciumOptions.builder(30).estimationFrames(64).build(), 2)
                        : CalciumFunction.withJobDefaults();
        return f.withEventFrames(true);
    }

    /** Two synthetic GCaMP sessions as interleaved frame records of 5 imaging frames each. */
    static List<Harnesses.Timed<FrameRecord>> twoSessions(final double seconds) {
        final CalciumTraces[] traces = new CalciumTraces[2];
        for (int s = 0; s < 2; s++) {
            traces[s] =
                    SyntheticGcamp.generate(
                                    new SyntheticGcamp.Parameters(
                                            ROIS, 30.0, seconds, 1.0, 0.2, 0.2, 0.6, 0.1, 0.03,
                                            11L + s))
                            .traces();
        }
        final List<Harnesses.Timed<FrameRecord>> in = new ArrayList<>();
        final int records = traces[0].frameCount() / PER_FRAME;
        final float[] frame = new float[ROIS];
        for (int i = 0; i < records; i++) {
            for (int s = 0; s < 2; s++) {
                final float[] values = new float[ROIS * PER_FRAME];
                for (int k = 0; k < PER_FRAME; k++) {
                    traces[s].copyFrame(i * PER_FRAME + k, frame);
                    System.arraycopy(frame, 0, values, k * ROIS, ROIS);
                }
                final FrameRecord f =
                        TestFrames.samples(
                                (s == 0 ? "x" : "y") + "/calcium",
                                Modality.CALCIUM,
                                ROIS,
                                PER_FRAME,
                                PERIOD_NS,
                                i,
                                values,
                                0);
                in.add(new Harnesses.Timed<>(f, f.deviceTimeNs / 1_000_000L));
            }
        }
        return in;
    }

    @ParameterizedTest
    @CsvSource({"false, 37", "false, 250", "false, 401", "true, 7", "true, 180"})
    void shouldEmitAfterARestoreWhatAnUninterruptedFunctionEmits(
            final boolean estimating, final int cut) throws Exception {
        final List<List<String>> after =
                Harnesses.afterCut(
                        () -> function(estimating),
                        f -> f.streamId,
                        twoSessions(40),
                        cut,
                        CalciumFunction.AVALANCHES,
                        CalciumFunction.EVENT_FRAMES);

        assertTrue(after.get(0).size() > 40, "events after the cut: " + after.get(0).size());
        assertTrue(after.get(1).size() > 5, "avalanches after the cut: " + after.get(1).size());
        assertEquals(after.get(0).size(), after.get(2).size(), "one event frame per event");
    }

    @Test
    void shouldFreeAStreamAtItsEndAndEndItInTheEventFrames() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = twoSessions(20);
        final List<String> plain;
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, CalciumEventRecord> h =
                Harnesses.keyed(function(false), f -> f.streamId)) {
            h.open();
            for (final Harnesses.Timed<FrameRecord> t : in) {
                h.processElement(t.value(), t.timestamp());
            }
            plain = Harnesses.output(h);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, CalciumEventRecord> h =
                Harnesses.keyed(
                        function(false)
                                .withIdleTimeout(IdleTimeout.onDeviceTime(Duration.ofMinutes(1))),
                        f -> f.streamId)) {
            h.open();
            for (final Harnesses.Timed<FrameRecord> t : in) {
                h.processElement(t.value(), t.timestamp());
            }
            assertEquals(4, h.numKeyedStateEntries());
            final int frames = in.size() / 2;
            for (final String id : new String[] {"x/calcium", "y/calcium"}) {
                h.processElement(
                        TestFrames.endOfSamples(
                                id, Modality.CALCIUM, ROIS, PER_FRAME, PERIOD_NS, frames),
                        20_000);
            }
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(2, Harnesses.counter(h, StreamExpiry.ENDED_STREAMS));
            assertEquals(plain, Harnesses.output(h), "the ends added no event");
            final List<FrameRecord> eventFrames = new ArrayList<>();
            h.getSideOutput(CalciumFunction.EVENT_FRAMES)
                    .forEach(r -> eventFrames.add(r.getValue()));
            final FrameDecoder d = new FrameDecoder();
            final FrameRecord last = eventFrames.get(eventFrames.size() - 1);
            d.wrap(new UnsafeBuffer(last.bytes), 0);
            assertTrue(EndOfStream.isMarked(d), "the event frames end with y's end");
            assertEquals("y/calcium", last.streamId);
            assertEquals(0, d.elementCount());
            assertEquals(frames * PER_FRAME * 1_000_000_000L / 30, d.deviceTimeNs());
        }
    }

    @Test
    void shouldFreeAStreamIdleForTheTimeoutOnDeviceTime() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = twoSessions(20);
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, CalciumEventRecord> h =
                Harnesses.keyed(
                        function(false)
                                .withIdleTimeout(IdleTimeout.onDeviceTime(Duration.ofSeconds(4))),
                        f -> f.streamId)) {
            h.open();
            for (final Harnesses.Timed<FrameRecord> t : in) {
                // x stops after 5 s
                if (t.value().streamId.startsWith("y") || t.timestamp() < 5_000) {
                    h.processElement(t.value(), t.timestamp());
                    h.processWatermark(new Watermark(t.timestamp() - 1000));
                }
            }
            assertEquals(1, Harnesses.counter(h, StreamExpiry.IDLE_STREAMS));
            assertEquals(2, h.numKeyedStateEntries(), "y's kernels and activity");
        }
    }
}
