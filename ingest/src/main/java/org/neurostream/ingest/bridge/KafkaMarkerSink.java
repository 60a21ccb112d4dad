package org.neurostream.ingest.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.neurostream.core.Topics;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.records.RecordJson;

/**
 * Sends markers to {@link Topics#MARKERS} as JSON ({@link RecordJson}), keyed by their stream id,
 * asynchronously; a send that Kafka refused surfaces as an {@link IOException} on the next marker.
 */
public final class KafkaMarkerSink implements MarkerSink {
    private final Producer<byte[], byte[]> producer;
    private final ObjectMapper json = RecordJson.newMapper();
    private final AtomicReference<Exception> sendError = new AtomicReference<>();

    public KafkaMarkerSink(final Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    @Override
    public void accept(final MarkerRecord marker, final long ingestTimeNs) throws IOException {
        final byte[] value;
        try {
            value = json.writeValueAsBytes(marker);
        } catch (final JsonProcessingException e) {
            throw new IOException("a marker of " + marker.streamId + " as JSON: " + e, e);
        }
        producer.send(
                new ProducerRecord<>(
                        Topics.MARKERS, marker.streamId.getBytes(StandardCharsets.UTF_8), value),
                (metadata, e) -> {
                    if (e != null) {
                        sendError.compareAndSet(null, e);
                    }
                });
        final Exception failed = sendError.get();
        if (failed != null) {
            throw new IOException(
                    "Kafka refused a marker of " + marker.streamId + ": " + failed.getMessage(),
                    failed);
        }
    }
}
