package org.neurostream.ingest.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.stream.StreamId;
import org.neurostream.core.time.WallClock;

/**
 * Cuts a {@link SampleSource} into SAMPLES frames ({@link SampleFramer}), paces them at their
 * device time and hands them to a {@link FrameSink}: a Kafka producer keyed by stream id ({@code
 * <session>/<stream>}), a journal, or both. The ingest stamp is written into each frame just before
 * it is handed over, the point where latency accounting starts. Device time counts from the start
 * of the source (ns), and sequence numbers from 0, gap-free. When the source is exhausted the
 * bridge ends the stream with an empty frame flagged end-of-stream ({@link
 * SampleFramer#endOfStream}), on which the job frees the stream's state; a bridge interrupted
 * before that sends none (the job's idle timeout frees the stream). One bridge serves one stream on
 * one thread.
 */
public final class FrameBridge {
    private final FrameSink sink;
    private final Modality modality;
    private final String streamId;
    private final byte[] streamIdUtf8;
    private final String sessionId;
    private final String streamName;
    private final AtomicLong framesSent = new AtomicLong();

    /**
     * A bridge to Kafka: frames go to the modality's raw topic.
     *
     * @param sessionId the recording session, e.g. "S001R01"
     * @param streamName the stream within the session, e.g. "eeg"
     */
    public FrameBridge(
            final Producer<byte[], byte[]> producer,
            final Modality modality,
            final String sessionId,
            final String streamName) {
        this(
                new KafkaFrameSink(
                        producer, modality.rawTopic(), StreamId.of(sessionId, streamName)),
                modality,
                sessionId,
                streamName);
    }

    /** A bridge to any sink (a journal, Kafka, or both). */
    public FrameBridge(
            final FrameSink sink,
            final Modality modality,
            final String sessionId,
            final String streamName) {
        this.sink = sink;
        this.modality = modality;
        this.streamId = StreamId.of(sessionId, streamName);
        this.streamIdUtf8 = streamId.getBytes(StandardCharsets.UTF_8);
        this.sessionId = sessionId;
        this.streamName = streamName;
    }

    /** {@code <session>/<stream>}. */
    public String streamId() {
        return streamId;
    }

    /** Frames handed to the producer so far (readable from other threads, for progress). */
    public long framesSent() {
        return framesSent.get();
    }

    /**
     * Streams the whole source (or until the thread is interrupted).
     *
     * @param samplesPerFrame samples per channel in each frame (the last one may be shorter)
     * @return the number of frames sent, the end-of-stream frame not counted
     * @throws IOException when the source fails or the sink refused a frame
     */
    public long run(final SampleSource source, final int samplesPerFrame, final Pacing pacing)
            throws IOException {
        return run(source, samplesPerFrame, 0, pacing);
    }

    /**
     * Streams the whole source (or until the thread is interrupted), every frame with {@code flags}
     * (such as {@link org.neurostream.core.frame.FrameDescriptor#FLAG_DFF}).
     *
     * @param samplesPerFrame samples per channel in each frame (the last one may be shorter)
     * @return the number of frames sent, the end-of-stream frame not counted
     * @throws IOException when the source fails or the sink refused a frame
     */
    public long run(
            final SampleSource source,
            final int samplesPerFrame,
            final int flags,
            final Pacing pacing)
            throws IOException {
        final SampleFramer framer =
                new SampleFramer(source, modality, sessionId, streamName, samplesPerFrame, flags);
        while (framer.read() > 0) {
            pacing.awaitDeviceTime(framer.endTimeNs());
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            final long ingestNs = WallClock.epochNanos();
            sink.accept(streamIdUtf8, framer.pending(ingestNs), ingestNs);
            framesSent.incrementAndGet();
        }
        if (!Thread.currentThread().isInterrupted()) {
            final long ingestNs = WallClock.epochNanos();
            sink.accept(streamIdUtf8, framer.endOfStream(ingestNs), ingestNs);
        }
        return framer.frames();
    }
}
