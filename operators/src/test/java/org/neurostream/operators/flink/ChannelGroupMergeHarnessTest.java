package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.spectral.BandPowerOptions;

/** Channel groups, band power per group and the merge, through their harnesses. */
class ChannelGroupMergeHarnessTest {
    private static final long PERIOD_NS = 6_250_000L;

    /** Copies the split's groups out of their frames, as the network between the two does. */
    private static final FrameRecordSerializer FRAMES = new FrameRecordSerializer();

    /** The band-power records of 3 channel groups of a 10-channel stream, as the job makes them. */
    static List<Harnesses.Timed<BandPowerRecord>> groupRecords(final int frames) throws Exception {
        final List<FrameRecord> split = new ArrayList<>();
        try (OneInputStreamOperatorTestHarness<FrameRecord, FrameRecord> h =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamFlatMap<>(new ChannelGroups(4)), Harnesses.environment())) {
            h.open();
            for (int i = 0; i < frames; i++) {
                h.processElement(
                        TestFrames.samples("w/eeg", Modality.EEG, 10, 16, PERIOD_NS, i), i);
            }
            for (final Object o : h.getOutput()) {
                if (o instanceof StreamRecord<?> r) {
                    split.add(FRAMES.copy((FrameRecord) r.getValue()));
                }
            }
        }
        final List<Harnesses.Timed<BandPowerRecord>> records = new ArrayList<>();
        try (KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, BandPowerRecord> h =
                Harnesses.keyed(
                        new BandPowerFunction(BandPowerOptions.defaults(), BackendKind.CPU),
                        f -> f.streamId)) {
            h.open();
            for (final FrameRecord f : split) {
                h.processElement(f, f.deviceTimeNs / 1_000_000L);
            }
            for (final Object o : h.getOutput()) {
                if (o instanceof StreamRecord<?> r) {
                    final BandPowerRecord f = (BandPowerRecord) r.getValue();
                    records.add(new Harnesses.Timed<>(f, f.endNs / 1_000_000L));
                }
            }
        }
        return records;
    }

    @Test
    void shouldSplitAWideStreamIntoGroupsThatCarryItsEnd() throws Exception {
        try (OneInputStreamOperatorTestHarness<FrameRecord, FrameRecord> h =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamFlatMap<>(new ChannelGroups(4)), Harnesses.environment())) {
            h.open();
            h.processElement(TestFrames.samples("w/eeg", Modality.EEG, 10, 16, PERIOD_NS, 0), 0);
            h.processElement(
                    TestFrames.endOfSamples("w/eeg", Modality.EEG, 10, 16, PERIOD_NS, 1), 1);
            final List<String> out = Harnesses.output(h);
            assertEquals(6, out.size(), "3 groups of the frame, 3 of its end");
            final List<FrameRecord> ends = new ArrayList<>();
            h.getOutput()
                    .forEach(
                            o -> {
                                if (o instanceof StreamRecord<?> r) {
                                    ends.add(FRAMES.copy((FrameRecord) r.getValue()));
                                }
                            });
            for (int g = 0; g < 3; g++) {
                final org.neurostream.core.frame.FrameDecoder d =
                        new org.neurostream.core.frame.FrameDecoder()
                                .wrap(
                                        new org.agrona.concurrent.UnsafeBuffer(
                                                ends.get(3 + g).bytes),
                                        0);
                assertTrue(org.neurostream.core.frame.EndOfStream.isMarked(d));
                assertEquals(ChannelGroups.key("w/eeg", g, 3), ends.get(3 + g).streamId);
                assertEquals(0, d.elementCount());
            }
        }
    }

    @Test
    void shouldMergeAfterARestoreWhatAnUninterruptedMergeMerges() throws Exception {
        final List<Harnesses.Timed<BandPowerRecord>> in = groupRecords(40);
        for (final int cut : new int[] {1, 2, 13, 20}) {
            final List<List<String>> after =
                    Harnesses.afterCut(
                            ChannelGroupMerge::new,
                            r -> ChannelGroups.streamIdOf(r.streamId),
                            in,
                            cut,
                            new org.apache.flink.util.OutputTag<?>[0]);
            assertTrue(after.get(0).size() >= (in.size() - cut) / 3, "merged after " + cut);
        }
    }

    @Test
    void shouldLeaveNothingOnceEveryIntervalIsCompleteAndFreeWhatIdles() throws Exception {
        final List<Harnesses.Timed<BandPowerRecord>> in = groupRecords(40);
        try (KeyedOneInputStreamOperatorTestHarness<String, BandPowerRecord, BandPowerRecord> h =
                Harnesses.keyed(
                        new ChannelGroupMerge()
                                .withIdleTimeout(IdleTimeout.onDeviceTime(Duration.ofSeconds(2))),
                        r -> ChannelGroups.streamIdOf(r.streamId))) {
            h.open();
            for (int i = 0; i < in.size() - 1; i++) {
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            assertEquals(2, h.numKeyedStateEntries(), "the last interval waits for its group");
            h.processWatermark(new Watermark(in.get(in.size() - 1).timestamp() + 2_500));
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(1, Harnesses.counter(h, StreamExpiry.IDLE_STREAMS));
        }
    }

    @Test
    void shouldRestoreTheGoldenSnapshotsOfLayout1AndOfThePojoArrayOfEarlierBuilds()
            throws Exception {
        final List<Harnesses.Timed<BandPowerRecord>> in = groupRecords(40);
        final int cut = 20; // both were taken after element 20: one interval has 2 of its 3 groups
        final List<String> whole;
        try (KeyedOneInputStreamOperatorTestHarness<String, BandPowerRecord, BandPowerRecord> h =
                merge()) {
            h.open();
            int before = 0;
            for (int i = 0; i < in.size(); i++) {
                if (i == cut) {
                    before = Harnesses.output(h).size();
                }
                h.processElement(in.get(i).value(), in.get(i).timestamp());
            }
            final List<String> all = Harnesses.output(h);
            whole = all.subList(before, all.size());
        }
        for (final String golden :
                List.of(
                        "channel-group-merge-v1.snapshot",
                        "channel-group-merge-pojo-cbe2cd5.snapshot")) {
            try (KeyedOneInputStreamOperatorTestHarness<String, BandPowerRecord, BandPowerRecord>
                    h = merge()) {
                h.initializeState(
                        OperatorSnapshotUtil.readStateHandle(
                                Harnesses.resource("state/" + golden)));
                h.open();
                assertEquals(1, h.numKeyedStateEntries(), golden);
                for (int i = cut; i < in.size(); i++) {
                    h.processElement(in.get(i).value(), in.get(i).timestamp());
                }
                assertEquals(whole, Harnesses.output(h), golden);
                assertEquals(0, h.numKeyedStateEntries(), golden);
            }
        }
        assertTrue(whole.size() >= 2, "records after the cut");
    }

    @Test
    void shouldWriteAPartialIntervalAndReadItBackFieldForField() throws Exception {
        final List<Harnesses.Timed<BandPowerRecord>> in = groupRecords(40);
        final BandPowerRecord[] parts = {in.get(0).value(), null, in.get(2).value()};
        final DataOutputSerializer out = new DataOutputSerializer(4096);
        GroupRecordsSerializer.INSTANCE.serialize(parts, out);
        final BandPowerRecord[] back =
                GroupRecordsSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(3, back.length);
        assertEquals(Harnesses.describe(parts[0]), Harnesses.describe(back[0]));
        assertNull(back[1]);
        assertEquals(Harnesses.describe(parts[2]), Harnesses.describe(back[2]));
        assertTrue(parts[0].differentialEntropy != null, "with entropy");
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, BandPowerRecord, BandPowerRecord>
            merge() throws Exception {
        return Harnesses.keyed(new ChannelGroupMerge(), r -> ChannelGroups.streamIdOf(r.streamId));
    }
}
