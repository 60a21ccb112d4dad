package org.neurostream.operators.flink;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;

/**
 * Splits the SAMPLES frames of wide streams into channel groups, so that one big stream (a
 * Neuropixels probe: 384 channels at 30 kHz) spreads over several subtasks instead of holding one
 * slot: a frame of C &gt; G channels becomes ceil(C / G) frames of channels {@code [g G, min(C, (g
 * + 1) G))}, keyed {@code <stream id>#<g>of<groups>} (see {@link #key}); everything else in the
 * header (sequence, device time, period, ingest stamp, ids) is the original's. Frames of at most G
 * channels, and EVENTS frames, pass as they are, under their stream id.
 *
 * <p>Chosen automatically ({@link #auto}): a stream of at least {@value #AUTO_MIN_CHANNELS}
 * channels at parallelism P &gt; 1 becomes P groups of as equal a width as the channels allow
 * (group g holds channels {@code [g C / P, (g + 1) C / P)}), narrower streams pass whole. Flink
 * hashes keys into key groups, so two plain group keys of one stream may fall on one subtask; the
 * automatic keys carry a salt ({@code <stream id>#<g>of<n>~<salt>}, the smallest salt from 0 up,
 * none for 0) chosen with Flink's own key-group assignment, so that the groups of a stream land on
 * different subtasks of the keyed operator downstream (see {@link #spreadKeys}). Keyed state works
 * as for any key: the salt only picks which key.
 *
 * <p>Per-channel features (band power, relative power, band entropy) do not depend on the other
 * channels, so a {@link ChannelGroupMerge} downstream puts the groups' records back together into
 * the very records the whole stream would have given.
 */
public final class ChannelGroups extends RichFlatMapFunction<FrameRecord, FrameRecord>
        implements ResultTypeQueryable<FrameRecord> {
    private static final long serialVersionUID = 1L;

    /** Automatic groups split streams of at least this many channels (a Neuropixels probe: 384). */
    public static final int AUTO_MIN_CHANNELS = 128;

    /** Salts tried per group key before giving up (never reached: see {@link #spreadKeys}). */
    private static final int MAX_SALT = 1 << 16;

    private static final String SEPARATOR = "#";
    private static final String OF = "of";
    private static final String SALT = "~";

    private final int groupSize;
    private final int parallelism;
    private final int maxParallelism;
    private transient Map<String, String[]> autoKeys;
    private transient FrameDecoder decoder;
    private transient FrameEncoder encoder;
    private transient UnsafeBuffer in;
    private transient UnsafeBuffer out;

    /** The UTF-8 ids of the last frame split (see {@link #same}). */
    private transient byte[] streamIdUtf8;

    private transient byte[] sessionIdUtf8;

    /**
     * @param groupSize G, the most channels a group holds, at least 1
     * @throws IllegalArgumentException when groupSize &lt; 1
     */
    public ChannelGroups(final int groupSize) {
        if (groupSize < 1) {
            throw new IllegalArgumentException(
                    "a channel group holds at least 1 channel, not " + groupSize);
        }
        this.groupSize = groupSize;
        this.parallelism = 1;
        this.maxParallelism = 1;
    }

    private ChannelGroups(final int parallelism, final int maxParallelism) {
        this.groupSize = 0;
        this.parallelism = parallelism;
        this.maxParallelism = maxParallelism;
    }

    /**
     * Groups chosen per stream: {@link #autoGroups} groups, whose keys go to different subtasks of
     * a keyed operator of {@code parallelism} subtasks and {@code maxParallelism} key groups.
     *
     * @throws IllegalArgumentException when parallelism &lt; 1 or maxParallelism &lt; parallelism
     */
    public static ChannelGroups auto(final int parallelism, final int maxParallelism) {
        if (parallelism < 1 || maxParallelism < parallelism) {
            throw new IllegalArgumentException(
                    "automatic channel groups need 1 <= parallelism <= max parallelism, not "
                            + parallelism
                            + " and "
                            + maxParallelism);
        }
        return new ChannelGroups(parallelism, maxParallelism);
    }

    /**
     * The automatic group count of a stream of {@code channels} channels at {@code parallelism}:
     * one group per subtask for streams of at least {@value #AUTO_MIN_CHANNELS} channels, else 1
     * (the stream whole).
     */
    public static int autoGroups(final int channels, final int parallelism) {
        return channels >= AUTO_MIN_CHANNELS && parallelism > 1
                ? Math.min(parallelism, channels)
                : 1;
    }

    /**
     * The keys of the {@code groups} groups of {@code streamId} such that Flink's {@link
     * KeyGroupRangeAssignment} sends them to as many different subtasks of a keyed operator as
     * there are (all different when groups &lt;= parallelism, else at most ceil(groups /
     * parallelism) per subtask): for each group in turn the smallest salt whose key lands on a
     * subtask not yet full. Deterministic, so every subtask and every run computes the same keys.
     *
     * @throws IllegalStateException when no salt up to 65536 finds a subtask (never for
     *     maxParallelism &gt;= parallelism: every subtask owns a key group)
     */
    public static String[] spreadKeys(
            final String streamId,
            final int groups,
            final int parallelism,
            final int maxParallelism) {
        final int perSubtask = (groups + parallelism - 1) / parallelism;
        final int[] load = new int[parallelism];
        final String[] keys = new String[groups];
        for (int g = 0; g < groups; g++) {
            final String plain = key(streamId, g, groups);
            for (int salt = 0; keys[g] == null; salt++) {
                if (salt == MAX_SALT) {
                    throw new IllegalStateException(
                            "no key of " + plain + " finds a free subtask of " + parallelism);
                }
                final String k = salt == 0 ? plain : plain + SALT + salt;
                final int subtask =
                        KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                k, maxParallelism, parallelism);
                if (load[subtask] < perSubtask) {
                    load[subtask]++;
                    keys[g] = k;
                }
            }
        }
        return keys;
    }

    /**
     * The key of group {@code group} of {@code groups} of a stream: {@code <stream id>#<g>of<n>}.
     */
    public static String key(final String streamId, final int group, final int groups) {
        return streamId + SEPARATOR + group + OF + groups;
    }

    /** The stream id a key names: the key itself when it is not a group's. */
    public static String streamIdOf(final String key) {
        final int at = separatorAt(key);
        return at < 0 ? key : key.substring(0, at);
    }

    /** The group number of a group's key, -1 for a whole stream's. */
    public static int groupOf(final String key) {
        final int at = separatorAt(key);
        return at < 0 ? -1 : Integer.parseInt(key.substring(at + 1, key.indexOf(OF, at)));
    }

    /** The group count of a group's key, 1 for a whole stream's. */
    public static int groupsOf(final String key) {
        final int at = separatorAt(key);
        if (at < 0) {
            return 1;
        }
        final int from = key.indexOf(OF, at) + OF.length();
        final int salt = key.indexOf(SALT, from);
        return Integer.parseInt(key.substring(from, salt < 0 ? key.length() : salt));
    }

    /** Where a group's key has its {@code #<g>of<n>} suffix, -1 for a whole stream's key. */
    private static int separatorAt(final String key) {
        final int at = key.lastIndexOf(SEPARATOR);
        return at < 0 || key.indexOf(OF, at) < 0 ? -1 : at;
    }

    @Override
    public TypeInformation<FrameRecord> getProducedType() {
        return FrameRecordTypeInfo.INSTANCE;
    }

    @Override
    public void open(final OpenContext context) {
        decoder = new FrameDecoder();
        encoder = new FrameEncoder();
        in = new UnsafeBuffer(new byte[0]);
        out = new UnsafeBuffer(new byte[0]);
        autoKeys = new HashMap<>();
    }

    @Override
    public void flatMap(final FrameRecord frame, final Collector<FrameRecord> collector) {
        in.wrap(frame.bytes);
        decoder.wrap(in, 0);
        final int channels = decoder.channelCount();
        final boolean auto = groupSize == 0;
        final int groups =
                auto ? autoGroups(channels, parallelism) : (channels + groupSize - 1) / groupSize;
        if (decoder.kind() != FrameKind.SAMPLES || groups <= 1) {
            collector.collect(frame);
            return;
        }
        final String[] keys = auto ? autoKeys(frame.streamId, groups) : null;
        final int ids = decoder.offset() + FrameDescriptor.HEADER_LENGTH;
        streamIdUtf8 = same(frame.bytes, ids, decoder.streamIdLength(), streamIdUtf8);
        sessionIdUtf8 =
                same(
                        frame.bytes,
                        ids + decoder.streamIdLength(),
                        decoder.sessionIdLength(),
                        sessionIdUtf8);
        final int samples = decoder.elementCount();
        final int from = decoder.payloadIndex();
        for (int g = 0; g < groups; g++) {
            final int first = auto ? (int) ((long) g * channels / groups) : g * groupSize;
            final int width =
                    (auto
                                    ? (int) ((long) (g + 1) * channels / groups)
                                    : Math.min(channels, first + groupSize))
                            - first;
            final byte[] header =
                    new byte
                            [FrameDescriptor.payloadOffset(
                                    streamIdUtf8.length, sessionIdUtf8.length)];
            out.wrap(header);
            encoder.wrap(out, 0)
                    .kind(FrameKind.SAMPLES)
                    .modality(decoder.modality())
                    .flags(decoder.flags())
                    .sequence(decoder.sequence())
                    .deviceTimeNs(decoder.deviceTimeNs())
                    .periodNs(decoder.periodNs())
                    .ingestTimeNs(decoder.ingestTimeNs())
                    .counts(width, samples)
                    .ids(streamIdUtf8, sessionIdUtf8)
                    .finish();
            collector.collect(
                    new GroupFrame(
                            auto ? keys[g] : key(frame.streamId, g, groups),
                            frame,
                            header,
                            from + first * Float.BYTES,
                            channels * Float.BYTES,
                            width * Float.BYTES,
                            samples));
        }
    }

    /**
     * One channel group of a wide frame, not yet copied out of it: the group's header and ids, and
     * where its columns lie in the whole frame's bytes. {@link FrameRecordSerializer} writes it to
     * the network as the group's own frame (the same bytes), its columns straight from the whole
     * frame's bytes, so that the split costs no copy and no 461 kB array of its own per Neuropixels
     * frame; {@link #toFrame} makes that frame for whoever reads the bytes in place. Its {@code
     * bytes} are null: the job only sends it over the network (a keyed exchange follows the split),
     * and Flink's copies between chained operators ({@link
     * FrameRecordSerializer#copy(FrameRecord)}) give the group's frame.
     */
    public static final class GroupFrame extends FrameRecord {
        private final byte[] header;
        private final byte[] whole;
        private final int first;
        private final int stride;
        private final int rowBytes;
        private final int samples;

        GroupFrame(
                final String key,
                final FrameRecord frame,
                final byte[] header,
                final int first,
                final int stride,
                final int rowBytes,
                final int samples) {
            super(key, frame.deviceTimeNs, frame.modality, null);
            this.header = header;
            this.whole = frame.bytes;
            this.first = first;
            this.stride = stride;
            this.rowBytes = rowBytes;
            this.samples = samples;
        }

        /** The length of the group's frame, bytes. */
        public int length() {
            return header.length + rowBytes * samples;
        }

        /** Writes the group's frame: its header, then its columns of each sample in turn. */
        public void writeTo(final DataOutputView target) throws IOException {
            target.write(header);
            for (int i = 0, at = first; i < samples; i++, at += stride) {
                target.write(whole, at, rowBytes);
            }
        }

        /** The group's frame as a record of its own, with the same key, time and modality. */
        public FrameRecord toFrame() {
            final byte[] bytes = Arrays.copyOf(header, length());
            for (int i = 0, at = first; i < samples; i++, at += stride) {
                System.arraycopy(whole, at, bytes, header.length + i * rowBytes, rowBytes);
            }
            return new FrameRecord(streamId, deviceTimeNs, modality, bytes);
        }
    }

    /**
     * {@code cached} when it holds the {@code length} bytes of {@code frame} at {@code index} (the
     * frames of a stream carry the same ids), else a copy of them: no strings per frame.
     */
    private static byte[] same(
            final byte[] frame, final int index, final int length, final byte[] cached) {
        if (cached != null
                && Arrays.equals(cached, 0, cached.length, frame, index, index + length)) {
            return cached;
        }
        return Arrays.copyOfRange(frame, index, index + length);
    }

    /** The automatic keys of a stream's groups, computed once per stream and group count. */
    private String[] autoKeys(final String streamId, final int groups) {
        String[] keys = autoKeys.get(streamId);
        if (keys == null || keys.length != groups) {
            keys = spreadKeys(streamId, groups, parallelism, maxParallelism);
            autoKeys.put(streamId, keys);
        }
        return keys;
    }
}
