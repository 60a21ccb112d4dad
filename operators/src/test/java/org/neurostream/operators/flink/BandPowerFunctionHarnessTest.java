package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.spectral.BandPowerOptions;

class BandPowerFunctionHarnessTest {
    private static final long PERIOD_NS = 6_250_000L; // 160 Hz

    static BandPowerFunction function() {
        return new BandPowerFunction(BandPowerOptions.defaults(), BackendKind.CPU);
    }

    static List<Harnesses.Timed<FrameRecord>> twoStreams(final int frames) {
        final List<Harnesses.Timed<FrameRecord>> in = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            for (final String id : new String[] {"s/eeg", "t/eeg"}) {
                final FrameRecord f = TestFrames.samples(id, Modality.EEG, 8, 16, PERIOD_NS, i);
                in.add(new Harnesses.Timed<>(f, f.deviceTimeNs / 1_000_000L));
            }
        }
        return in;
    }

    @ParameterizedTest
    @ValueSource(ints = {15, 61, 77})
    void shouldEmitAfterARestoreWhatAnUninterruptedFunctionEmits(final int cut) throws Exception {
        final List<List<String>> after =
                Harnesses.afterCut(
                        BandPowerFunctionHarnessTest::function,
                        f -> f.streamId,
                        twoStreams(60),
                        cut);

        assertTrue(after.get(0).size() > 10, "records after the cut: " + after.get(0).size());
    }

    @Test
    void shouldRestoreACheckpointOfTheReleaseThatKeptTheStateAsAPojo() throws Exception {
        // state/band-power-pojo-752d4cc.snapshot: BandPowerFunction of commit 752d4cc (state
        // through Flink's POJO serializer) after frames 0..29 of stream s/eeg (8 channels, 16
        // samples per frame, 160 Hz, TestFrames.samples), default options, cpu backend
        final List<FrameRecord> frames = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            frames.add(TestFrames.samples("s/eeg", Modality.EEG, 8, 16, PERIOD_NS, i));
        }
        final List<String> whole;
        final int atCut;
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                Harnesses.keyed(function(), f -> f.streamId)) {
            h.open();
            for (int i = 0; i < 30; i++) {
                h.processElement(frames.get(i), i);
            }
            atCut = Harnesses.output(h).size();
            for (int i = 30; i < 60; i++) {
                h.processElement(frames.get(i), i);
            }
            whole = Harnesses.output(h);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                Harnesses.keyed(function(), f -> f.streamId)) {
            h.initializeState(
                    OperatorSnapshotUtil.readStateHandle(
                            Harnesses.resource("state/band-power-pojo-752d4cc.snapshot")));
            h.open();
            for (int i = 30; i < 60; i++) {
                h.processElement(frames.get(i), i);
            }
            assertEquals(whole.subList(atCut, whole.size()), Harnesses.output(h));
            assertEquals(5, atCut, "the snapshot holds 5 records' worth of stream");
        }
    }

    @Test
    void shouldFreeAStreamAtItsEndAndWhenIdle() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = twoStreams(30);
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                Harnesses.keyed(
                        function()
                                .withIdleTimeout(
                                        IdleTimeout.onProcessingTime(Duration.ofSeconds(10))),
                        f -> f.streamId)) {
            h.open();
            h.setProcessingTime(0);
            for (final Harnesses.Timed<FrameRecord> t : in) {
                h.processElement(t.value(), t.timestamp());
            }
            final int records = Harnesses.output(h).size();
            assertEquals(4, h.numKeyedStateEntries());
            h.processElement(
                    TestFrames.endOfSamples("s/eeg", Modality.EEG, 8, 16, PERIOD_NS, 30), 3000);
            assertEquals(2, h.numKeyedStateEntries());
            assertEquals(1, Harnesses.counter(h, StreamExpiry.ENDED_STREAMS));
            assertEquals(records, Harnesses.output(h).size(), "the end emitted nothing");
            h.setProcessingTime(11_250);
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(1, Harnesses.counter(h, StreamExpiry.IDLE_STREAMS));
        }
    }

    @Test
    void shouldNumberAStreamThatStartsAgainAfterItsEndFromZero() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                Harnesses.keyed(function(), f -> f.streamId)) {
            h.open();
            for (int i = 0; i < 25; i++) {
                h.processElement(TestFrames.samples("s/eeg", Modality.EEG, 8, 16, PERIOD_NS, i), i);
            }
            h.processElement(
                    TestFrames.endOfSamples("s/eeg", Modality.EEG, 8, 16, PERIOD_NS, 25), 25);
            for (int i = 0; i < 25; i++) {
                h.processElement(TestFrames.samples("s/eeg", Modality.EEG, 8, 16, PERIOD_NS, i), i);
            }
            final List<String> out = Harnesses.output(h);
            assertEquals(out.size() % 2, 0);
            assertEquals(
                    out.subList(0, out.size() / 2),
                    out.subList(out.size() / 2, out.size()),
                    "the second run is a new stream: the same records, numbered from 0");
        }
    }

    @Test
    void shouldHandEveryFrameToTheDecoderWithTheBandPowersOfTheWindowsItEnded() throws Exception {
        final List<FrameRecord> frames = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            frames.add(TestFrames.samples("s/eeg", Modality.EEG, 8, 16, PERIOD_NS, i));
        }
        frames.add(TestFrames.endOfSamples("s/eeg", Modality.EEG, 8, 16, PERIOD_NS, 60));
        final List<String> alone;
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                Harnesses.keyed(function(), f -> f.streamId)) {
            h.open();
            for (int i = 0; i < frames.size(); i++) {
                h.processElement(frames.get(i), i);
            }
            alone = Harnesses.output(h);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                Harnesses.keyed(function().withDecoderFrames(), f -> f.streamId)) {
            h.open();
            for (int i = 0; i < frames.size(); i++) {
                h.processElement(frames.get(i), i);
            }
            assertEquals(alone, Harnesses.output(h), "the same records");
            final List<BandPowerRecord> records = new ArrayList<>();
            h.extractOutputValues().forEach(records::add);
            final List<BandPowerFrame> handed = new ArrayList<>();
            h.getSideOutput(BandPowerFunction.DECODER_FRAMES)
                    .forEach(r -> handed.add(r.getValue()));

            assertEquals(frames.size(), handed.size(), "every frame, the end included");
            int w = 0;
            for (int i = 0; i < handed.size(); i++) {
                final BandPowerFrame f = handed.get(i);
                assertEquals(frames.get(i).deviceTimeNs, f.frame().deviceTimeNs);
                final int values = 8 * 5;
                assertEquals(f.windowEnds().length * values, f.bandPower().length);
                for (int k = 0; k < f.windowEnds().length; k++, w++) {
                    final BandPowerRecord r = records.get(w);
                    assertEquals(f.frame().deviceTimeNs + f.windowEnds()[k] * PERIOD_NS, r.endNs);
                    assertArrayEquals(
                            r.bandPower,
                            Arrays.copyOfRange(f.bandPower(), k * values, (k + 1) * values));
                }
            }
            assertEquals(records.size(), w, "every window's band powers, once");
            // windows of 320 samples every 40 end inside frames of 16 as well as at their ends
            assertTrue(
                    handed.stream()
                            .anyMatch(f -> f.windowEnds().length == 1 && f.windowEnds()[0] == 8));
        }
    }
}
