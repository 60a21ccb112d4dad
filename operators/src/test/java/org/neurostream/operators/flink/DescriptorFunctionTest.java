package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.AlphaRecord;
import org.neurostream.core.records.AperiodicRecord;
import org.neurostream.core.records.ConnectivityRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.core.records.DfaRecord;
import org.neurostream.core.records.HjorthRecord;
import org.neurostream.core.records.PacRecord;
import org.neurostream.operators.descriptors.DescriptorAnalysis;
import org.neurostream.operators.descriptors.DescriptorOptions;

/**
 * {@link DescriptorFunction} in Flink's keyed operator test harness: emission grids counted from
 * the stream's first sample, values equal to the offline analysis on the same samples, and a
 * snapshot taken mid-stream restored into a fresh function giving the uninterrupted run's records.
 */
class DescriptorFunctionTest {
    private static final int CHANNELS = 6;
    private static final long PERIOD_NS = 6_250_000L; // 160 Hz
    private static final double FS = 160;
    private static final int FRAME = 16;
    private static final int SECONDS = 70;
    private static final long START_NS = 5_000_000_000L;

    private static float[][] signal;
    private static List<FrameRecord> frames;

    @BeforeAll
    static void makeSignal() {
        final int n = (int) (SECONDS * FS);
        signal = new float[CHANNELS][n];
        final Random random = new Random(18);
        final double[] common = new double[n];
        for (int i = 0; i < n; i++) {
            common[i] = 20 * Math.sin(2 * Math.PI * 10 * i / FS);
        }
        for (int c = 0; c < CHANNELS; c++) {
            double brown = 0;
            for (int i = 0; i < n; i++) {
                brown = 0.98 * brown + random.nextGaussian() * 5;
                signal[c][i] = (float) (common[i] * (1 + 0.1 * c) + brown + random.nextGaussian());
            }
        }
        frames = new ArrayList<>();
        for (int at = 0; at < n; at += FRAME) {
            frames.add(frame(at));
        }
    }

    @Test
    void shouldEmitOnGridsCountedFromTheFirstSampleWithTheOfflineValues() throws Exception {
        final List<DescriptorRecord> records = run(frames, -1);
        // fast descriptors at 10, 11, ..., 70 s: 61 windows of 5 kinds; DFA at 60 and 70 s
        assertEquals(61 * 5 + 2, records.size());
        final List<DescriptorRecord> dfa =
                records.stream().filter(r -> r.kind.equals("dfa")).toList();
        assertEquals(
                List.of(START_NS + 60_000_000_000L, START_NS + 70_000_000_000L),
                dfa.stream().map(r -> r.endNs).toList());
        assertEquals(START_NS + 10_000_000_000L, dfa.get(1).startNs);

        // the window ending at 25 s against the offline analysis of exactly its samples
        final long end = START_NS + 25_000_000_000L;
        final DescriptorAnalysis.Result offline = offline(15, 25);
        final List<DescriptorRecord> window = records.stream().filter(r -> r.endNs == end).toList();
        assertEquals(5, window.size());
        for (final DescriptorRecord r : window) {
            assertEquals(end - 10_000_000_000L, r.startNs);
            assertEquals(rows(byKind(offline, r.kind)), rows(r), r.kind);
        }
        final DescriptorAnalysis.Result offlineDfa = offline(10, 70);
        assertEquals(rows(offlineDfa.dfa), rows(dfa.get(1)));
        final ConnectivityRecord c =
                (ConnectivityRecord)
                        window.stream()
                                .filter(r -> r.kind.equals("connectivity"))
                                .findFirst()
                                .get();
        assertEquals(5, c.epochs);
        assertTrue(c.plv[0] > 0.5, "the shared 10 Hz rhythm couples the channels: " + c.plv[0]);
    }

    @Test
    void shouldGiveTheUninterruptedOutputsAfterASnapshotRestoredIntoAFreshFunction()
            throws Exception {
        final List<String> uninterrupted = text(run(frames, -1));
        // a snapshot 35.2 s in: between two fast windows, with the DFA grid still ahead
        final List<String> restored = text(run(frames, 352));
        assertEquals(uninterrupted.size(), restored.size());
        assertEquals(uninterrupted, restored);
    }

    @Test
    void shouldFreeAStreamsStateAtItsEndOrAfterItsIdleTimeoutAndEmitNothingMore() throws Exception {
        final List<FrameRecord> twelveSeconds = frames.subList(0, 12 * 10);
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, DescriptorRecord> h =
                Harnesses.keyed(
                        new DescriptorFunction(DescriptorOptions.DEFAULTS)
                                .withIdleTimeout(
                                        IdleTimeout.onDeviceTime(java.time.Duration.ofMinutes(1))),
                        f -> f.streamId)) {
            h.open();
            for (final FrameRecord f : twelveSeconds) {
                h.processElement(f, f.deviceTimeNs / 1_000_000);
            }
            // windows ending at 10, 11 and 12 s, five kinds each
            assertEquals(15, h.extractOutputValues().size());
            assertEquals(2, h.numKeyedStateEntries(), "the samples and the last activity");
            h.processElement(endOf("s/eeg", twelveSeconds.size()), START_NS / 1_000_000 + 12_000);
            assertEquals(0, h.numKeyedStateEntries(), "freed by its end");
            assertEquals(1, Harnesses.counter(h, StreamExpiry.ENDED_STREAMS));
            assertEquals(15, h.extractOutputValues().size(), "the end adds no record");

            // another stream goes quiet: a watermark two minutes past its last frame frees it
            for (final FrameRecord f : twelveSeconds) {
                h.processElement(renamed(f, "t/eeg"), f.deviceTimeNs / 1_000_000);
            }
            h.processWatermark(START_NS / 1_000_000 + 12_000 + 120_000);
            assertEquals(1, Harnesses.counter(h, StreamExpiry.IDLE_STREAMS));
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void shouldTypeEveryRecordKindAsAFlinkPojoNotAKryoGraph() {
        for (final Class<?> kind :
                List.of(
                        DescriptorRecord.class,
                        ConnectivityRecord.class,
                        AperiodicRecord.class,
                        HjorthRecord.class,
                        DfaRecord.class,
                        PacRecord.class,
                        AlphaRecord.class)) {
            assertTrue(
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(kind)
                            instanceof org.apache.flink.api.java.typeutils.PojoTypeInfo,
                    kind.getSimpleName());
        }
    }

    /**
     * Runs all frames; with {@code snapshotAt} >= 0, snapshots after that many frames and goes on
     * in a fresh harness.
     */
    private static List<DescriptorRecord> run(final List<FrameRecord> input, final int snapshotAt)
            throws Exception {
        final List<DescriptorRecord> out = new ArrayList<>();
        KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, DescriptorRecord> h = harness();
        h.open();
        for (int i = 0; i < input.size(); i++) {
            if (i == snapshotAt) {
                final OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
                collect(h, out);
                h.close();
                h = harness();
                h.initializeState(snapshot);
                h.open();
            }
            h.processElement(
                    new StreamRecord<>(input.get(i), input.get(i).deviceTimeNs / 1_000_000));
        }
        collect(h, out);
        h.close();
        out.sort(
                (a, b) ->
                        a.endNs != b.endNs
                                ? Long.compare(a.endNs, b.endNs)
                                : a.kind.compareTo(b.kind));
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, DescriptorRecord>
            harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DescriptorFunction(DescriptorOptions.DEFAULTS)),
                r -> r.streamId,
                Types.STRING);
    }

    private static void collect(
            final KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, DescriptorRecord> h,
            final List<DescriptorRecord> out) {
        out.addAll(h.extractOutputValues());
    }

    private static DescriptorAnalysis.Result offline(final int fromSecond, final int toSecond) {
        final float[][] span = new float[CHANNELS][];
        for (int c = 0; c < CHANNELS; c++) {
            span[c] =
                    java.util.Arrays.copyOfRange(
                            signal[c], (int) (fromSecond * FS), (int) (toSecond * FS));
        }
        return new DescriptorAnalysis(DescriptorOptions.DEFAULTS)
                .analyze("x", span, FS, Collections.nCopies(CHANNELS, ""));
    }

    private static DescriptorRecord byKind(final DescriptorAnalysis.Result r, final String kind) {
        return r.records().stream().filter(x -> x.kind.equals(kind)).findFirst().orElseThrow();
    }

    private static String rows(final DescriptorRecord r) {
        final StringBuilder b = new StringBuilder();
        r.appendCsvRows(b, "", null);
        return b.toString();
    }

    private static List<String> text(final List<DescriptorRecord> records) {
        return records.stream()
                .map(
                        r ->
                                r.kind
                                        + " "
                                        + r.streamId
                                        + " "
                                        + r.startNs
                                        + " "
                                        + r.endNs
                                        + "\n"
                                        + rows(r))
                .toList();
    }

    /** The end-of-stream frame after {@code count} frames of {@link #frame}. */
    private static FrameRecord endOf(final String streamId, final int count) {
        final FrameRecord end =
                TestFrames.endOfSamples(streamId, Modality.EEG, CHANNELS, FRAME, PERIOD_NS, count);
        return new FrameRecord(streamId, START_NS + end.deviceTimeNs, Modality.EEG, end.bytes);
    }

    /** The same frame under another stream id (the frame's bytes keep theirs: keying is by key). */
    private static FrameRecord renamed(final FrameRecord f, final String streamId) {
        return new FrameRecord(streamId, f.deviceTimeNs, f.modality, f.bytes);
    }

    private static FrameRecord frame(final int at) {
        final byte[] id = "s/eeg".getBytes(StandardCharsets.UTF_8);
        final byte[] session = "s".getBytes(StandardCharsets.UTF_8);
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES, CHANNELS, FRAME, id.length, session.length)];
        final float[] values = new float[CHANNELS * FRAME];
        for (int i = 0; i < FRAME; i++) {
            for (int c = 0; c < CHANNELS; c++) {
                values[i * CHANNELS + c] = signal[c][at + i];
            }
        }
        final long device = START_NS + at * PERIOD_NS;
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.EEG)
                .sequence(at / FRAME)
                .deviceTimeNs(device)
                .periodNs(PERIOD_NS)
                .ingestTimeNs(at)
                .counts(CHANNELS, FRAME)
                .ids(id, session)
                .putSamples(values, 0)
                .finish();
        return new FrameRecord("s/eeg", device, Modality.EEG, bytes);
    }
}
