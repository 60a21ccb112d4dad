package org.neurostream.ingest.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.time.WallClock;

/**
 * Journals what arrives on Kafka's raw topics: every valid frame with its arrival time and its
 * origin (topic, partition, offset) in the same atomic document. Started on a journal whose
 * recorder died, it finds the last offset journaled per partition and goes on right after it, so
 * that nothing Kafka still holds is lost or journaled twice. Records that are not valid frames are
 * counted and left out (the job dead-letters them). Streams are added to the session metadata as
 * they first appear.
 */
public final class KafkaRecorder implements Closeable {
    private final JournalWriter writer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final FrameValidator validator = FrameValidator.withDefaultLimits();
    private final FrameDecoder decoder = new FrameDecoder();
    private final Set<String> knownStreams = new HashSet<>();
    private final Map<String, byte[]> topicBytes = new HashMap<>();
    private final boolean resumed;
    private long skipped;

    /**
     * Opens (or resumes) the journal in {@code dir} and a consumer of {@code topics} on {@code
     * bootstrap} made by {@code kafka}, positioned after what the journal holds.
     */
    public KafkaRecorder(
            final KafkaClients kafka,
            final String bootstrap,
            final List<String> topics,
            final Path dir)
            throws IOException {
        final boolean resuming = Files.exists(dir.resolve(JournalFormat.METADATA_FILE));
        final Map<TopicPartition, Long> journaled = new HashMap<>();
        long frames = 0;
        if (resuming) {
            try (JournalReader r = JournalReader.open(dir)) {
                r.readAll(
                        (b, o, l, t) -> {
                            if (r.hasOrigin()) {
                                journaled.put(
                                        new TopicPartition(r.originTopic(), r.originPartition()),
                                        r.originOffset());
                            }
                        });
                frames = r.framesRead();
            }
        }
        // the consumer first: a broker that refuses it leaves no journal behind
        consumer =
                kafka.consumer(
                        bootstrap,
                        Map.of("enable.auto.commit", "false", "fetch.max.wait.ms", "100"));
        try {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final String topic : topics) {
                final List<PartitionInfo> infos =
                        consumer.partitionsFor(topic, Duration.ofSeconds(30));
                for (final PartitionInfo info : infos) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            for (final TopicPartition tp : partitions) {
                final Long last = journaled.get(tp);
                if (last == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, last + 1);
                }
            }
        } catch (final RuntimeException e) {
            consumer.close(Duration.ofSeconds(1));
            throw e;
        }
        try {
            writer =
                    resuming
                            ? JournalWriter.resume(dir, frames)
                            : JournalWriter.create(dir, metadata(dir, bootstrap, topics));
        } catch (final IOException | RuntimeException e) {
            consumer.close(Duration.ofSeconds(1));
            throw e;
        }
        writer.metadata().streams.forEach(s -> knownStreams.add(s.streamId));
        resumed = resuming;
    }

    private static SessionMetadata metadata(
            final Path dir, final String bootstrap, final List<String> topics) {
        final SessionMetadata m = new SessionMetadata();
        m.sessionId = dir.getFileName().toString();
        for (final String topic : topics) {
            m.sourceFiles.add("kafka://" + bootstrap + "/" + topic);
        }
        return m;
    }

    /** Whether this recorder went on with a journal an earlier recorder left open. */
    public boolean resumed() {
        return resumed;
    }

    /** Frames in the journal, those of earlier recorders included. */
    public long frames() {
        return writer.frames();
    }

    /** Records that were not valid frames, left out. */
    public long skipped() {
        return skipped;
    }

    /**
     * Records until {@code stop} says so, or until nothing arrived for {@code idleExit} (null:
     * never).
     */
    public void run(final BooleanSupplier stop, final Duration idleExit) throws IOException {
        long lastData = System.nanoTime();
        while (!stop.getAsBoolean()) {
            final var records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) {
                if (idleExit != null && System.nanoTime() - lastData > idleExit.toNanos()) {
                    return;
                }
                continue;
            }
            lastData = System.nanoTime();
            for (final ConsumerRecord<byte[], byte[]> r : records) {
                record(r);
            }
        }
    }

    private void record(final ConsumerRecord<byte[], byte[]> r) throws IOException {
        final byte[] value = r.value();
        final UnsafeBuffer buffer = new UnsafeBuffer(value == null ? new byte[0] : value);
        if (value == null || validator.validate(buffer, 0, value.length) != null) {
            skipped++;
            return;
        }
        decoder.wrap(buffer, 0);
        final byte[] topic =
                topicBytes.computeIfAbsent(r.topic(), t -> t.getBytes(StandardCharsets.UTF_8));
        writer.append(
                value, 0, value.length, WallClock.epochNanos(), topic, r.partition(), r.offset());
        final String streamId = decoder.streamId();
        if (knownStreams.add(streamId)) {
            final Modality modality = decoder.modality();
            final double rate = decoder.periodNs() > 0 ? 1e9 / decoder.periodNs() : 0;
            writer.metadata()
                    .streams
                    .add(
                            new SessionMetadata.Stream(
                                    streamId,
                                    modality == null ? "" : modality.name(),
                                    rate,
                                    List.of(),
                                    "",
                                    "kafka:" + r.topic()));
            writer.updateMetadata();
        }
    }

    /** Closes the journal (end marker, final metadata) and the consumer. */
    @Override
    public void close() throws IOException {
        try {
            writer.close();
        } finally {
            consumer.close();
        }
    }
}
