package org.neurostream.ingest.bridge;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends frames to a raw topic keyed by stream id, asynchronously; a send that Kafka refused
 * surfaces as an {@link IOException} on the next frame.
 */
public final class KafkaFrameSink implements FrameSink {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String streamId;
    private final AtomicReference<Exception> sendError = new AtomicReference<>();

    public KafkaFrameSink(
            final Producer<byte[], byte[]> producer, final String topic, final String streamId) {
        this.producer = producer;
        this.topic = topic;
        this.streamId = streamId;
    }

    @Override
    public void accept(final byte[] streamIdUtf8, final byte[] frame, final long ingestTimeNs)
            throws IOException {
        producer.send(
                new ProducerRecord<>(topic, streamIdUtf8, frame),
                (metadata, e) -> {
                    if (e != null) {
                        sendError.compareAndSet(null, e);
                    }
                });
        final Exception failed = sendError.get();
        if (failed != null) {
            throw new IOException(
                    "Kafka refused a frame of " + streamId + ": " + failed.getMessage(), failed);
        }
    }
}
