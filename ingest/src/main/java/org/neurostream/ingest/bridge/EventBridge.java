package org.neurostream.ingest.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.producer.Producer;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.stream.StreamId;
import org.neurostream.core.time.WallClock;
import org.neurostream.ingest.dvs.EventBatch;
import org.neurostream.ingest.dvs.EventFileReader;
import org.neurostream.ingest.dvs.EventFrameWriter;

/**
 * Streams an event-camera file as EVENTS frames of modality DVS ({@link EventFrameWriter}: x in the
 * address field, y, polarity; device time = the frame's first event in ns, offsets in us), paced at
 * device time and handed to a {@link FrameSink}: Kafka on {@link Modality#DVS}'s topic, keyed by
 * {@code <session>/<stream>}, or a journal; the ingest stamp written just before the hand-over.
 *
 * <p>Frames cut the stream into windows of {@code frameUs} microseconds counted from the file's
 * first event: a frame holds the events of one window (none is sent for an empty window), or part
 * of one when more than {@code maxEventsPerFrame} fall in it. A frame is released when its window's
 * end is due ({@link Pacing}, device time since the first event). Events come in file order, as the
 * reader's time-order policy leaves them. After the last frame the bridge ends the stream with an
 * empty frame flagged end-of-stream ({@link EndOfStream#after}), on which the job frees the
 * stream's state; a bridge interrupted before that sends none. One bridge serves one stream on one
 * thread.
 */
public final class EventBridge {
    /**
     * Most events in one frame unless told otherwise: 256 KiB of payload, well under Kafka's
     * default 1 MiB request limit.
     */
    public static final int DEFAULT_MAX_EVENTS_PER_FRAME = 16384;

    private final FrameSink sink;
    private final String streamId;
    private final byte[] key;
    private final EventFrameWriter writer;
    private final int maxEventsPerFrame;
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong eventsSent = new AtomicLong();

    /** The last frame sent, which the end-of-stream frame follows; null before the first. */
    private byte[] last;

    /**
     * Creates a bridge with frames of at most {@link #DEFAULT_MAX_EVENTS_PER_FRAME} events.
     *
     * @param sessionId the recording session, e.g. "moving-bars"
     * @param streamName the stream within the session, e.g. "dvs"
     */
    public EventBridge(
            final Producer<byte[], byte[]> producer,
            final String sessionId,
            final String streamName) {
        this(producer, sessionId, streamName, DEFAULT_MAX_EVENTS_PER_FRAME);
    }

    /**
     * Creates a bridge.
     *
     * @param maxEventsPerFrame most events in one frame, &gt;= {@link EventBatch#MIN_CAPACITY}
     */
    public EventBridge(
            final Producer<byte[], byte[]> producer,
            final String sessionId,
            final String streamName,
            final int maxEventsPerFrame) {
        this(
                new KafkaFrameSink(
                        producer, Modality.DVS.rawTopic(), StreamId.of(sessionId, streamName)),
                sessionId,
                streamName,
                maxEventsPerFrame);
    }

    /**
     * A bridge to any sink (a journal, Kafka, or both).
     *
     * @param maxEventsPerFrame most events in one frame, &gt;= {@link EventBatch#MIN_CAPACITY}
     */
    public EventBridge(
            final FrameSink sink,
            final String sessionId,
            final String streamName,
            final int maxEventsPerFrame) {
        this.sink = sink;
        this.streamId = StreamId.of(sessionId, streamName);
        this.key = streamId.getBytes(StandardCharsets.UTF_8);
        this.writer = new EventFrameWriter(streamId, sessionId, null);
        this.maxEventsPerFrame = maxEventsPerFrame;
    }

    /** {@code <session>/<stream>}. */
    public String streamId() {
        return streamId;
    }

    /** Frames handed to the sink so far (readable from other threads, for progress). */
    public long framesSent() {
        return framesSent.get();
    }

    /** Events handed to the sink so far (readable from other threads). */
    public long eventsSent() {
        return eventsSent.get();
    }

    /**
     * Streams the whole file (or until the thread is interrupted).
     *
     * @param reader the open file; not closed here
     * @param frameUs window of one frame in microseconds, &gt;= 1 (for example 10000)
     * @return the number of frames sent
     * @throws IOException when the file fails (after the frames before the fault went out) or the
     *     sink refused a frame
     */
    public long run(final EventFileReader reader, final long frameUs, final Pacing pacing)
            throws IOException {
        if (frameUs < 1) {
            throw new IllegalArgumentException("frameUs must be >= 1, not " + frameUs);
        }
        final EventBatch in = new EventBatch(Math.max(EventBatch.MIN_CAPACITY, 65536));
        final EventBatch frame = new EventBatch(maxEventsPerFrame);
        long origin = Long.MIN_VALUE;
        long window = 0;
        long sent = 0;
        while (reader.read(in) > 0) {
            final long[] t = in.t();
            final short[] x = in.x();
            final short[] y = in.y();
            final byte[] p = in.p();
            for (int i = 0; i < in.size(); i++) {
                if (origin == Long.MIN_VALUE) {
                    origin = t[i];
                }
                final long w = Math.floorDiv(t[i] - origin, frameUs);
                if (frame.size() > 0 && (w != window || frame.remaining() == 0)) {
                    // A full frame inside its window goes out at its last event's time.
                    final long dueUs =
                            w != window
                                    ? (window + 1) * frameUs
                                    : frame.t()[frame.size() - 1] - origin;
                    if (!send(frame, pacing, dueUs)) {
                        return sent;
                    }
                    sent++;
                }
                window = w;
                frame.add(t[i], x[i], y[i], p[i]);
            }
        }
        if (frame.size() > 0 && send(frame, pacing, (window + 1) * frameUs)) {
            sent++;
        }
        if (last != null && !Thread.currentThread().isInterrupted()) {
            final long ingestNs = WallClock.epochNanos();
            sink.accept(
                    key,
                    EndOfStream.after(new FrameDecoder().wrap(new UnsafeBuffer(last), 0), ingestNs),
                    ingestNs);
        }
        return sent;
    }

    /** Sends the frame's events once {@code dueUs} after the first event is due; empties it. */
    private boolean send(final EventBatch frame, final Pacing pacing, final long dueUs)
            throws IOException {
        final byte[] bytes = new byte[writer.maxFrameLength(frame.size())];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final int length = writer.write(frame, 0, frame.size(), buffer, 0, 0L);
        final int events = frame.size();
        frame.clear();
        pacing.awaitDeviceTime(dueUs * 1000L);
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        final long ingestNs = WallClock.epochNanos();
        FrameEncoder.stampIngestTime(buffer, 0, ingestNs);
        final byte[] value = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        sink.accept(key, value, ingestNs);
        last = value;
        framesSent.incrementAndGet();
        eventsSent.addAndGet(events);
        return true;
    }
}
