package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.deploy.cli.CliRun;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.ingest.journal.JournalSummary;

/**
 * kill -9 of {@code record --from-kafka} while frames keep coming, then a second recorder on the
 * same journal: every frame Kafka holds is in the journal exactly once, in order per stream.
 */
class KafkaRecorderCrashIT {
    private static final int PER_STREAM = 1500;

    @TempDir Path tmp;

    @Test
    void shouldResumeAfterKillMinus9WithoutLosingOrDoublingFrames() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"))) {
            broker.createTopics(2, Topics.RAW.toArray(new String[0]));
            final String bootstrap = broker.bootstrapServers();
            final Path journal = tmp.resolve("from-kafka");
            final AtomicReference<Exception> producerFailed = new AtomicReference<>();
            final Thread producer = new Thread(() -> produce(bootstrap, producerFailed));
            producer.start();

            final Process recorder =
                    RecorderProcess.start(
                            tmp.resolve("recorder.log"),
                            "--from-kafka",
                            "--bootstrap",
                            bootstrap,
                            "--journal",
                            journal.toString());
            try {
                RecorderProcess.awaitFrames(journal, 500, recorder);
            } finally {
                recorder.destroyForcibly();
                assertTrue(recorder.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(137, recorder.exitValue(), "killed by signal 9");
            final long beforeResume = JournalSummary.scan(journal).frames();
            producer.join();
            assertNull(producerFailed.get());
            assertTrue(
                    beforeResume < 2 * PER_STREAM,
                    "the kill came while frames were still arriving: " + beforeResume);

            final CliRun resumed =
                    CliRun.of(
                            "record",
                            "--from-kafka",
                            "--bootstrap",
                            bootstrap,
                            "--journal",
                            journal.toString(),
                            "--idle-exit",
                            "3s");
            assertEquals(0, resumed.exitCode(), resumed.err() + resumed.out());
            assertTrue(resumed.out().contains("record: resuming journal"), resumed.out());
            // the garbage record came first: the killed recorder left it out, this one never saw it
            assertTrue(
                    resumed.out()
                            .contains(
                                    ": "
                                            + 2 * PER_STREAM
                                            + " frames, 0 records that were not frames left out"),
                    resumed.out());

            final FrameDecoder d = new FrameDecoder();
            final Map<String, Long> next = new HashMap<>();
            final Map<String, Long> lastOffset = new HashMap<>();
            try (JournalReader r = JournalReader.open(journal)) {
                assertEquals(
                        2 * PER_STREAM,
                        r.readAll(
                                (b, o, l, t) -> {
                                    d.wrap(b, o);
                                    final String stream = d.streamId();
                                    assertEquals(
                                            next.getOrDefault(stream, 0L),
                                            d.sequence(),
                                            "exactly once, in order: " + stream);
                                    next.put(stream, d.sequence() + 1);
                                    final String tp = r.originTopic() + "/" + r.originPartition();
                                    assertTrue(
                                            r.originOffset() > lastOffset.getOrDefault(tp, -1L),
                                            "offsets grow in " + tp);
                                    lastOffset.put(tp, r.originOffset());
                                }));
                assertTrue(r.endReached());
            }
            assertEquals(Map.of("K1/a", (long) PER_STREAM, "K1/b", (long) PER_STREAM), next);
            assertEquals(JournalSummary.State.CLOSED, JournalSummary.scan(journal).state());
            assertEquals(
                    List.of("K1/a", "K1/b"),
                    JournalReader.readMetadata(journal).streams.stream()
                            .map(s -> s.streamId)
                            .sorted()
                            .toList());
        }
    }

    /** Garbage first, then two streams alternating, a frame every 2 ms. */
    private static void produce(final String bootstrap, final AtomicReference<Exception> failed) {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("linger.ms", "0");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    Topics.RAW_EEG,
                                    "K1/a".getBytes(StandardCharsets.UTF_8),
                                    "not a frame".getBytes(StandardCharsets.UTF_8)))
                    .get();
            for (int i = 0; i < PER_STREAM; i++) {
                for (final String stream : List.of("K1/a", "K1/b")) {
                    producer.send(
                            new ProducerRecord<>(
                                    Topics.RAW_EEG,
                                    stream.getBytes(StandardCharsets.UTF_8),
                                    frame(stream, i)));
                }
                Thread.sleep(2);
            }
            producer.flush();
        } catch (final Exception e) {
            failed.set(e);
        }
    }

    private static byte[] frame(final String stream, final long sequence) {
        final byte[] id = stream.getBytes(StandardCharsets.UTF_8);
        final byte[] session = "K1".getBytes(StandardCharsets.UTF_8);
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES, 4, 8, id.length, session.length)];
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.EEG)
                .sequence(sequence)
                .deviceTimeNs(sequence * 8 * 6_250_000L)
                .periodNs(6_250_000L)
                .counts(4, 8)
                .ids(id, session)
                .putSamples(new float[32], 0)
                .finish();
        return bytes;
    }
}
