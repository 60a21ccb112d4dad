package org.neurostream.deploy.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.core.frame.Modality;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.ingest.bridge.EventBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.dvs.EventBatch;
import org.neurostream.ingest.dvs.EventFileReader;

/**
 * The shipped moving-bar RAW file through EventBridge, a real Kafka broker and back: the frames are
 * valid DVS EVENTS frames of 10 ms windows, keyed by stream, in sequence, stamped, and decode to
 * the file's events in file order.
 */
class EventBridgeIT {
    @TempDir Path work;

    @Test
    void shouldDeliverFramesThatDecodeBackToTheFilesEvents() throws Exception {
        final EventBatch expected = MotifFunctionIT.readAll(MovingBarsDemoTest.RAW);
        final long sent;
        final long beforeNs = System.currentTimeMillis() * 1_000_000L;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work)) {
            broker.createTopics(1, Topics.RAW_DVS);
            final EventBridge bridge;
            try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers());
                    EventFileReader reader = EventFileReader.open(MovingBarsDemoTest.RAW)) {
                // frames of at most 256 events: the 10 ms windows of a sweep hold up to about 500
                bridge = new EventBridge(producer, "moving-bars", "dvs", 256);
                sent = bridge.run(reader, 10_000, Pacing.parse("max"));
                producer.flush();
            }
            assertEquals(sent, bridge.framesSent());
            assertEquals(expected.size(), bridge.eventsSent());
            // the frames, then the stream's end-of-stream frame
            final List<ConsumerRecord<byte[], byte[]>> all =
                    consume(broker.bootstrapServers(), sent + 1);
            assertEquals(sent + 1, all.size());
            final FrameDecoder end =
                    new FrameDecoder().wrap(new UnsafeBuffer(all.get((int) sent).value()), 0);
            assertTrue(EndOfStream.isMarked(end));
            assertEquals(0, end.elementCount());
            assertEquals(sent, end.sequence());
            final List<ConsumerRecord<byte[], byte[]>> records = all.subList(0, (int) sent);

            final FrameDecoder d = new FrameDecoder();
            final FrameValidator validator = FrameValidator.withDefaultLimits();
            int k = 0;
            long previousWindow = -1;
            boolean splitWindow = false;
            for (int f = 0; f < records.size(); f++) {
                final ConsumerRecord<byte[], byte[]> r = records.get(f);
                assertEquals("moving-bars/dvs", new String(r.key(), StandardCharsets.UTF_8));
                final UnsafeBuffer buffer = new UnsafeBuffer(r.value());
                assertNull(validator.validate(buffer, 0, r.value().length), "frame " + f);
                d.wrap(buffer, 0);
                assertEquals(FrameKind.EVENTS, d.kind());
                assertEquals(Modality.DVS, d.modality());
                assertEquals(f, d.sequence());
                assertTrue(d.ingestTimeNs() >= beforeNs, "stamped before send");
                assertTrue(d.elementCount() <= 256);
                // all events of a frame lie in one 10 ms window counted from the first event
                final long origin = expected.t()[0];
                final long window = (d.deviceTimeNs() / 1000 - origin) / 10_000;
                assertTrue(window >= previousWindow, "windows in order");
                splitWindow |= window == previousWindow;
                previousWindow = window;
                for (int i = 0; i < d.elementCount(); i++, k++) {
                    final long t = (d.deviceTimeNs() + d.eventTimeOffset(i) * d.periodNs()) / 1000;
                    assertEquals(window, (t - origin) / 10_000, "window of event " + k);
                    assertEquals(expected.t()[k], t, "t of event " + k);
                    assertEquals(expected.x()[k], d.eventAddress(i), "x of event " + k);
                    assertEquals(expected.y()[k], d.eventY(i), "y of event " + k);
                    assertEquals(expected.p()[k], d.eventPolarity(i), "p of event " + k);
                }
            }
            assertEquals(expected.size(), k, "every event, once");
            assertTrue(splitWindow, "a window over 256 events went out as more than one frame");
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        final Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4194304");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(
            final String bootstrap, final long expected) {
        final Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "event-bridge-it");
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RAW_DVS));
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
