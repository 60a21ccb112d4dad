package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.AvalancheRecord;

class AvalancheFunctionHarnessTest {
    private static final long PERIOD_NS = 6_250_000L; // 160 Hz
    private static final int CHANNELS = 16;
    private static final int SAMPLES = 16; // 0.1 s per frame

    private static AvalancheFunction function() {
        return new AvalancheFunction(3.0, 2.0, 0.025, 2.0);
    }

    /** Frames of two streams, interleaved, {@code frames} each. */
    static List<Harnesses.Timed<FrameRecord>> twoStreams(final int frames) {
        final List<Harnesses.Timed<FrameRecord>> in = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            for (final String id : new String[] {"a/eeg", "b/eeg"}) {
                final FrameRecord f =
                        TestFrames.samples(id, Modality.EEG, CHANNELS, SAMPLES, PERIOD_NS, i);
                in.add(new Harnesses.Timed<>(f, f.deviceTimeNs / 1_000_000L));
            }
        }
        return in;
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 333, 457})
    void shouldEmitAfterARestoreWhatAnUninterruptedFunctionEmits(final int cut) throws Exception {
        final List<List<String>> after =
                Harnesses.afterCut(
                        AvalancheFunctionHarnessTest::function,
                        f -> f.streamId,
                        twoStreams(300),
                        cut,
                        AvalancheFunction.STATISTICS);

        assertTrue(after.get(0).size() > 20, "avalanches after the cut: " + after.get(0).size());
        assertTrue(after.get(1).size() >= 4, "statistics after the cut: " + after.get(1).size());
        assertTrue(
                after.get(1).stream().anyMatch(r -> !r.contains("alphaSize=null")),
                "statistics with estimates");
    }

    @Test
    void shouldFreeAStreamsStateAtItsEndAndEmitNothingMore() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = twoStreams(120);
        final List<String> plain;
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, AvalancheRecord> h =
                Harnesses.keyed(function(), f -> f.streamId)) {
            h.open();
            for (final Harnesses.Timed<FrameRecord> t : in) {
                h.processElement(t.value(), t.timestamp());
            }
            plain = Harnesses.output(h);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, AvalancheRecord> h =
                Harnesses.keyed(
                        function().withIdleTimeout(IdleTimeout.onDeviceTime(Duration.ofMinutes(1))),
                        f -> f.streamId)) {
            h.open();
            for (final Harnesses.Timed<FrameRecord> t : in) {
                h.processElement(t.value(), t.timestamp());
            }
            assertEquals(4, h.numKeyedStateEntries(), "analysis and last activity, 2 streams");
            h.processElement(
                    TestFrames.endOfSamples(
                            "a/eeg", Modality.EEG, CHANNELS, SAMPLES, PERIOD_NS, 120),
                    12_000);
            assertEquals(2, h.numKeyedStateEntries(), "b's alone");
            h.processElement(
                    TestFrames.endOfSamples(
                            "b/eeg", Modality.EEG, CHANNELS, SAMPLES, PERIOD_NS, 120),
                    12_000);
            assertEquals(0, h.numKeyedStateEntries(), "no stream left");
            assertEquals(2, Harnesses.counter(h, StreamExpiry.ENDED_STREAMS));
            assertEquals(plain, Harnesses.output(h), "the ends added no record");
            assertTrue(plain.size() > 10);
        }
    }

    @Test
    void shouldFreeAStreamIdleForTheTimeoutOnDeviceTime() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, AvalancheRecord> h =
                Harnesses.keyed(
                        function().withIdleTimeout(IdleTimeout.onDeviceTime(Duration.ofSeconds(5))),
                        f -> f.streamId)) {
            h.open();
            for (int i = 0; i < 200; i++) {
                // a stops after 3 s, b goes on to 20 s
                if (i < 30) {
                    h.processElement(frame("a/eeg", i), i * 100L);
                }
                h.processElement(frame("b/eeg", i), i * 100L);
                h.processWatermark(new Watermark(i * 100L - 1000));
            }
            assertEquals(1, Harnesses.counter(h, StreamExpiry.IDLE_STREAMS));
            assertEquals(2, h.numKeyedStateEntries(), "b's analysis and activity only");
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertEquals(2, Harnesses.counter(h, StreamExpiry.IDLE_STREAMS));
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void shouldFreeAStreamIdleForTheTimeoutOnProcessingTime() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, AvalancheRecord> h =
                Harnesses.keyed(
                        function()
                                .withIdleTimeout(
                                        IdleTimeout.onProcessingTime(Duration.ofSeconds(60))),
                        f -> f.streamId)) {
            h.open();
            h.setProcessingTime(1_000);
            h.processElement(frame("a/eeg", 0), 0);
            h.setProcessingTime(30_000);
            h.processElement(frame("a/eeg", 1), 100);
            h.setProcessingTime(80_000);
            assertEquals(0, Harnesses.counter(h, StreamExpiry.IDLE_STREAMS), "50 s since a frame");
            h.setProcessingTime(91_000);
            assertEquals(1, Harnesses.counter(h, StreamExpiry.IDLE_STREAMS));
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void shouldStartAfreshWhenTheRestoredStateHasOtherParameters() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = twoStreams(100);
        final List<String> fresh;
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, AvalancheRecord> h =
                Harnesses.keyed(new AvalancheFunction(2.5, 2.0, 0.025, 2.0), f -> f.streamId)) {
            h.open();
            for (int i = 50; i < in.size(); i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            fresh = Harnesses.output(h);
        }
        final org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, AvalancheRecord> h =
                Harnesses.keyed(function(), f -> f.streamId)) {
            h.open();
            for (int i = 0; i < 50; i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            snapshot = h.snapshot(1, 1);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, AvalancheRecord> h =
                Harnesses.keyed(new AvalancheFunction(2.5, 2.0, 0.025, 2.0), f -> f.streamId)) {
            h.initializeState(snapshot);
            h.open();
            for (int i = 50; i < in.size(); i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            // the streams start over at the first frame after the restore, as a fresh function
            // with the new threshold does
            assertEquals(fresh, Harnesses.output(h));
        }
    }

    private static FrameRecord frame(final String id, final long index) {
        return TestFrames.samples(id, Modality.EEG, CHANNELS, SAMPLES, PERIOD_NS, index);
    }
}
