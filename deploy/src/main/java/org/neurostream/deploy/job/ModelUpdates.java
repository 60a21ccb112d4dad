package org.neurostream.deploy.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.neurostream.core.Topics;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.models.flink.PublishedModel;

/**
 * The job's input of published models: {@code neuro.models} ({@link Topics#MODELS}) read from its
 * start, each record a {@link PublishedModel} (key: the model's name; header {@link
 * Topics#MODEL_VERSION_HEADER}: its version; value: the model file). A job started on a topic that
 * holds models therefore takes the last one published (the start model, version 0, decodes until it
 * arrives), and a job restored from a checkpoint goes on from the offset it had. Models carry no
 * event time: the source emits the largest watermark, so that the decoder's event time is the
 * frames' alone.
 */
public final class ModelUpdates {
    /** The consumer group of the job's model source (its principal needs READ on it). */
    public static final String GROUP_ID = "neurostream-job-models";

    /** How often the source looks for the topic when it is not there yet. */
    static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(10);

    private ModelUpdates() {}

    /**
     * The source of {@code neuro.models} at {@code bootstrapServers}, its client with {@code
     * kafka}'s settings (the job's principal needs READ on the topic and the group).
     */
    public static KafkaSource<PublishedModel> source(
            final KafkaClients kafka, final String bootstrapServers) {
        return KafkaSource.<PublishedModel>builder()
                .setProperties(kafka.consumerProperties(bootstrapServers, Map.of()))
                .setBootstrapServers(bootstrapServers)
                // a pattern, not a name: a job may start before anything created the topic
                .setTopicPattern(
                        java.util.regex.Pattern.compile(
                                java.util.regex.Pattern.quote(Topics.MODELS)))
                .setGroupId(GROUP_ID)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setProperty(
                        "partition.discovery.interval.ms",
                        Long.toString(DISCOVERY_INTERVAL.toMillis()))
                .setProperty("max.partition.fetch.bytes", Integer.toString(32 << 20))
                .setDeserializer(new Deserializer())
                .build();
    }

    /**
     * Watermarks for the models' input: always the largest, models are not on the event-time axis.
     */
    public static WatermarkStrategy<PublishedModel> watermarks() {
        return WatermarkStrategy.forGenerator(ctx -> new Timeless());
    }

    /** A generator that holds the watermark at its largest value. */
    private static final class Timeless implements WatermarkGenerator<PublishedModel> {
        @Override
        public void onEvent(
                final PublishedModel event, final long timestamp, final WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(final WatermarkOutput output) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
        }
    }

    /**
     * A record of {@code neuro.models} as a {@link PublishedModel}; a tombstone (no value: a name
     * removed by compaction's rules) is skipped, a missing or unreadable version header gives
     * version -1, which the decoder refuses with a dead letter.
     */
    static final class Deserializer implements KafkaRecordDeserializationSchema<PublishedModel> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(
                final ConsumerRecord<byte[], byte[]> record, final Collector<PublishedModel> out) {
            if (record.value() == null) {
                return;
            }
            final String name =
                    record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            out.collect(
                    new PublishedModel(
                            name,
                            version(record.headers().lastHeader(Topics.MODEL_VERSION_HEADER)),
                            new String(record.value(), StandardCharsets.UTF_8),
                            record.topic() + "/" + record.partition() + "@" + record.offset()));
        }

        private static long version(final Header header) {
            if (header == null || header.value() == null) {
                return -1;
            }
            try {
                return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8).strip());
            } catch (final NumberFormatException e) {
                return -1;
            }
        }

        @Override
        public TypeInformation<PublishedModel> getProducedType() {
            return TypeInformation.of(PublishedModel.class);
        }
    }
}
