package org.neurostream.ingest.journal;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.time.WallClock;
import org.neurostream.ingest.bridge.KafkaMarkerSink;
import org.neurostream.ingest.bridge.Pacing;

/**
 * Replays a journal into Kafka as the bridge would have sent it: each frame to its modality's raw
 * topic, keyed by its stream id, in the recorded order, at the recorded arrival pace times the
 * speed. Frames keep their bytes, and so their device (event) time and sequence, except the ingest
 * stamp, which is set anew just before the send, where latency accounting starts. Markers go to the
 * markers topic as JSON, in their place among the frames. After the last frame, every stream the
 * journal leaves open gets its end-of-stream frame ({@link OpenStreams}).
 */
public final class JournalToKafka {
    private JournalToKafka() {}

    /**
     * Sends every frame of the journal in {@code dir} and flushes the producer.
     *
     * @return frames of the journal sent (the end-of-stream frames added after them not counted)
     * @throws JournalFormatException when the journal cannot be read (frames before a cut were
     *     sent)
     * @throws IOException when Kafka refused a frame (the first refusal ends the replay)
     */
    public static long replay(
            final Path dir, final Producer<byte[], byte[]> producer, final Pacing pacing)
            throws IOException {
        final AtomicReference<Exception> failed = new AtomicReference<>();
        final long[] first = {Long.MIN_VALUE};
        final long sent;
        final OpenStreams open = new OpenStreams();
        final KafkaMarkerSink markers = new KafkaMarkerSink(producer);
        try (JournalReader reader = JournalReader.open(dir)) {
            sent =
                    reader.readAll(
                            (buffer, offset, length, arrivalNs) -> {
                                if (failed.get() != null) {
                                    return; // refused: stop sending, the caller hears why
                                }
                                if (first[0] == Long.MIN_VALUE) {
                                    first[0] = arrivalNs;
                                }
                                pacing.awaitDeviceTime(arrivalNs - first[0]);
                                open.onFrame(buffer, offset, length);
                                final byte[] frame = new byte[length];
                                buffer.getBytes(offset, frame);
                                final int idLength =
                                        buffer.getShort(
                                                        offset
                                                                + FrameDescriptor
                                                                        .STREAM_ID_LENGTH_OFFSET,
                                                        LITTLE_ENDIAN)
                                                & 0xFFFF;
                                final byte[] key =
                                        new byte
                                                [Math.min(
                                                        idLength,
                                                        Math.max(
                                                                0,
                                                                length
                                                                        - FrameDescriptor
                                                                                .HEADER_LENGTH))];
                                buffer.getBytes(offset + FrameDescriptor.HEADER_LENGTH, key);
                                final Modality modality =
                                        Modality.fromCode(
                                                buffer.getByte(
                                                        offset + FrameDescriptor.MODALITY_OFFSET));
                                final String topic =
                                        (modality == null ? Modality.EEG : modality).rawTopic();
                                send(producer, topic, key, frame, failed);
                            },
                            (marker, arrivalNs) -> {
                                if (first[0] == Long.MIN_VALUE) {
                                    first[0] = arrivalNs;
                                }
                                pacing.awaitDeviceTime(arrivalNs - first[0]);
                                try {
                                    markers.accept(marker, WallClock.epochNanos());
                                } catch (final IOException e) {
                                    failed.compareAndSet(null, e);
                                }
                            });
        }
        for (final byte[] marker : failed.get() == null ? open.endMarkers() : List.<byte[]>of()) {
            final Modality modality = Modality.fromCode(marker[FrameDescriptor.MODALITY_OFFSET]);
            send(producer, modality.rawTopic(), open.keyOf(marker), marker, failed);
        }
        producer.flush();
        if (failed.get() != null) {
            throw new IOException(
                    dir + ": Kafka refused a frame: " + failed.get().getMessage(), failed.get());
        }
        return sent;
    }

    /** Stamps the ingest time into {@code frame} and sends it; a failure is kept in failed. */
    private static void send(
            final Producer<byte[], byte[]> producer,
            final String topic,
            final byte[] key,
            final byte[] frame,
            final AtomicReference<Exception> failed) {
        FrameEncoder.stampIngestTime(new UnsafeBuffer(frame), 0, WallClock.epochNanos());
        producer.send(
                new ProducerRecord<>(topic, key, frame),
                (metadata, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
    }
}
