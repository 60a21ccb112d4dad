package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.BandPowerRecord;

class ChannelGroupsTest {

    @Test
    void shouldSplitAWideFrameIntoGroupsThatKeepTheHeaderAndTheirChannels() throws Exception {
        final FrameRecord frame = frame("s/probe", 5, 3);
        final List<FrameRecord> out = new ArrayList<>();
        final ChannelGroups groups = new ChannelGroups(2);
        groups.open(null);

        groups.flatMap(frame, asFrames(out));

        assertEquals(3, out.size());
        final int[] widths = {2, 2, 1};
        final FrameDecoder d = new FrameDecoder();
        for (int g = 0; g < 3; g++) {
            final FrameRecord r = out.get(g);
            assertEquals("s/probe#" + g + "of3", r.streamId);
            assertEquals(frame.deviceTimeNs, r.deviceTimeNs);
            d.wrap(new UnsafeBuffer(r.bytes), 0);
            assertEquals(widths[g], d.channelCount());
            assertEquals(3, d.elementCount());
            assertEquals(77L, d.sequence());
            assertEquals(1_000_000L, d.deviceTimeNs());
            assertEquals(5_000_000L, d.periodNs());
            assertEquals(123L, d.ingestTimeNs());
            assertEquals("s/probe", d.streamId());
            for (int i = 0; i < 3; i++) {
                for (int c = 0; c < widths[g]; c++) {
                    assertEquals(value(i, 2 * g + c), d.sample(i, c), "sample " + i + " " + c);
                }
            }
        }
    }

    @Test
    void shouldWriteAGroupToTheNetworkAsTheBytesOfItsOwnFrame() throws Exception {
        final FrameRecord frame = frame("s/probe", 130, 3);
        final List<FrameRecord> out = new ArrayList<>();
        final ChannelGroups groups = ChannelGroups.auto(3, 128);
        groups.open(null);
        groups.flatMap(frame, new ListCollector<>(out));

        final FrameRecordSerializer serializer = new FrameRecordSerializer();
        for (final FrameRecord r : out) {
            final FrameRecord own = ((ChannelGroups.GroupFrame) r).toFrame();
            final DataOutputSerializer wire = new DataOutputSerializer(64);
            serializer.serialize(r, wire);
            final DataOutputSerializer ownWire = new DataOutputSerializer(64);
            serializer.serialize(own, ownWire);
            assertArrayEquals(ownWire.getCopyOfBuffer(), wire.getCopyOfBuffer());
            final FrameRecord read =
                    serializer.deserialize(new DataInputDeserializer(wire.getCopyOfBuffer()));
            assertEquals(r.streamId, read.streamId);
            assertArrayEquals(own.bytes, read.bytes);
            assertArrayEquals(own.bytes, serializer.copy(r).bytes);
        }
    }

    @Test
    void shouldPassNarrowFramesAsTheyAre() throws Exception {
        final FrameRecord frame = frame("s/eeg", 2, 4);
        final List<FrameRecord> out = new ArrayList<>();
        final ChannelGroups groups = new ChannelGroups(2);
        groups.open(null);
        groups.flatMap(frame, new ListCollector<>(out));
        assertEquals(1, out.size());
        assertSame(frame, out.get(0));
    }

    @Test
    void shouldSendEveryAutomaticGroupOfAStreamToADifferentSubtask() {
        final String[] streams = {
            "probe0", "probe1", "probe2", "probe3", "s/probe", "S001R01/eeg", "mouse-7/imec0/ap", ""
        };
        for (final int parallelism : new int[] {2, 3, 4, 8}) {
            for (final int maxParallelism :
                    new int[] {
                        KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism),
                        parallelism,
                        4096
                    }) {
                for (final String stream : streams) {
                    final String[] keys =
                            ChannelGroups.spreadKeys(
                                    stream, parallelism, parallelism, maxParallelism);
                    final Set<Integer> subtasks = new HashSet<>();
                    for (int g = 0; g < parallelism; g++) {
                        subtasks.add(
                                KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                        keys[g], maxParallelism, parallelism));
                        assertEquals(stream, ChannelGroups.streamIdOf(keys[g]), keys[g]);
                        assertEquals(g, ChannelGroups.groupOf(keys[g]), keys[g]);
                        assertEquals(parallelism, ChannelGroups.groupsOf(keys[g]), keys[g]);
                    }
                    assertEquals(
                            parallelism,
                            subtasks.size(),
                            "stream '" + stream + "' at p" + parallelism + "/" + maxParallelism);
                }
            }
        }
    }

    @Test
    void shouldSpreadMoreGroupsThanSubtasksEvenly() {
        final int[] load = new int[3];
        for (final String key : ChannelGroups.spreadKeys("probe0", 7, 3, 128)) {
            load[KeyGroupRangeAssignment.assignKeyToParallelOperator(key, 128, 3)]++;
        }
        for (final int l : load) {
            assertTrue(l == 2 || l == 3, "loads " + java.util.Arrays.toString(load));
        }
    }

    @Test
    void shouldSplitAWideStreamIntoOneGroupPerSubtaskAutomatically() throws Exception {
        final FrameRecord frame = frame("s/probe", 130, 2);
        final List<FrameRecord> out = new ArrayList<>();
        final ChannelGroups groups = ChannelGroups.auto(3, 128);
        groups.open(null);

        groups.flatMap(frame, asFrames(out));

        assertEquals(3, out.size());
        final int[] firsts = {0, 43, 86};
        final int[] widths = {43, 43, 44};
        final String[] keys = ChannelGroups.spreadKeys("s/probe", 3, 3, 128);
        final FrameDecoder d = new FrameDecoder();
        for (int g = 0; g < 3; g++) {
            final FrameRecord r = out.get(g);
            assertEquals(keys[g], r.streamId);
            d.wrap(new UnsafeBuffer(r.bytes), 0);
            assertEquals(widths[g], d.channelCount());
            assertEquals("s/probe", d.streamId());
            for (int i = 0; i < 2; i++) {
                for (int c = 0; c < widths[g]; c++) {
                    assertEquals(value(i, firsts[g] + c), d.sample(i, c), "sample " + i + " " + c);
                }
            }
        }
    }

    @Test
    void shouldKeepNarrowStreamsAndEveryStreamAtParallelismOneWholeAutomatically()
            throws Exception {
        for (final FrameRecord frame :
                new FrameRecord[] {frame("s/eeg", 64, 2), frame("s/eeg", 127, 2)}) {
            final List<FrameRecord> out = new ArrayList<>();
            final ChannelGroups groups = ChannelGroups.auto(2, 128);
            groups.open(null);
            groups.flatMap(frame, new ListCollector<>(out));
            assertEquals(1, out.size());
            assertSame(frame, out.get(0));
        }
        assertEquals(1, ChannelGroups.autoGroups(384, 1));
        assertEquals(2, ChannelGroups.autoGroups(128, 2));
        assertEquals(8, ChannelGroups.autoGroups(384, 8));
    }

    @Test
    void shouldReadStreamGroupAndCountBackFromASaltedKey() {
        assertEquals("s/probe", ChannelGroups.streamIdOf("s/probe#1of2~17"));
        assertEquals(1, ChannelGroups.groupOf("s/probe#1of2~17"));
        assertEquals(2, ChannelGroups.groupsOf("s/probe#1of2~17"));
    }

    @Test
    void shouldReadStreamGroupAndCountBackFromAKey() {
        final String key = ChannelGroups.key("S001R01/eeg", 4, 6);
        assertEquals("S001R01/eeg", ChannelGroups.streamIdOf(key));
        assertEquals(4, ChannelGroups.groupOf(key));
        assertEquals(6, ChannelGroups.groupsOf(key));
        assertEquals("S001R01/eeg", ChannelGroups.streamIdOf("S001R01/eeg"));
        assertEquals(-1, ChannelGroups.groupOf("S001R01/eeg"));
        assertEquals(1, ChannelGroups.groupsOf("S001R01/eeg"));
    }

    @Test
    void shouldMergeGroupRecordsIntoTheWholeStreamsChannelMajorRecord() {
        final BandPowerRecord a = part(2, 0, 10);
        final BandPowerRecord b = part(1, 2, 30);
        final BandPowerRecord merged =
                ChannelGroupMerge.merge("s/probe", new BandPowerRecord[] {a, b});
        assertEquals("s/probe", merged.streamId);
        assertEquals(3, merged.channels);
        assertEquals(30, merged.ingestNs);
        assertEquals(a.startNs, merged.startNs);
        // two bands: channel c, band k -> 10 c + k
        assertArrayEquals(new double[] {0, 1, 10, 11, 20, 21}, merged.bandPower);
        assertArrayEquals(new double[] {0, 0.01, 0.1, 0.11, 0.2, 0.21}, merged.relativePower);
        assertArrayEquals(new double[] {0, 2, 20, 22, 40, 42}, merged.differentialEntropy);
        assertArrayEquals(
                new boolean[] {true, false, true, false, true, false},
                merged.differentialEntropyFloored);
    }

    private static BandPowerRecord part(final int channels, final int first, final long ingest) {
        final BandPowerRecord r = new BandPowerRecord();
        r.kind = "bandpower";
        r.streamId = "s/probe#x";
        r.startNs = 5;
        r.endNs = 9;
        r.ingestNs = ingest;
        r.channels = channels;
        r.bands = new String[] {"alpha", "beta"};
        r.bandPower = new double[channels * 2];
        r.relativePower = new double[channels * 2];
        r.differentialEntropy = new double[channels * 2];
        r.differentialEntropyFloored = new boolean[channels * 2];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < 2; k++) {
                final double v = 10 * (first + c) + k;
                r.bandPower[2 * c + k] = v;
                r.relativePower[2 * c + k] = v / 100;
                r.differentialEntropy[2 * c + k] = 2 * v;
                r.differentialEntropyFloored[2 * c + k] = k == 0;
            }
        }
        return r;
    }

    /** A collector of the frames a split gives, each group copied out of its frame. */
    private static Collector<FrameRecord> asFrames(final List<FrameRecord> out) {
        final FrameRecordSerializer serializer = new FrameRecordSerializer();
        return new ListCollector<>(out) {
            @Override
            public void collect(final FrameRecord record) {
                super.collect(serializer.copy(record));
            }
        };
    }

    private static float value(final int sample, final int channel) {
        return sample * 100 + channel;
    }

    private static FrameRecord frame(final String streamId, final int channels, final int samples) {
        final byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] session = "s".getBytes(StandardCharsets.UTF_8);
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES, channels, samples, id.length, session.length)];
        final float[] values = new float[channels * samples];
        for (int i = 0; i < samples; i++) {
            for (int c = 0; c < channels; c++) {
                values[i * channels + c] = value(i, c);
            }
        }
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.EEG)
                .sequence(77)
                .deviceTimeNs(1_000_000L)
                .periodNs(5_000_000L)
                .ingestTimeNs(123)
                .counts(channels, samples)
                .ids(id, session)
                .putSamples(values, 0)
                .finish();
        return new FrameRecord(streamId, 1_000_000L, Modality.EEG, bytes);
    }
}
