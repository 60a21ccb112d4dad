package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.OpenClTestDevice;
import org.neurostream.operators.spectral.BandPowerOptions;

/**
 * The batched band-power operator gives {@link BandPowerFunction}'s records (band powers within the
 * backends' parity tolerance), batches the windows of every stream of the subtask, flushes on its
 * bounded wait, before watermarks and before barriers, and shares its savepoints with the unbatched
 * operator both ways.
 */
class BandPowerBatchOperatorHarnessTest {
    private static final long PERIOD_NS = 6_250_000L; // 160 Hz: 2 s window of 320, hop of 40

    private static BandPowerBatchOperator batched(final BackendKind backend, final Duration wait) {
        return new BandPowerBatchOperator(
                new BandPowerBatchFunction(BandPowerOptions.defaults(), backend, 4096), wait);
    }

    private static KeyedProcessOperator<String, FrameRecord, BandPowerRecord> unbatched() {
        return new KeyedProcessOperator<>(BandPowerFunctionHarnessTest.function());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord>
            harness(final OneInputStreamOperator<FrameRecord, BandPowerRecord> operator)
                    throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                operator, f -> f.streamId, Types.STRING, Harnesses.environment());
    }

    /** Three streams of 8, 8 and 5 channels, interleaved, frames of 16 samples. */
    private static List<Harnesses.Timed<FrameRecord>> threeStreams(final int frames) {
        final List<Harnesses.Timed<FrameRecord>> in = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            for (final String id : new String[] {"s/eeg", "t/eeg", "u/eeg"}) {
                final int channels = id.startsWith("u") ? 5 : 8;
                final FrameRecord f =
                        TestFrames.samples(id, Modality.EEG, channels, 16, PERIOD_NS, i);
                in.add(new Harnesses.Timed<>(f, f.deviceTimeNs / 1_000_000L));
            }
        }
        return in;
    }

    private static List<BandPowerRecord> records(
            final OneInputStreamOperator<FrameRecord, BandPowerRecord> operator,
            final List<Harnesses.Timed<FrameRecord>> in)
            throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                harness(operator)) {
            h.open();
            for (final Harnesses.Timed<FrameRecord> t : in) {
                h.processElement(t.value(), t.timestamp());
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            return values(h);
        }
    }

    private static List<BandPowerRecord> values(
            final KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h) {
        final List<BandPowerRecord> out = new ArrayList<>();
        for (final Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((BandPowerRecord) r.getValue());
            }
        }
        return out;
    }

    /** Every field equal, band powers within {@code tolerance} relative (0: equal). */
    static void assertSameRecords(
            final List<BandPowerRecord> expected,
            final List<BandPowerRecord> actual,
            final double tolerance) {
        assertEquals(expected.size(), actual.size(), "records");
        for (int i = 0; i < expected.size(); i++) {
            final BandPowerRecord e = expected.get(i);
            final BandPowerRecord a = actual.get(i);
            assertClose(e.bandPower, a.bandPower, tolerance, "band power of record " + i);
            assertClose(e.relativePower, a.relativePower, tolerance, "relative of record " + i);
            final double[] bandPower = a.bandPower;
            final double[] relativePower = a.relativePower;
            a.bandPower = e.bandPower;
            a.relativePower = e.relativePower;
            assertEquals(Harnesses.describe(e), Harnesses.describe(a), "record " + i);
            a.bandPower = bandPower;
            a.relativePower = relativePower;
        }
    }

    private static void assertClose(
            final double[] expected,
            final double[] actual,
            final double tolerance,
            final String what) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            final double scale = Math.max(Math.abs(expected[k]), 1e-30);
            assertTrue(
                    Math.abs(expected[k] - actual[k]) <= tolerance * scale,
                    what + "[" + k + "]: " + expected[k] + " vs " + actual[k]);
        }
    }

    @Test
    void shouldEmitTheUnbatchedRecordsOnTheCpu() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = threeStreams(60);
        final List<BandPowerRecord> expected = records(unbatched(), in);
        assertEquals(3 * 17, expected.size());

        assertSameRecords(
                expected, records(batched(BackendKind.CPU, Duration.ofSeconds(1)), in), 0);
    }

    @Test
    void shouldEmitTheCpuRecordsWithinTheParityToleranceOnOpenCl() throws Exception {
        OpenClTestDevice.require();
        final List<Harnesses.Timed<FrameRecord>> in = threeStreams(60);

        assertSameRecords(
                records(unbatched(), in),
                records(batched(BackendKind.OPENCL, Duration.ofSeconds(1)), in),
                1e-4);
    }

    @Test
    void shouldComputeTheWindowsOfEveryStreamInOneFlushBeforeTheWatermarkGoesOn() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                harness(batched(BackendKind.CPU, Duration.ofSeconds(1)))) {
            h.open();
            h.setProcessingTime(0);
            for (final Harnesses.Timed<FrameRecord> t : threeStreams(30)) {
                h.processElement(t.value(), t.timestamp());
            }
            assertEquals(0, values(h).size(), "nothing before the flush");
            h.processWatermark(new Watermark(2_000));

            final List<Object> out = new ArrayList<>(h.getOutput());
            // 480 samples per stream: windows end at 320, 360, ..., 480 -> 5 per stream
            assertEquals(3 * 5 + 1, out.size());
            assertEquals(new Watermark(2_000), out.get(out.size() - 1), "records first");
            assertEquals(1, Harnesses.counter(h, BandPowerBatchFunction.BATCHES));
            assertEquals(15, Harnesses.counter(h, BandPowerBatchFunction.BATCHED_WINDOWS));
        }
    }

    @Test
    void shouldFlushOnceTheBoundedWaitHasPassed() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                harness(batched(BackendKind.CPU, Duration.ofMillis(20)))) {
            h.open();
            h.setProcessingTime(1_000);
            final List<Harnesses.Timed<FrameRecord>> in = threeStreams(21);
            for (final Harnesses.Timed<FrameRecord> t : in) {
                h.processElement(t.value(), t.timestamp());
            }
            // 336 samples: one window per stream, queued at 1 000 ms
            assertEquals(0, values(h).size());
            h.setProcessingTime(1_019);
            assertEquals(0, values(h).size(), "still within the wait");
            h.setProcessingTime(1_020);
            assertEquals(3, values(h).size());
            assertEquals(1, Harnesses.counter(h, BandPowerBatchFunction.BATCHES));
        }
    }

    @Test
    void shouldNeverWaitLongerThanOneHop() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                harness(batched(BackendKind.CPU, Duration.ofSeconds(10)))) {
            h.open();
            h.setProcessingTime(0);
            for (final Harnesses.Timed<FrameRecord> t : threeStreams(21)) {
                h.processElement(t.value(), t.timestamp());
            }
            h.setProcessingTime(249);
            assertEquals(0, values(h).size());
            h.setProcessingTime(250); // one hop: 40 samples at 160 Hz
            assertEquals(3, values(h).size());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 61, 122})
    void shouldFlushBeforeTheBarrierSoThatARestoreLosesAndRepeatsNothing(final int cut)
            throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = threeStreams(60);
        final List<BandPowerRecord> whole = records(unbatched(), in);
        final List<BandPowerRecord> resumed = new ArrayList<>();
        final OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                harness(batched(BackendKind.CPU, Duration.ofSeconds(1)))) {
            h.open();
            for (int i = 0; i < cut; i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            h.prepareSnapshotPreBarrier(1L);
            snapshot = h.snapshot(1L, 1L);
            resumed.addAll(values(h));
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                harness(batched(BackendKind.CPU, Duration.ofSeconds(1)))) {
            h.initializeState(snapshot);
            h.open();
            for (int i = cut; i < in.size(); i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            resumed.addAll(values(h));
        }

        assertSameRecords(whole, resumed, 0);
    }

    @Test
    void shouldShareSavepointsWithTheUnbatchedOperatorBothWays() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = threeStreams(60);
        final List<BandPowerRecord> whole = records(unbatched(), in);
        final int cut = 90;
        final List<BandPowerRecord> viaBatched = new ArrayList<>();
        final OperatorSubtaskState unbatchedSnapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                harness(unbatched())) {
            h.open();
            for (int i = 0; i < cut; i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            unbatchedSnapshot = h.snapshot(1L, 1L);
            viaBatched.addAll(values(h));
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                harness(batched(BackendKind.CPU, Duration.ofSeconds(1)))) {
            h.initializeState(unbatchedSnapshot);
            h.open();
            for (int i = cut; i < in.size(); i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            viaBatched.addAll(values(h));
        }
        assertSameRecords(whole, viaBatched, 0);

        final List<BandPowerRecord> viaUnbatched = new ArrayList<>();
        final OperatorSubtaskState batchedSnapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                harness(batched(BackendKind.CPU, Duration.ofSeconds(1)))) {
            h.open();
            for (int i = 0; i < cut; i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            h.prepareSnapshotPreBarrier(1L);
            batchedSnapshot = h.snapshot(1L, 1L);
            viaUnbatched.addAll(values(h));
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                harness(unbatched())) {
            h.initializeState(batchedSnapshot);
            h.open();
            for (int i = cut; i < in.size(); i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            viaUnbatched.addAll(values(h));
        }
        assertSameRecords(whole, viaUnbatched, 0);
    }
}
