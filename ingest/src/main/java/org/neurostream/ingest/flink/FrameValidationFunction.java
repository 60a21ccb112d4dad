package org.neurostream.ingest.flink;

import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.core.records.DeadLetterRecord;

/**
 * Lets valid frames through as {@link FrameRecord}s and sends everything else to the {@link
 * #DEAD_LETTERS} side output with its reason, so one bad record never stops the job. A frame whose
 * Kafka key disagrees with its stream id is refused too: the key decides partitioning and therefore
 * order.
 */
public final class FrameValidationFunction extends ProcessFunction<RawRecord, FrameRecord> {
    private static final long serialVersionUID = 1L;

    /** Side output of refused records. */
    public static final OutputTag<DeadLetterRecord> DEAD_LETTERS =
            new OutputTag<>("dead-letters") {
                private static final long serialVersionUID = 1L;
            };

    private final FrameValidator validator;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder decoder;
    private transient Counter deadLetters;

    public FrameValidationFunction(final FrameValidator validator) {
        this.validator = validator;
    }

    @Override
    public void open(final org.apache.flink.api.common.functions.OpenContext context) {
        buffer = new UnsafeBuffer(new byte[0]);
        decoder = new FrameDecoder();
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(
            final RawRecord record, final Context ctx, final Collector<FrameRecord> out) {
        final String key =
                record.key == null ? null : new String(record.key, StandardCharsets.UTF_8);
        String reason;
        if (record.value == null) {
            reason = "empty record (null value)";
        } else {
            buffer.wrap(record.value);
            reason = validator.validate(buffer, 0, record.value.length);
            if (reason == null) {
                decoder.wrap(buffer, 0);
                final String streamId = decoder.streamId();
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
}
