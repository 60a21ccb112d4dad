package org.neurostream.deploy.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real KRaft broker in this JVM and talks to it with the plain Kafka clients. */
class EmbeddedKafkaBrokerIT {

    private static final String TOPIC = "embedded.broker.it";
    private static final int RECORDS = 100;

    @TempDir Path dataDir;

    @Test
    void shouldDeliverRecordsInOrderAndReleaseItsPortsWhenClosed() throws Exception {
        final int brokerPort;
        final int controllerPort;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            brokerPort = broker.brokerPort();
            controllerPort = broker.controllerPort();
            assertEquals("127.0.0.1:" + brokerPort, broker.bootstrapServers());
            assertTrue(Files.isDirectory(broker.logDir()), "log directory under the data dir");

            // One partition: Kafka orders records per partition only.
            broker.createTopics(1, TOPIC);
            produce(broker.bootstrapServers());
            final List<ConsumerRecord<String, String>> records =
                    consume(broker.bootstrapServers(), RECORDS);

            assertEquals(RECORDS, records.size());
            for (int i = 0; i < RECORDS; i++) {
                assertEquals("key-" + i, records.get(i).key());
                assertEquals("value-" + i, records.get(i).value());
                assertEquals(i, records.get(i).offset());
            }
        }
        assertPortFree(brokerPort);
        assertPortFree(controllerPort);
    }

    @Test
    void shouldKeepTopicsWhenRestartedOnTheSameDirectory() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            broker.createTopics(3, TOPIC);
            produce(broker.bootstrapServers());
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            assertEquals(RECORDS, consume(broker.bootstrapServers(), RECORDS).size());
        }
    }

    private static void produce(String bootstrapServers) throws Exception {
        final Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i)).get();
            }
        }
    }

    private static List<ConsumerRecord<String, String>> consume(
            String bootstrapServers, int expected) {
        final Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "embedded-broker-it");
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static void assertPortFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, socket.getLocalPort());
        }
    }
}
