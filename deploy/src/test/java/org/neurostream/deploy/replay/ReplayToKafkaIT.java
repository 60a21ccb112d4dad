package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.deploy.cli.CliRun;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.ingest.journal.JournalReader;

/**
 * replay --to-kafka: the journal's frames on the raw topic, keyed by stream, bytes kept but the
 * ingest stamp.
 */
class ReplayToKafkaIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));

    @TempDir Path tmp;

    @Test
    void shouldSendEveryFrameKeyedByStreamWithItsEventTimeKept() throws Exception {
        final Path journal = tmp.resolve("j");
        assertEquals(
                0,
                CliRun.of(
                                "record",
                                "--input",
                                HOME.resolve("replay-data/eeg/S001R01.edf").toString(),
                                "--journal",
                                journal.toString())
                        .exitCode());
        final List<byte[]> frames = new ArrayList<>();
        try (JournalReader r = JournalReader.open(journal)) {
            r.readAll(
                    (b, o, l, t) -> {
                        final byte[] f = new byte[l];
                        b.getBytes(o, f);
                        frames.add(f);
                    });
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"))) {
            broker.createTopics(1, Topics.RAW.toArray(new String[0]));
            final CliRun run =
                    CliRun.of(
                            "replay",
                            "--journal",
                            journal.toString(),
                            "--to-kafka",
                            broker.bootstrapServers(),
                            "--speed",
                            "max");
            assertEquals(0, run.exitCode(), run.err());
            // 1220 frames and the stream's end-of-stream frame, which the recording journaled
            assertTrue(run.out().contains(": 1221 frames sent to Kafka at "), run.out());

            final List<ConsumerRecord<byte[], byte[]>> got =
                    consume(broker.bootstrapServers(), frames.size());
            assertEquals(frames.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals("S001R01/eeg", new String(got.get(i).key(), StandardCharsets.UTF_8));
                final byte[] sent = got.get(i).value();
                final byte[] journaled = frames.get(i);
                // all bytes but the 8-byte ingest stamp are the journal's, device time included
                assertArrayEquals(
                        Arrays.copyOfRange(journaled, 0, FrameDescriptor.INGEST_TIME_OFFSET),
                        Arrays.copyOfRange(sent, 0, FrameDescriptor.INGEST_TIME_OFFSET),
                        "frame " + i);
                assertArrayEquals(
                        Arrays.copyOfRange(
                                journaled,
                                FrameDescriptor.INGEST_TIME_OFFSET + 8,
                                journaled.length),
                        Arrays.copyOfRange(
                                sent, FrameDescriptor.INGEST_TIME_OFFSET + 8, sent.length),
                        "frame " + i);
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(
            final String bootstrap, final int expected) {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("group.id", "replay-it");
        p.setProperty("auto.offset.reset", "earliest");
        final List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RAW_EEG));
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
