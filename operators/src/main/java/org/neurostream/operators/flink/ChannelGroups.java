package org.neurostream.operators.flink;

import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.FrameDecoder;
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
 * <p>Per-channel features (band power, relative power, band entropy) do not depend on the other
 * channels, so a {@link ChannelGroupMerge} downstream puts the groups' records back together into
 * the very records the whole stream would have given.
 */
public final class ChannelGroups extends RichFlatMapFunction<FrameRecord, FrameRecord>
        implements ResultTypeQueryable<FrameRecord> {
    private static final long serialVersionUID = 1L;

    private static final String SEPARATOR = "#";
    private static final String OF = "of";

    private final int groupSize;
    private transient FrameDecoder decoder;
    private transient FrameEncoder encoder;
    private transient UnsafeBuffer in;
    private transient UnsafeBuffer out;
    private transient float[] block;
    private transient float[] scratch;

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
        return at < 0 ? 1 : Integer.parseInt(key.substring(key.indexOf(OF, at) + OF.length()));
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
        block = new float[0];
        scratch = new float[0];
    }

    @Override
    public void flatMap(final FrameRecord frame, final Collector<FrameRecord> collector) {
        in.wrap(frame.bytes);
        decoder.wrap(in, 0);
        final int channels = decoder.channelCount();
        if (decoder.kind() != FrameKind.SAMPLES || channels <= groupSize) {
            collector.collect(frame);
            return;
        }
        final byte[] streamId = decoder.streamId().getBytes(StandardCharsets.UTF_8);
        final byte[] sessionId = decoder.sessionId().getBytes(StandardCharsets.UTF_8);
        final int samples = decoder.elementCount();
        final int groups = (channels + groupSize - 1) / groupSize;
        if (block.length < channels * samples) {
            block = new float[channels * samples];
        }
        decoder.copySamples(block, 0);
        for (int g = 0; g < groups; g++) {
            final int first = g * groupSize;
            final int width = Math.min(channels, first + groupSize) - first;
            final byte[] bytes =
                    new byte
                            [FrameEncoder.frameLength(
                                    FrameKind.SAMPLES,
                                    width,
                                    samples,
                                    streamId.length,
                                    sessionId.length)];
            out.wrap(bytes);
            encoder.wrap(out, 0)
                    .kind(FrameKind.SAMPLES)
                    .modality(decoder.modality())
                    .flags(decoder.flags())
                    .sequence(decoder.sequence())
                    .deviceTimeNs(decoder.deviceTimeNs())
                    .periodNs(decoder.periodNs())
                    .ingestTimeNs(decoder.ingestTimeNs())
                    .counts(width, samples)
                    .ids(streamId, sessionId);
            if (scratch.length < width * samples) {
                scratch = new float[width * samples];
            }
            for (int i = 0; i < samples; i++) {
                System.arraycopy(block, i * channels + first, scratch, i * width, width);
            }
            encoder.putSamples(scratch, 0).finish();
            collector.collect(
                    new FrameRecord(
                            key(frame.streamId, g, groups),
                            frame.deviceTimeNs,
                            frame.modality,
                            bytes));
        }
    }
}
