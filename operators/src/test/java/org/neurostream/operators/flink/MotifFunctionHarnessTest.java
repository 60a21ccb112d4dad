package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.OpenClTestDevice;

class MotifFunctionHarnessTest {
    private static final int M = 3;
    private static final int N = 32;
    private static final int D = 6;

    /** A seeded kernel [3, 32, 6]: motif m weighs its block of 8 addresses most. */
    static MotifFunction function(final int nmsRadius, final BackendKind backend) {
        return function(nmsRadius, backend, 1000);
    }

    /** As above, with bins of {@code binUs} microseconds. */
    static MotifFunction function(
            final int nmsRadius, final BackendKind backend, final long binUs) {
        final SplittableRandom random = new SplittableRandom(5);
        final float[] kernel = new float[M * N * D];
        for (int m = 0; m < M; m++) {
            for (int a = 0; a < N; a++) {
                for (int d = 0; d < D; d++) {
                    final double w = a / 8 == m ? 0.4 + random.nextDouble() : random.nextDouble();
                    kernel[(m * N + a) * D + d] = (float) (w - 0.45);
                }
            }
        }
        final float[] bias = {-9f, -8.5f, -9.5f};
        return new MotifFunction(kernel, bias, M, N, D, binUs, 0, nmsRadius, 0, 0, 0)
                .onBackend(backend);
    }

    /** Two event streams, interleaved: frames of 10 ms, 150 events each, bursty. */
    static List<Harnesses.Timed<FrameRecord>> twoStreams(final int frames) {
        final List<Harnesses.Timed<FrameRecord>> in = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            for (final String id : new String[] {"d/spikes", "e/spikes"}) {
                final FrameRecord f =
                        TestFrames.events(id, Modality.SPIKES, i, i * 10_000L, 10_000, 150, N, 0);
                in.add(new Harnesses.Timed<>(f, f.deviceTimeNs / 1_000_000L));
            }
        }
        return in;
    }

    @ParameterizedTest
    @CsvSource({"0, 33", "0, 150", "2, 33", "2, 151", "4, 99"})
    void shouldDetectAfterARestoreWhatAnUninterruptedFunctionDetects(
            final int radius, final int cut) throws Exception {
        final List<List<String>> after =
                Harnesses.afterCut(
                        () -> function(radius, BackendKind.CPU),
                        f -> f.streamId,
                        twoStreams(100),
                        cut,
                        new org.apache.flink.util.OutputTag<?>[0]);

        assertTrue(after.get(0).size() > 10, "detections after the cut: " + after.get(0).size());
    }

    @Test
    void shouldDetectOnCalciumSpikeFramesAfterARestoreAsWithout() throws Exception {
        // one-event frames, as the calcium function sends its spikes to the calcium motifs
        final CalciumEventFrames frames = new CalciumEventFrames();
        final SplittableRandom random = new SplittableRandom(3);
        final List<Harnesses.Timed<FrameRecord>> in = new ArrayList<>();
        long tUs = 0;
        for (int i = 0; i < 3000; i++) {
            tUs += random.nextInt(400);
            final CalciumEventRecord e = new CalciumEventRecord();
            e.streamId = "z/calcium";
            e.address = random.nextInt(3) == 0 ? random.nextInt(8) : random.nextInt(N);
            e.tUs = tUs;
            e.amplitude = 1;
            e.ingestNs = i;
            final FrameRecord f = frames.frame(e, i);
            in.add(new Harnesses.Timed<>(f, tUs / 1000));
        }
        final List<List<String>> after =
                Harnesses.afterCut(
                        () -> function(3, BackendKind.CPU),
                        f -> f.streamId,
                        in,
                        1234,
                        new org.apache.flink.util.OutputTag<?>[0]);

        assertTrue(after.get(0).size() > 5, "detections after the cut: " + after.get(0).size());
    }

    @ParameterizedTest
    @CsvSource({"OPENCL, 60", "OPENCL, 131"})
    void shouldDetectAfterARestoreOnOpenClWhatTheCpuDetects(
            final BackendKind backend, final int cut) throws Exception {
        OpenClTestDevice.require();
        final List<Harnesses.Timed<FrameRecord>> in = twoStreams(100);
        final List<List<String>> onDevice =
                Harnesses.afterCut(
                        () -> function(0, backend),
                        f -> f.streamId,
                        in,
                        cut,
                        new org.apache.flink.util.OutputTag<?>[0]);
        final List<List<String>> onCpu =
                Harnesses.afterCut(
                        () -> function(0, BackendKind.CPU),
                        f -> f.streamId,
                        in,
                        cut,
                        new org.apache.flink.util.OutputTag<?>[0]);

        assertEquals(onCpu.get(0).size(), onDevice.get(0).size());
        for (int i = 0; i < onCpu.get(0).size(); i++) {
            assertEquals(
                    withoutPotential(onCpu.get(0).get(i)),
                    withoutPotential(onDevice.get(0).get(i)));
        }
    }

    @Test
    void shouldGoOnOnTheCpuWithAStateTheOpenClPathWroteAndBack() throws Exception {
        OpenClTestDevice.require();
        final List<Harnesses.Timed<FrameRecord>> in = twoStreams(80);
        final List<String> expected = run(function(0, BackendKind.CPU), in, 0, in.size(), null);
        final OperatorSubtaskState fromDevice =
                snapshotAfter(function(0, BackendKind.OPENCL), in, 70);
        final List<String> onCpu = run(function(0, BackendKind.CPU), in, 70, in.size(), fromDevice);
        assertEquals(tail(expected, expected.size() - onCpu.size()), onCpu);
        final OperatorSubtaskState fromCpu = snapshotAfter(function(0, BackendKind.CPU), in, 90);
        final List<String> onDevice =
                run(function(0, BackendKind.OPENCL), in, 90, in.size(), fromCpu);
        final List<String> cpuTail = tail(expected, expected.size() - onDevice.size());
        assertEquals(cpuTail.size(), onDevice.size());
        for (int i = 0; i < cpuTail.size(); i++) {
            assertEquals(withoutPotential(cpuTail.get(i)), withoutPotential(onDevice.get(i)));
        }
        assertTrue(onDevice.size() > 5);
    }

    @Test
    void shouldFreeAStreamAtItsEndAndWhenIdle() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = twoStreams(60);
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, MotifRecord> h =
                Harnesses.keyed(
                        function(2, BackendKind.CPU)
                                .withIdleTimeout(IdleTimeout.onDeviceTime(Duration.ofSeconds(2))),
                        f -> f.streamId)) {
            h.open();
            for (final Harnesses.Timed<FrameRecord> t : in) {
                h.processElement(t.value(), t.timestamp());
            }
            assertEquals(4, h.numKeyedStateEntries());
            final List<String> before = Harnesses.output(h);
            h.processElement(
                    TestFrames.events(
                            "d/spikes",
                            Modality.SPIKES,
                            60,
                            600_000L,
                            0,
                            0,
                            N,
                            FrameDescriptor.FLAG_END_OF_STREAM),
                    600);
            assertEquals(2, h.numKeyedStateEntries());
            assertEquals(1, Harnesses.counter(h, StreamExpiry.ENDED_STREAMS));
            assertEquals(before, Harnesses.output(h), "the end decided no bin");
            h.processWatermark(new Watermark(10_000));
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(1, Harnesses.counter(h, StreamExpiry.IDLE_STREAMS));
        }
    }

    private static List<String> tail(final List<String> all, final int from) {
        return new ArrayList<>(all.subList(from, all.size()));
    }

    /** A detection without its potential (float rounding may differ between backends). */
    private static String withoutPotential(final String detection) {
        return detection.replaceAll("potential=[^;]*;", "");
    }

    private static OperatorSubtaskState snapshotAfter(
            final MotifFunction f, final List<Harnesses.Timed<FrameRecord>> in, final int cut)
            throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, MotifRecord> h =
                Harnesses.keyed(f, r -> r.streamId)) {
            h.open();
            for (int i = 0; i < cut; i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            return h.snapshot(1, 1);
        }
    }

    private static List<String> run(
            final MotifFunction f,
            final List<Harnesses.Timed<FrameRecord>> in,
            final int from,
            final int to,
            final OperatorSubtaskState restore)
            throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, MotifRecord> h =
                Harnesses.keyed(f, r -> r.streamId)) {
            if (restore != null) {
                h.initializeState(restore);
            }
            h.open();
            for (int i = from; i < to; i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            return Harnesses.output(h);
        }
    }
}
