package org.neurostream.ingest.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.neurostream.core.Topics;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.records.RecordJson;

/**
 * Sends markers to {@link Topics#MARKERS} as their JSON form ({@link RecordJson}), keyed by the
 * marker stream's id, asynchronously; a send that Kafka refused surfaces as an {@link IOException}
 * on the next marker. Markers are few (a handful a second), so one JSON array per marker is fine.
 */
public final class KafkaMarkerSink implements MarkerSink {
    private static final ObjectWriter JSON = RecordJson.newMapper().writer();

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> sendError = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();

    /** Markers to {@link Topics#MARKERS}. */
    public KafkaMarkerSink(final Producer<byte[], byte[]> producer) {
        this(producer, Topics.MARKERS);
    }

    /** Markers to {@code topic}. */
    public KafkaMarkerSink(final Producer<byte[], byte[]> producer, final String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public void accept(final MarkerRecord marker, final long ingestTimeNs) throws IOException {
        final Exception failed = sendError.get();
        if (failed != null) {
            throw new IOException(
                    "Kafka refused a marker of " + marker.streamId + ": " + failed.getMessage(),
                    failed);
        }
        final byte[] value;
        try {
            value = JSON.writeValueAsBytes(marker);
        } catch (final JsonProcessingException e) {
            throw new IOException(marker.streamId + ": marker not writable as JSON", e);
        }
        producer.send(
                new ProducerRecord<>(
                        topic,
                        null,
                        ingestTimeNs / 1_000_000L,
                        marker.streamId.getBytes(StandardCharsets.UTF_8),
                        value),
                (metadata, e) -> {
                    if (e != null) {
                        sendError.compareAndSet(null, e);
                    }
                });
        sent.incrementAndGet();
    }

    /** Markers handed to the producer so far. */
    public long sent() {
        return sent.get();
    }
}
