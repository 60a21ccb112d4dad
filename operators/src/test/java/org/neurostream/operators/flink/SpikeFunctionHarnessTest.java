package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.records.FiringRateRecord;

class SpikeFunctionHarnessTest {
    static SpikeFunction function() {
        return new SpikeFunction(Duration.ofMillis(50), Duration.ofMillis(2));
    }

    @Test
    void shouldCountEachUnitsSpikesInBinsOfTheGridEmptyOnesIncluded() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, FiringRateRecord> h =
                Harnesses.keyed(function(), f -> f.streamId)) {
            h.open();
            // windows of 100 ms: spikes at 10 ms (unit 0), 20 ms (1), 60 ms (0), then 130 ms (2)
            h.processElement(
                    TestFrames.spikes(
                            "s/units",
                            0,
                            0,
                            3,
                            new int[] {10_000, 20_000, 60_000},
                            new int[] {0, 1, 0},
                            0),
                    0);
            h.processElement(
                    TestFrames.spikes(
                            "s/units", 1, 100_000, 3, new int[] {30_000}, new int[] {2}, 0),
                    100);
            h.processElement(
                    TestFrames.spikes("s/units", 2, 200_000, 3, new int[0], new int[0], 0), 200);
            final List<FiringRateRecord> bins = new ArrayList<>();
            for (final StreamRecord<? extends FiringRateRecord> r :
                    h.extractOutputStreamRecords()) {
                bins.add(r.getValue());
            }
            assertEquals(4, bins.size(), "bins of 0-200 ms; the frame at 200 ms completes the 4th");
            assertArrayEquals(new int[] {1, 1, 0}, bins.get(0).counts);
            assertArrayEquals(new int[] {1, 0, 0}, bins.get(1).counts);
            assertArrayEquals(new int[] {0, 0, 1}, bins.get(2).counts);
            assertArrayEquals(new int[] {0, 0, 0}, bins.get(3).counts);
            assertEquals(150_000_000L, bins.get(3).startNs);
            assertEquals(200_000_000L, bins.get(3).endNs);
            assertEquals(3, bins.get(3).seq);
            assertEquals(2, bins.get(0).spikes);
            assertEquals(FiringRateRecord.KIND, bins.get(0).kind);
            assertEquals(3, bins.get(0).units);
            assertEquals("s/units", bins.get(0).streamId);
        }
    }

    @Test
    void shouldDropAndCountSpikesOutsideThePopulationOrInAClosedBin() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, FiringRateRecord> h =
                Harnesses.keyed(function(), f -> f.streamId)) {
            h.open();
            h.processElement(
                    TestFrames.spikes(
                            "s/units", 0, 100_000, 2, new int[] {1, 2}, new int[] {1, 5}, 0),
                    100);
            h.processElement(
                    TestFrames.spikes("s/units", 1, 0, 2, new int[] {1}, new int[] {0}, 0), 0);
            assertEquals(1, Harnesses.counter(h, SpikeFunction.SPIKES_OUT_OF_RANGE));
            assertEquals(1, Harnesses.counter(h, SpikeFunction.SPIKES_OUT_OF_ORDER));
        }
    }

    /** Two streams of 40 units, windows of 25 ms, about 20 Hz per unit. */
    static List<Harnesses.Timed<FrameRecord>> twoStreams(final int windows) {
        final List<Harnesses.Timed<FrameRecord>> in = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            for (final String id : new String[] {"a/units", "b/units"}) {
                final SplittableRandom random = new SplittableRandom(id.hashCode() * 7L + w);
                final int n = random.nextInt(40);
                final int[] t = new int[n];
                final int[] u = new int[n];
                for (int i = 0; i < n; i++) {
                    t[i] = random.nextInt(25_000);
                    u[i] = random.nextInt(40);
                }
                java.util.Arrays.sort(t);
                final FrameRecord f = TestFrames.spikes(id, w, w * 25_000L, 40, t, u, 0);
                in.add(new Harnesses.Timed<>(f, f.deviceTimeNs / 1_000_000L));
            }
        }
        return in;
    }

    @ParameterizedTest
    @ValueSource(ints = {37, 250, 380})
    void shouldEmitAfterARestoreWhatAnUninterruptedFunctionEmits(final int cut) throws Exception {
        final List<List<String>> after =
                Harnesses.afterCut(
                        SpikeFunctionHarnessTest::function,
                        f -> f.streamId,
                        twoStreams(250),
                        cut,
                        SpikeFunction.AVALANCHES);
        assertTrue(after.get(0).size() > 50, "population vectors after the cut");
        assertTrue(after.get(1).size() > 20, "avalanches after the cut: " + after.get(1).size());
    }

    @Test
    void shouldFreeAStreamsStateAtItsEndAndEmitNothingMore() throws Exception {
        final List<Harnesses.Timed<FrameRecord>> in = twoStreams(40);
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, FiringRateRecord> h =
                Harnesses.keyed(function(), f -> f.streamId)) {
            h.open();
            for (final Harnesses.Timed<FrameRecord> t : in) {
                h.processElement(t.value(), t.timestamp());
            }
            final List<String> before = Harnesses.output(h);
            assertEquals(2, h.numKeyedStateEntries());
            h.processElement(
                    TestFrames.spikes(
                            "a/units",
                            40,
                            1_000_000,
                            40,
                            new int[0],
                            new int[0],
                            FrameDescriptor.FLAG_END_OF_STREAM),
                    1000);
            assertEquals(1, h.numKeyedStateEntries(), "b's alone");
            assertEquals(before, Harnesses.output(h), "the end completed no bin");
            assertEquals(1, Harnesses.counter(h, StreamExpiry.ENDED_STREAMS));
        }
    }
}
