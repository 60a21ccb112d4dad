package org.neurostream.sinks.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.neurostream.core.records.BandPowerJson;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.RecordJson;

/**
 * Writes records to one Kafka topic in their JSON form ({@link RecordJson}), keyed by stream id so
 * that each stream keeps its order in one partition. JSON is the outputs' contract with dashboards
 * and other programs; raw frames stay binary. The Kafka timestamp is the producer's wall clock, not
 * the record's event time: event time is device time, often counted from 0, and a broker deletes
 * records stamped in 1970 at its first retention check.
 *
 * <p>Band-power records, the largest per window, are written by {@link BandPowerJson} (the same
 * bytes as the mapper, without its bean path); every other record by {@link
 * RecordJson#newMapper()}. Each record is encoded once, on the sink's thread.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;
    private transient ObjectMapper mapper;
    private transient BandPowerJson bandPowerJson;

    public JsonRecordSerializer(final String topic, final SerializableFunction<T, String> key) {
        this.topic = topic;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            final T element, final KafkaSinkContext context, final Long timestamp) {
        if (mapper == null) {
            mapper = RecordJson.newMapper();
            bandPowerJson = new BandPowerJson();
        }
        try {
            final String k = key.apply(element);
            return new ProducerRecord<>(
                    topic,
                    null,
                    null,
                    k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                    element instanceof BandPowerRecord
                            ? bandPowerJson.encode((BandPowerRecord) element)
                            : mapper.writeValueAsBytes(element));
        } catch (final Exception e) {
            throw new IllegalStateException(
                    "cannot write " + element.getClass().getSimpleName() + " as JSON for " + topic,
                    e);
        }
    }
}
