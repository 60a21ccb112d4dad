package org.neurostream.ingest.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.producer.Producer;
import org.neurostream.ingest.frame.FrameEncoder;
import org.neurostream.ingest.frame.FrameKind;
import org.neurostream.ingest.frame.Modality;
import org.neurostream.ingest.time.WallClock;

/**
 * Cuts a {@link SampleSource} into SAMPLES frames, paces them at their device time and hands them
 * to a {@link FrameSink}: a Kafka producer keyed by stream id ({@code <session>/<stream>}), a
 * journal, or both. The ingest stamp is written into each frame just before it is handed over,
 * the point where latency accounting starts. Device time
 * counts from the start of the source (ns), and sequence numbers from 0, gap-free. One bridge
 * serves one stream on one thread.
 */
public final class FrameBridge {
    private final FrameSink sink;
    private final Modality modality;
    private final String streamId;
    private final byte[] streamIdUtf8;
    private final byte[] sessionIdUtf8;
    private final FrameEncoder encoder = new FrameEncoder();
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
        this(new KafkaFrameSink(producer, modality.rawTopic(), sessionId + "/" + streamName),
                modality, sessionId, streamName);
    }

    /** A bridge to any sink (a journal, Kafka, or both). */
    public FrameBridge(
            final FrameSink sink,
            final Modality modality,
            final String sessionId,
            final String streamName) {
        this.sink = sink;
        this.modality = modality;
        this.streamId = sessionId + "/" + streamName;
        this.streamIdUtf8 = streamId.getBytes(StandardCharsets.UTF_8);
        this.sessionIdUtf8 = sessionId.getBytes(StandardCharsets.UTF_8);
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
     * @return the number of frames sent
     * @throws IOException when the source fails or the sink refused a frame
     */
    public long run(final SampleSource source, final int samplesPerFrame, final Pacing pacing)
            throws IOException {
        final int channels = source.channelCount();
        final long periodNs = Math.round(1e9 / source.sampleRate());
        final float[] block = new float[channels * samplesPerFrame];
        long sequence = 0;
        long samplesDone = 0;
        int n;
        while ((n = source.read(block, samplesPerFrame)) > 0) {
            final byte[] bytes = new byte[FrameEncoder.frameLength(
                    FrameKind.SAMPLES, channels, n, streamIdUtf8.length, sessionIdUtf8.length)];
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            final long deviceTimeNs = samplesDone * periodNs;
            encoder.wrap(buffer, 0)
                    .kind(FrameKind.SAMPLES).modality(modality)
                    .sequence(sequence++).deviceTimeNs(deviceTimeNs).periodNs(periodNs)
                    .counts(channels, n).ids(streamIdUtf8, sessionIdUtf8)
                    .putSamples(block, 0)
                    .finish();
            samplesDone += n;
            pacing.awaitDeviceTime(samplesDone * periodNs);
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            final long ingestNs = WallClock.epochNanos();
            FrameEncoder.stampIngestTime(buffer, 0, ingestNs);
            sink.accept(streamIdUtf8, bytes, ingestNs);
            framesSent.incrementAndGet();
        }
        return sequence;
    }
}
