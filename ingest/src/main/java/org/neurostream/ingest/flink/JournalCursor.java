package org.neurostream.ingest.flink;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import org.agrona.DirectBuffer;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.journal.FrameHandler;
import org.neurostream.ingest.journal.JournalFormatException;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.ingest.journal.MarkerHandler;
import org.neurostream.ingest.journal.OpenStreams;

/**
 * The frames of a journal as {@link RawRecord}s (topic "journal", partition 0, offset = frame
 * number, key = stream id), released at their recorded arrival pace scaled by the speed, without
 * ever blocking: {@link #poll()} hands out the next frame when it is due, and otherwise says how
 * long to wait ({@link #retryInNanos()}) or that the journal has ended ({@link #ended()}). A
 * bounded cursor ends at the last frame the journal holds; a following one at its recorder's end
 * marker. The Flink source's reader thread stays free meanwhile, for checkpoints and cancellation.
 *
 * <p>Markers (format version 2) come out among the frames, in the order they were journaled and at
 * their arrival pace, as records of topic {@link Topics#MARKERS} (offset = marker number, key =
 * stream id, value = the marker as JSON, as on Kafka), which the job's validation tells from frames
 * by that topic.
 *
 * <p>At the journal's end the cursor ends every stream the journal leaves open ({@link
 * OpenStreams}): after the last frame it hands out one end-of-stream frame per such stream, in
 * order of their first frames, numbered on from the journal's frames, so that the job frees their
 * state. A stream whose own end-of-stream frame is in the journal gets none more.
 *
 * <p>With a {@link StopAfter}, the cursor stops for a savepoint where it says: {@link #poll()}
 * returns null from then on and {@link #stopped()} is true.
 */
public final class JournalCursor implements FrameHandler, MarkerHandler, AutoCloseable {
    /** The topic name journal records carry, for dead-letter origins. */
    public static final String TOPIC = "journal";

    /** How long a follower waits before looking for new frames again. */
    static final long FOLLOW_WAIT_NS = 1_000_000L;

    private final String dir;
    private final Pacing pacing;
    private final boolean follow;
    private ObjectMapper json;
    private final ArrayDeque<Pending> pendingMarkers = new ArrayDeque<>();
    private long framesDone;
    private long toSkip;
    private long markersDone;
    private long markersToSkip;
    private JournalReader reader;
    private RawRecord next;
    private long nextElapsedNs;
    private long firstArrival = Long.MIN_VALUE;
    private long retryInNanos;
    private boolean ended;
    private final OpenStreams open = new OpenStreams();
    private final StopAfter stop;
    private StopAfter.Tracker tracker;
    private boolean stopped;

    /** The end-of-stream frames still to hand out, once the journal is read; null before. */
    private ArrayDeque<byte[]> markers;

    JournalCursor(
            final String dir,
            final long framesDone,
            final long markersDone,
            final double speed,
            final boolean follow) {
        this(dir, framesDone, markersDone, speed, follow, null);
    }

    /** A cursor that stops where {@code stop} says (null: never). */
    JournalCursor(
            final String dir,
            final long framesDone,
            final long markersDone,
            final double speed,
            final boolean follow,
            final StopAfter stop) {
        this.dir = dir;
        this.stop = stop;
        this.follow = follow;
        this.framesDone = framesDone;
        this.toSkip = framesDone;
        this.markersDone = markersDone;
        this.markersToSkip = markersDone;
        this.pacing = new Pacing(speed);
    }

    /** A marker read and not yet handed out, with its arrival pace. */
    private record Pending(RawRecord record, long elapsedNs) {}

    /** Frames handed out so far, counting those before a restore. */
    public long framesDone() {
        return framesDone;
    }

    /** Markers handed out so far, counting those before a restore. */
    public long markersDone() {
        return markersDone;
    }

    /**
     * The next frame if it is due, else null: then {@link #ended()}, or try again in {@link
     * #retryInNanos()}.
     *
     * @throws JournalFormatException when the journal cannot be opened or read
     */
    public RawRecord poll() throws JournalFormatException {
        if (ended || stopped) {
            return null;
        }
        if (reader == null) {
            reader = JournalReader.open(Path.of(dir));
            if (stop != null) {
                tracker = stop.tracker(Path.of(dir), !follow);
            }
        }
        if (tracker != null && tracker.reached()) {
            stopped = true;
            return null;
        }
        while (next == null && pendingMarkers.isEmpty()) {
            if (markers != null) {
                if (tracker != null) {
                    // the journal's frames are all out: every stream counts as read
                    stopped = true;
                    return null;
                }
                return endMarker();
            }
            if (reader.poll(this, this, 1) == 0 && pendingMarkers.isEmpty()) {
                if (follow && !reader.endReached()) {
                    retryInNanos = FOLLOW_WAIT_NS;
                    return null;
                }
                markers = new ArrayDeque<>(open.endMarkers());
            }
        }
        if (!pendingMarkers.isEmpty()) {
            final long wait = pacing.nanosUntilDue(pendingMarkers.peek().elapsedNs());
            if (wait > 0) {
                retryInNanos = wait;
                return null;
            }
            markersDone++;
            return pendingMarkers.poll().record();
        }
        final long wait = pacing.nanosUntilDue(nextElapsedNs);
        if (wait > 0) {
            retryInNanos = wait;
            return null;
        }
        final RawRecord r = next;
        next = null;
        framesDone++;
        if (tracker != null) {
            tracker.handedOut(r.value);
        }
        return r;
    }

    /** After a null {@link #poll()}: the cursor reached its {@link StopAfter} point. */
    public boolean stopped() {
        return stopped;
    }

    /** The next end-of-stream frame of the journal's end (skipping those a restore passed). */
    private RawRecord endMarker() {
        while (!markers.isEmpty()) {
            final byte[] marker = markers.poll();
            if (toSkip > 0) {
                toSkip--;
                continue;
            }
            return new RawRecord(TOPIC, 0, framesDone++, open.keyOf(marker), marker);
        }
        close();
        return null;
    }

    /** After a null {@link #poll()}: the journal has no more frames, and is closed. */
    public boolean ended() {
        return ended;
    }

    /** After a null {@link #poll()} that did not end: when the next frame may be there or due. */
    public long retryInNanos() {
        return retryInNanos;
    }

    @Override
    public void onFrame(
            final DirectBuffer buffer, final int offset, final int length, final long arrivalNs) {
        open.onFrame(buffer, offset, length);
        if (toSkip > 0) {
            toSkip--;
            if (tracker != null) {
                tracker.handedOut(buffer, offset, length);
            }
            return;
        }
        // the pace counts from the first frame handed out (after a restore, the resumed one)
        if (firstArrival == Long.MIN_VALUE) {
            firstArrival = arrivalNs;
        }
        nextElapsedNs = arrivalNs - firstArrival;
        final byte[] value = new byte[length];
        buffer.getBytes(offset, value);
        final int idLength =
                buffer.getShort(offset + FrameDescriptor.STREAM_ID_LENGTH_OFFSET, LITTLE_ENDIAN)
                        & 0xFFFF;
        final byte[] key =
                new byte[FrameDescriptor.HEADER_LENGTH + idLength <= length ? idLength : 0];
        buffer.getBytes(offset + FrameDescriptor.HEADER_LENGTH, key);
        next = new RawRecord(TOPIC, 0, framesDone, key, value);
    }

    @Override
    public void onMarker(final MarkerRecord marker, final long arrivalNs) {
        if (markersToSkip > 0) {
            markersToSkip--;
            return;
        }
        if (firstArrival == Long.MIN_VALUE) {
            firstArrival = arrivalNs;
        }
        if (json == null) {
            json = RecordJson.newMapper(); // made once there is a marker: journals mostly have none
        }
        final byte[] value;
        try {
            value = json.writeValueAsBytes(marker);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("a marker as JSON: " + e.getMessage(), e);
        }
        pendingMarkers.add(
                new Pending(
                        new RawRecord(
                                Topics.MARKERS,
                                0,
                                markersDone + pendingMarkers.size(),
                                marker.streamId.getBytes(StandardCharsets.UTF_8),
                                value),
                        arrivalNs - firstArrival));
    }

    /** Closes the journal; the cursor has ended. */
    @Override
    public void close() {
        ended = true;
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
