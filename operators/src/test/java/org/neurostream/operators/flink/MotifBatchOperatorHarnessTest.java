package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.OpenClTestDevice;

/**
 * The batched motif operator on OpenCL (PoCL's CPU device in CI) gives {@link MotifFunction}'s
 * detections on the CPU, one for one, for every stream, with the same timestamps and ingest times
 * (potentials within 1e-4); decides the frames of every stream of the subtask in one flush, on its
 * bounded wait, before watermarks and before barriers; and shares its savepoints with the unbatched
 * function both ways. With non-maximum suppression (on the host) the same, potentials to the bit,
 * the suppression window crossing frames, flushes, barriers and backends.
 */
class MotifBatchOperatorHarnessTest {
    private static final double TOLERANCE = 1e-4;

    @BeforeEach
    void requireOpenCl() {
        OpenClTestDevice.require();
    }

    private static MotifBatchOperator batched(final Duration wait, final long binUs) {
        return batched(wait, binUs, 0);
    }

    private static MotifBatchOperator batched(
            final Duration wait, final long binUs, final int nmsRadius) {
        return new MotifBatchOperator(
                new MotifBatchFunction(
                        MotifFunctionHarnessTest.function(nmsRadius, BackendKind.CPU, binUs),
                        BackendKind.OPENCL,
                        MotifBatchFunction.DEFAULT_MAX_WINDOWS),
                wait);
    }

    private static MotifBatchOperator batched() {
        return batched(Duration.ofSeconds(1), 1000);
    }

    private static KeyedProcessOperator<String, FrameRecord, MotifRecord> unbatched() {
        return unbatched(0);
    }

    private static KeyedProcessOperator<String, FrameRecord, MotifRecord> unbatched(
            final int nmsRadius) {
        return new KeyedProcessOperator<>(
                MotifFunctionHarnessTest.function(nmsRadius, BackendKind.CPU));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, MotifRecord> harness(
            final OneInputStreamOperator<FrameRecord, MotifRecord> operator) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                operator, f -> f.streamId, Types.STRING, Harnesses.environment());
    }

    /** Three event streams, interleaved: frames of 10 ms with 150 events each. */
    private static List<Harnesses.Timed<FrameRecord>> threeStreams(final int frames) {
        final List<Harnesses.Timed<FrameRecord>> in = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            for (final String id : new String[] {"d/spikes", "e/spikes", "f/spikes"}) {
                final FrameRecord f =
                        TestFrames.events(id, Modality.SPIKES, i, i * 10_000L, 10_000, 150, 32, 0);
                in.add(new Harnesses.Timed<>(f, f.deviceTimeNs / 1_000_000L));
            }
        }
        return in;
    }

    /** A detection as emitted: its timestamp and every field. */
    private record Emitted(Long timestamp, MotifRecord record) {}

    private static List<Emitted> emitted(
            final KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, MotifRecord> h) {
        final List<Emitted> out = new ArrayList<>();
        for (final Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add(
                        new Emitted(
                                r.hasTimestamp() ? r.getTimestamp() : null,
                                (MotifRecord) r.getValue()));
            }
        }
        return out;
    }

    /** Feeds {@code in[from, to)}, after restoring {@code restore} when not null. */
    private static List<Emitted> run(
            final OneInputStreamOperator<FrameRecord, MotifRecord> operator,
            final List<Harnesses.Timed<FrameRecord>> in,
            final int from,
            final int to,
            final OperatorSubtaskState restore,
            final OperatorSubtaskState[] snapshot)
            throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, MotifRecord> h =
                harness(operator)) {
            if (restore != null) {
                h.initializeState(restore);
            }
            h.open();
            for (int i = from; i < to; i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            if (snapshot != null) {
                h.prepareSnapshotPreBarrier(1L);
                snapshot[0] = h.snapshot(1L, 1L);
            } else {
                h.processWatermark(new Watermark(Long.MAX_VALUE));
            }
            return emitted(h);
        }
    }

    /**
     * Every stream's detections in order, equal field for field (with their timestamps) but the
     * potential, which is within the tolerance; the order across streams may differ.
     */
    private static void assertSameDetections(
            final List<Emitted> expected, final List<Emitted> actual) {
        final Map<String, List<Emitted>> e = byStream(expected);
        final Map<String, List<Emitted>> a = byStream(actual);
        assertEquals(e.keySet(), a.keySet(), "streams");
        for (final String stream : e.keySet()) {
            final List<Emitted> x = e.get(stream);
            final List<Emitted> y = a.get(stream);
            assertEquals(x.size(), y.size(), "detections of " + stream);
            for (int i = 0; i < x.size(); i++) {
                final String what = stream + " detection " + i;
                assertEquals(x.get(i).timestamp(), y.get(i).timestamp(), what);
                assertEquals(
                        x.get(i).record().potential, y.get(i).record().potential, TOLERANCE, what);
                assertEquals(withoutPotential(x.get(i)), withoutPotential(y.get(i)), what);
            }
        }
    }

    /**
     * Every stream's detections in order, every field and timestamp equal, potentials to the bit.
     */
    private static void assertIdentical(
            final List<Emitted> expected, final List<Emitted> actual, final String what) {
        final Map<String, List<String>> e = new TreeMap<>();
        final Map<String, List<String>> a = new TreeMap<>();
        for (final Emitted x : expected) {
            e.computeIfAbsent(x.record().streamId, k -> new ArrayList<>())
                    .add(x.timestamp() + " " + Harnesses.describe(x.record()));
        }
        for (final Emitted x : actual) {
            a.computeIfAbsent(x.record().streamId, k -> new ArrayList<>())
                    .add(x.timestamp() + " " + Harnesses.describe(x.record()));
        }
        assertEquals(e, a, what);
    }

    private static String withoutPotential(final Emitted e) {
        return Harnesses.describe(e.record()).replaceAll("potential=[^;]*;", "");
    }

    private static Map<String, List<Emitted>> byStream(final List<Emitted> all) {
        final Map<String, List<Emitted>> out = new TreeMap<>();
        for (final Emitted e : all) {
            out.computeIfAbsent(e.record().streamId, k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    @Test
    void shouldEmitTheDetectionsOfTheCpuForEveryStream() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = threeStreams(80);
        final List<Emitted> cpu = run(unbatched(), in, 0, in.size(), null, null);
        assertTrue(cpu.size() > 30, "detections to compare: " + cpu.size());

        assertSameDetections(cpu, run(batched(), in, 0, in.size(), null, null));
    }

    @Test
    void shouldDecideTheFramesOfEveryStreamInOneFlushBeforeTheWatermarkGoesOn() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, MotifRecord> h =
                harness(batched())) {
            h.open();
            h.setProcessingTime(0);
            for (final Harnesses.Timed<FrameRecord> t : threeStreams(40)) {
                h.processElement(t.value(), t.timestamp());
            }
            assertEquals(0, emitted(h).size(), "nothing before the flush");
            h.processWatermark(new Watermark(400));

            final List<Object> out = new ArrayList<>(h.getOutput());
            assertTrue(out.size() > 10, "detections: " + out.size());
            assertEquals(new Watermark(400), out.get(out.size() - 1), "detections first");
            assertEquals(1, Harnesses.counter(h, MotifBatchFunction.BATCHES));
            // every frame closes the bins from its stream's open bin to its last event's
            assertEquals(120, Harnesses.counter(h, MotifBatchFunction.BATCHED_WINDOWS));
            assertEquals(out.size() - 1, Harnesses.counter(h, MotifFunction.DETECTIONS));
            assertEquals(3 * 40 * 150, Harnesses.counter(h, MotifFunction.EVENTS_ACCEPTED));
        }
    }

    @Test
    void shouldFlushOnceTheBoundedWaitHasPassed() throws Exception {
        // bins of 100 ms: the wait of 20 ms bounds it
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, MotifRecord> h =
                harness(batched(Duration.ofMillis(20), 100_000))) {
            h.open();
            h.setProcessingTime(1_000);
            for (final Harnesses.Timed<FrameRecord> t : threeStreams(40)) {
                h.processElement(t.value(), t.timestamp());
            }
            assertEquals(0, Harnesses.counter(h, MotifBatchFunction.BATCHES));
            h.setProcessingTime(1_019);
            assertEquals(0, Harnesses.counter(h, MotifBatchFunction.BATCHES), "within the wait");
            h.setProcessingTime(1_020);
            assertEquals(1, Harnesses.counter(h, MotifBatchFunction.BATCHES));
        }
    }

    @Test
    void shouldNeverWaitLongerThanOneBin() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, MotifRecord> h =
                harness(batched(Duration.ofSeconds(10), 100_000))) {
            h.open();
            h.setProcessingTime(0);
            for (final Harnesses.Timed<FrameRecord> t : threeStreams(40)) {
                h.processElement(t.value(), t.timestamp());
            }
            h.setProcessingTime(99);
            assertEquals(0, Harnesses.counter(h, MotifBatchFunction.BATCHES));
            h.setProcessingTime(100);
            assertEquals(1, Harnesses.counter(h, MotifBatchFunction.BATCHES));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 61, 122, 200})
    void shouldFlushBeforeTheBarrierSoThatARestoreLosesAndRepeatsNothing(final int cut)
            throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = threeStreams(80);
        final List<Emitted> whole = run(batched(), in, 0, in.size(), null, null);
        final OperatorSubtaskState[] snapshot = new OperatorSubtaskState[1];
        final List<Emitted> resumed = new ArrayList<>(run(batched(), in, 0, cut, null, snapshot));
        resumed.addAll(run(batched(), in, cut, in.size(), snapshot[0], null));

        assertSameDetections(whole, resumed);
    }

    @Test
    void shouldShareSavepointsWithTheUnbatchedFunctionBothWays() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = threeStreams(80);
        final List<Emitted> whole = run(unbatched(), in, 0, in.size(), null, null);
        final int cut = 100;
        final OperatorSubtaskState[] fromCpu = new OperatorSubtaskState[1];
        final List<Emitted> viaBatched =
                new ArrayList<>(run(unbatched(), in, 0, cut, null, fromCpu));
        viaBatched.addAll(run(batched(), in, cut, in.size(), fromCpu[0], null));
        assertSameDetections(whole, viaBatched);

        final OperatorSubtaskState[] fromDevice = new OperatorSubtaskState[1];
        final List<Emitted> viaUnbatched =
                new ArrayList<>(run(batched(), in, 0, cut, null, fromDevice));
        viaUnbatched.addAll(run(unbatched(), in, cut, in.size(), fromDevice[0], null));
        assertSameDetections(whole, viaUnbatched);
    }

    @ParameterizedTest(name = "radius {0}")
    @ValueSource(ints = {1, 3, 25})
    void shouldSuppressAsTheCpuAcrossFlushesBarriersAndBackends(final int radius) throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = threeStreams(80);
        final Supplier<MotifBatchOperator> device =
                () -> batched(Duration.ofSeconds(1), 1000, radius);
        final List<Emitted> cpu = run(unbatched(radius), in, 0, in.size(), null, null);
        assertTrue(cpu.size() > 10, "detections to compare: " + cpu.size());
        assertTrue(
                cpu.size() < run(unbatched(0), in, 0, in.size(), null, null).size(),
                "suppression removes detections");

        // flushed every 7 frames (one bin of 1 ms waits at most 7 frames of processing time)
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, MotifRecord> h =
                harness(device.get())) {
            h.open();
            h.setProcessingTime(0);
            for (int i = 0; i < in.size(); i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
                if (i % 7 == 6) {
                    h.setProcessingTime(i + 1);
                }
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertTrue(
                    Harnesses.counter(h, MotifBatchFunction.BATCHES) > 20,
                    "flushes on the device: " + Harnesses.counter(h, MotifBatchFunction.BATCHES));
            assertIdentical(cpu, emitted(h), "flushed every 7 frames");
        }

        for (final int cut : new int[] {40, 61, 122, 200}) {
            final OperatorSubtaskState[] fromDevice = new OperatorSubtaskState[1];
            final List<Emitted> first = run(device.get(), in, 0, cut, null, fromDevice);
            final List<Emitted> resumed = new ArrayList<>(first);
            resumed.addAll(run(device.get(), in, cut, in.size(), fromDevice[0], null));
            assertIdentical(cpu, resumed, "restored at " + cut);

            final List<Emitted> viaCpu = new ArrayList<>(first);
            viaCpu.addAll(run(unbatched(radius), in, cut, in.size(), fromDevice[0], null));
            assertIdentical(cpu, viaCpu, "device, then cpu at " + cut);

            final OperatorSubtaskState[] fromCpu = new OperatorSubtaskState[1];
            final List<Emitted> viaDevice =
                    new ArrayList<>(run(unbatched(radius), in, 0, cut, null, fromCpu));
            viaDevice.addAll(run(device.get(), in, cut, in.size(), fromCpu[0], null));
            assertIdentical(cpu, viaDevice, "cpu, then device at " + cut);
        }
    }
}
