package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.neurostream.core.records.RecordJson;

/**
 * Reads an output topic from its start, as a consumer of the job's outputs does, until enough
 * records of a kind are there: for integration tests that count what a job delivered.
 */
public final class TopicReader {
    private static final ObjectMapper JSON = RecordJson.newMapper();

    private TopicReader() {}

    /**
     * Reads {@code topic} from the start with {@code isolation} ("read_committed" or
     * "read_uncommitted") until {@code lastCount} records match {@code last}, then {@code linger}
     * longer (to see late repeats); every record, in topic order. Fails after {@code timeout}. With
     * a {@code lastCount} of 0: what is there within {@code linger}.
     */
    public static List<JsonNode> read(
            final String bootstrap,
            final String isolation,
            final String topic,
            final Predicate<JsonNode> last,
            final int lastCount,
            final Duration linger,
            final Duration timeout)
            throws Exception {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("auto.offset.reset", "earliest");
        p.setProperty("isolation.level", isolation);
        final List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // assigned, not subscribed: no group to join, reading starts at once
            consumer.assign(
                    consumer.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList());
            final long deadline = System.nanoTime() + timeout.toNanos();
            long until = lastCount == 0 ? System.nanoTime() + linger.toNanos() : Long.MAX_VALUE;
            int found = 0;
            while (System.nanoTime() < until) {
                assertTrue(
                        System.nanoTime() < deadline,
                        "only " + found + " of " + lastCount + " last records on " + topic);
                for (final ConsumerRecord<byte[], byte[]> r :
                        consumer.poll(Duration.ofMillis(100))) {
                    final JsonNode record = JSON.readTree(r.value());
                    out.add(record);
                    if (last.test(record) && ++found == lastCount) {
                        until = System.nanoTime() + linger.toNanos();
                    }
                }
            }
        }
        return out;
    }
}
