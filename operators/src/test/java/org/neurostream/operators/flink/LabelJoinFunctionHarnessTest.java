package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.FiringRateRecord;
import org.neurostream.core.records.LabelledWindowRecord;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.stream.StreamId;

class LabelJoinFunctionHarnessTest {
    private static final long MS = 1_000_000L;

    /** Speed at 10 Hz (value = t in s), one sample a frame. */
    private static LabelJoinFunction.Input speed(final int i) {
        final FrameRecord f =
                TestFrames.samples(
                        "s/speed", Modality.BEHAVIOR, 1, 1, 100 * MS, i, new float[] {i / 10f}, 0);
        return LabelJoinFunction.Input.of(f);
    }

    private static LabelJoinFunction.Input window(final long startMs, final long endMs) {
        final FiringRateRecord r = new FiringRateRecord();
        r.streamId = "s/units";
        r.startNs = startMs * MS;
        r.endNs = endMs * MS;
        r.counts = new int[] {(int) endMs, 1};
        return LabelJoinFunction.Input.of(r);
    }

    private static LabelJoinFunction.Input marker(
            final String stream, final long atMs, final long forMs, final String label) {
        return LabelJoinFunction.Input.of(new MarkerRecord(stream, atMs * MS, forMs * MS, label));
    }

    /**
     * A session: trials of 2 s (stim, rest, stim), instant cues at 0.3 and 3.3 s, speed at 10 Hz,
     * windows of 0.5 s every 0.5 s; watermarks 1 s behind the latest time, as the job's.
     */
    private static List<Object> session() {
        final List<Object> in = new ArrayList<>();
        in.add(marker("s/trials", 0, 2000, "label=stim"));
        in.add(marker("s/trials", 2000, 2000, "label=rest"));
        in.add(marker("s/trials", 4000, 2000, "label=stim"));
        for (int i = 0; i < 60; i++) {
            final long t = i * 100L;
            if (t == 300 || t == 3300) {
                in.add(marker("s/cues", t, 0, t == 300 ? "go" : "stop"));
            }
            in.add(speed(i));
            if (t % 500 == 0 && t > 0) {
                in.add(window(t - 500, t));
            }
            in.add(new Watermark(t - 1000));
        }
        in.add(new Watermark(Long.MAX_VALUE));
        return in;
    }

    private static List<LabelledWindowRecord> run(final List<Object> in, final int cut)
            throws Exception {
        final List<LabelledWindowRecord> out = new ArrayList<>();
        OperatorSubtaskState snapshot = null;
        try (KeyedOneInputStreamOperatorTestHarness<
                        String, LabelJoinFunction.Input, LabelledWindowRecord>
                h = Harnesses.keyed(new LabelJoinFunction(), i -> StreamId.session(i.streamId))) {
            h.open();
            for (int i = 0; i < (cut < 0 ? in.size() : cut); i++) {
                feed(h, in.get(i));
            }
            collect(h, out);
            if (cut >= 0) {
                snapshot = h.snapshot(1L, 1L);
            }
        }
        if (snapshot != null) {
            try (KeyedOneInputStreamOperatorTestHarness<
                            String, LabelJoinFunction.Input, LabelledWindowRecord>
                    h =
                            Harnesses.keyed(
                                    new LabelJoinFunction(), i -> StreamId.session(i.streamId))) {
                h.initializeState(snapshot);
                h.open();
                for (int i = cut; i < in.size(); i++) {
                    feed(h, in.get(i));
                }
                collect(h, out);
            }
        }
        return out;
    }

    private static void feed(
            final KeyedOneInputStreamOperatorTestHarness<
                            String, LabelJoinFunction.Input, LabelledWindowRecord>
                    h,
            final Object o)
            throws Exception {
        if (o instanceof Watermark w) {
            h.processWatermark(w);
        } else {
            final LabelJoinFunction.Input i = (LabelJoinFunction.Input) o;
            h.processElement(i, i.startNs / MS);
        }
    }

    private static void collect(
            final KeyedOneInputStreamOperatorTestHarness<
                            String, LabelJoinFunction.Input, LabelledWindowRecord>
                    h,
            final List<LabelledWindowRecord> out) {
        for (final StreamRecord<? extends LabelledWindowRecord> r :
                h.extractOutputStreamRecords()) {
            out.add(r.getValue());
        }
    }

    /** Where the session is cut for the golden snapshots: windows pending, markers, behaviour. */
    static final int GOLDEN_CUT = 77;

    /**
     * Writes the operator snapshot of {@link #session()} at {@link #GOLDEN_CUT} to {@code file}.
     */
    static void writeSnapshot(final Path file) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<
                        String, LabelJoinFunction.Input, LabelledWindowRecord>
                h = Harnesses.keyed(new LabelJoinFunction(), i -> StreamId.session(i.streamId))) {
            h.open();
            final List<Object> in = session();
            for (int i = 0; i < GOLDEN_CUT; i++) {
                feed(h, in.get(i));
            }
            OperatorSnapshotUtil.writeStateHandle(h.snapshot(1L, 1L), file.toString());
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "neurostream.golden.write", matches = "true")
    void writeTheGoldenSnapshot() throws Exception {
        writeSnapshot(Path.of("src/test/resources/state/label-join-v1.snapshot"));
    }

    /**
     * state/label-join-pojo-46f5e80.snapshot: the label join of commit 46f5e80 (state through
     * Flink's POJO serializers) and state/label-join-v1.snapshot: layout 1 of the versioned
     * serializers, each after the first {@link #GOLDEN_CUT} elements of {@link #session()}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"label-join-pojo-46f5e80.snapshot", "label-join-v1.snapshot"})
    void shouldRestoreTheGoldenSnapshotAndGoOnAsAnUninterruptedRun(final String file)
            throws Exception {
        final List<Object> in = session();
        final List<String> whole = new ArrayList<>();
        int atCut = 0;
        try (KeyedOneInputStreamOperatorTestHarness<
                        String, LabelJoinFunction.Input, LabelledWindowRecord>
                h = Harnesses.keyed(new LabelJoinFunction(), i -> StreamId.session(i.streamId))) {
            h.open();
            for (int i = 0; i < in.size(); i++) {
                if (i == GOLDEN_CUT) {
                    atCut = h.extractOutputValues().size();
                }
                feed(h, in.get(i));
            }
            h.extractOutputValues().forEach(r -> whole.add(Harnesses.describe(r)));
        }
        final List<String> resumed = new ArrayList<>();
        try (KeyedOneInputStreamOperatorTestHarness<
                        String, LabelJoinFunction.Input, LabelledWindowRecord>
                h = Harnesses.keyed(new LabelJoinFunction(), i -> StreamId.session(i.streamId))) {
            h.initializeState(
                    OperatorSnapshotUtil.readStateHandle(Harnesses.resource("state/" + file)));
            h.open();
            for (int i = GOLDEN_CUT; i < in.size(); i++) {
                feed(h, in.get(i));
            }
            h.extractOutputValues().forEach(r -> resumed.add(Harnesses.describe(r)));
        }
        assertEquals(whole.subList(atCut, whole.size()), resumed);
        assertTrue(resumed.size() >= 5, "windows after the restore: " + resumed.size());
    }

    @Test
    void shouldWriteWhatItReadsForEveryPartOfTheState() throws Exception {
        final LabelJoinFunction.Input w = window(500, 1000);
        final LabelJoinFunction.Samples s = new LabelJoinFunction.Samples();
        s.channels = 2;
        s.add(100, new double[] {1.5, -2}, 0);
        s.add(200, new double[] {3, 4.25}, 0);
        final LabelJoinFunction.Markers m = new LabelJoinFunction.Markers();
        m.add(0, 2000 * MS, "label=stim");
        m.add(300 * MS, 0, "go");
        assertEquals(
                roundTrip(LabelWindowSerializer.INSTANCE, w),
                bytes(LabelWindowSerializer.INSTANCE, w));
        assertEquals(
                roundTrip(BehaviorSamplesSerializer.INSTANCE, s),
                bytes(BehaviorSamplesSerializer.INSTANCE, s));
        assertEquals(
                roundTrip(ActiveMarkersSerializer.INSTANCE, m),
                bytes(ActiveMarkersSerializer.INSTANCE, m));
        assertEquals(
                bytes(ActiveMarkersSerializer.INSTANCE, m),
                bytes(ActiveMarkersSerializer.INSTANCE, ActiveMarkersSerializer.INSTANCE.copy(m)));
    }

    private static <T> String bytes(final KernelStateSerializer<T> serializer, final T value)
            throws IOException {
        final DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return Arrays.toString(out.getCopyOfBuffer());
    }

    private static <T> String roundTrip(final KernelStateSerializer<T> serializer, final T value)
            throws IOException {
        final DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        final T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        return bytes(serializer, back);
    }

    @Test
    void shouldLabelEachWindowWithTheMarkersAndBehaviourAtItsEnd() throws Exception {
        final List<LabelledWindowRecord> out = run(session(), -1);
        assertEquals(11, out.size(), "windows ending 0.5 .. 5.5 s");
        final LabelledWindowRecord first = out.get(0);
        assertEquals("s/units", first.streamId);
        assertEquals(FiringRateRecord.KIND, first.source);
        assertEquals(500 * MS, first.endNs);
        assertEquals("cues.go;trials.label=stim", first.label);
        assertArrayEquals(new String[] {"s/speed"}, first.behaviorNames);
        assertArrayEquals(new double[] {0.5f}, first.behaviorValues);
        assertArrayEquals(new double[] {500, 1}, first.features);
        // 2.0 s: the stim trial ended, the rest trial began; the cue "go" still the last cue
        assertEquals("cues.go;trials.label=rest", out.get(3).label);
        assertArrayEquals(new double[] {2.0f}, out.get(3).behaviorValues);
        // 3.5 s: the cue "stop" (3.3 s) replaced "go"
        assertEquals("cues.stop;trials.label=rest", out.get(6).label);
        // 5.5 s: stim again
        assertEquals("cues.stop;trials.label=stim", out.get(10).label);
        assertArrayEquals(new double[] {5.5f}, out.get(10).behaviorValues);
    }

    @Test
    void shouldEmitAfterARestoreWhatAnUninterruptedJoinEmits() throws Exception {
        final List<LabelledWindowRecord> whole = run(session(), -1);
        for (final int cut : new int[] {5, 77, 130}) {
            final List<String> a = new ArrayList<>();
            final List<String> b = new ArrayList<>();
            whole.forEach(r -> a.add(Harnesses.describe(r)));
            run(session(), cut).forEach(r -> b.add(Harnesses.describe(r)));
            assertEquals(a, b, "cut at " + cut);
        }
    }

    @Test
    void shouldEmitALateWindowAtOnceAndCountIt() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<
                        String, LabelJoinFunction.Input, LabelledWindowRecord>
                h = Harnesses.keyed(new LabelJoinFunction(), i -> StreamId.session(i.streamId))) {
            h.open();
            h.processElement(marker("s/trials", 0, 2000, "label=stim"), 0);
            h.processWatermark(new Watermark(5000));
            final LabelJoinFunction.Input w = window(1000, 1500);
            h.processElement(w, 1000);
            assertEquals(1, Harnesses.counter(h, LabelJoinFunction.LATE_WINDOWS));
            final LabelledWindowRecord r = h.extractOutputValues().get(0);
            assertEquals("trials.label=stim", r.label);
            assertEquals(0, r.behaviorNames.length);
        }
    }

    /**
     * A window late behind a later one that already moved the watermark past the marker's end (as
     * when a consumer catches up on several partitions at once) still finds the marker.
     */
    @Test
    void shouldLabelALateWindowWithAMarkerThatEndedBeforeTheWatermark() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<
                        String, LabelJoinFunction.Input, LabelledWindowRecord>
                h = Harnesses.keyed(new LabelJoinFunction(), i -> StreamId.session(i.streamId))) {
            h.open();
            h.processElement(marker("s/trials", 0, 2000, "label=stim"), 0);
            h.processElement(window(2500, 3000), 2500);
            h.processWatermark(new Watermark(5000));
            h.processElement(window(1000, 1500), 1000);
            assertEquals(1, Harnesses.counter(h, LabelJoinFunction.LATE_WINDOWS));
            assertEquals(1, Harnesses.counter(h, LabelJoinFunction.UNLABELLED_WINDOWS));
            final List<LabelledWindowRecord> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals(1500 * MS, out.get(0).endNs);
            assertEquals("trials.label=stim", out.get(0).label);
        }
    }

    @Test
    void shouldLeaveOutWindowsWhereNoMarkerAndNoBehaviourApplies() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<
                        String, LabelJoinFunction.Input, LabelledWindowRecord>
                h = Harnesses.keyed(new LabelJoinFunction(), i -> StreamId.session(i.streamId))) {
            h.open();
            h.processElement(marker("s/trials", 1000, 1000, "label=stim"), 1000);
            for (long end = 500; end <= 3000; end += 500) {
                h.processElement(window(end - 500, end), end - 500);
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            final List<LabelledWindowRecord> out = h.extractOutputValues();
            assertEquals(2, out.size(), "windows ending 1.0 and 1.5 s, inside the trial");
            assertEquals(1000 * MS, out.get(0).endNs);
            assertEquals(1500 * MS, out.get(1).endNs);
            assertEquals(4, Harnesses.counter(h, LabelJoinFunction.UNLABELLED_WINDOWS));
        }
    }
}
