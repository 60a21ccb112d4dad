package org.neurostream.ingest.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.core.records.DeadLetterRecord;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.core.stream.StreamIdCache;

/**
 * Lets valid frames through as {@link FrameRecord}s and sends everything else to the {@link
 * #DEAD_LETTERS} side output with its reason, so one bad record never stops the job. A frame whose
 * Kafka key disagrees with its stream id is refused too: the key decides partitioning and therefore
 * order. Records of the markers topic ({@link Topics#MARKERS}: JSON markers, from Kafka or a
 * journal) go to the {@link #MARKERS} side output, so that the job gives them event time and a
 * watermark of their own (README, "Time and determinism"); one that is no marker, or whose key is
 * not its stream id, is a dead letter too.
 */
public final class FrameValidationFunction extends ProcessFunction<RawRecord, FrameRecord> {
    private static final long serialVersionUID = 1L;

    /** Side output of refused records. */
    public static final OutputTag<DeadLetterRecord> DEAD_LETTERS =
            new OutputTag<>("dead-letters") {
                private static final long serialVersionUID = 1L;
            };

    /** Side output of the markers, in the order they came. */
    public static final OutputTag<MarkerRecord> MARKERS =
            new OutputTag<>("markers") {
                private static final long serialVersionUID = 1L;
            };

    private final FrameValidator validator;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder decoder;
    private transient Counter deadLetters;
    private transient ObjectMapper json;
    private transient StreamIdCache ids;

    public FrameValidationFunction(final FrameValidator validator) {
        this.validator = validator;
    }

    @Override
    public void open(final org.apache.flink.api.common.functions.OpenContext context) {
        buffer = new UnsafeBuffer(new byte[0]);
        decoder = new FrameDecoder();
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        json = RecordJson.newMapper();
        ids = new StreamIdCache();
    }

    @Override
    public void processElement(
            final RawRecord record, final Context ctx, final Collector<FrameRecord> out) {
        final String key = record.key == null ? null : ids.id(record.key, 0, record.key.length);
        String reason;
        if (record.value == null) {
            reason = "empty record (null value)";
        } else if (Topics.MARKERS.equals(record.topic)) {
            reason = marker(record, key, ctx);
            if (reason == null) {
                return;
            }
        } else {
            buffer.wrap(record.value);
            reason = validator.validate(buffer, 0, record.value.length);
            if (reason == null) {
                decoder.wrap(buffer, 0);
                final String streamId =
                        ids.id(
                                record.value,
                                FrameDescriptor.HEADER_LENGTH,
                                decoder.streamIdLength());
                if (!streamId.equals(key)) {
                    reason =
                            "record key '"
                                    + key
                                    + "' differs from the frame's stream id '"
                                    + streamId
                                    + "'";
                } else {
                    out.collect(
                            new FrameRecord(
                                    streamId,
                                    decoder.deviceTimeNs(),
                                    decoder.modality(),
                                    record.value));
                    return;
                }
            }
        }
        deadLetters.inc();
        ctx.output(DEAD_LETTERS, new DeadLetterRecord(record.origin(), key, reason, record.value));
    }

    /** Passes a marker on, or says why it is none. */
    private String marker(final RawRecord record, final String key, final Context ctx) {
        final MarkerRecord m;
        try {
            m = json.readValue(record.value, MarkerRecord.class);
        } catch (final IOException e) {
            final String why = String.valueOf(e.getMessage());
            return "not a marker: " + why.lines().findFirst().orElse(why);
        }
        if (m.streamId == null || m.label == null || m.durationNs < 0) {
            return "not a marker: stream_id and label are required, duration_ns must be >= 0";
        }
        if (!m.streamId.equals(key)) {
            return "record key '"
                    + key
                    + "' differs from the marker's stream id '"
                    + m.streamId
                    + "'";
        }
        ctx.output(MARKERS, m);
        return null;
    }
}
