package org.neurostream.ingest.flink;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.LockSupport;
import org.agrona.DirectBuffer;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.frame.FrameDescriptor;
import org.neurostream.ingest.journal.FrameHandler;
import org.neurostream.ingest.journal.JournalFormatException;
import org.neurostream.ingest.journal.JournalReader;

/**
 * The frames of a journal as {@link RawRecord}s (topic "journal", partition 0, offset = frame
 * number, key = stream id), released at their recorded arrival pace scaled by the speed. It ends at
 * the last frame the journal holds when it gets there, or, when it follows a live journal, at the
 * recorder's end marker (waiting for frames in between; {@link #hasNext()} blocks then), and closes
 * the journal at the end.
 */
public final class JournalIterator implements Iterator<RawRecord>, FrameHandler {
    /** The topic name journal records carry, for dead-letter origins. */
    public static final String TOPIC = "journal";

    /** How long a follower waits before looking for new frames again. */
    private static final long FOLLOW_WAIT_NS = 1_000_000L;

    private final String dir;
    private final Pacing pacing;
    private final boolean follow;
    private long framesDone;
    private long toSkip;
    private JournalReader reader;
    private RawRecord next;
    private long firstArrival = Long.MIN_VALUE;
    private boolean ended;

    JournalIterator(
            final String dir, final long framesDone, final double speed, final boolean follow) {
        this.dir = dir;
        this.follow = follow;
        this.framesDone = framesDone;
        this.toSkip = framesDone;
        this.pacing = new Pacing(speed);
    }

    /** Frames emitted so far, counting those before a restore. */
    long framesDone() {
        return framesDone;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (ended) {
            return false;
        }
        try {
            if (reader == null) {
                reader = JournalReader.open(Path.of(dir));
            }
            while (next == null) {
                if (reader.poll(this, 1) == 0) {
                    if (follow && !reader.endReached() && !Thread.currentThread().isInterrupted()) {
                        LockSupport.parkNanos(FOLLOW_WAIT_NS);
                        continue;
                    }
                    ended = true;
                    reader.close();
                    return false;
                }
            }
        } catch (final JournalFormatException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    @Override
    public RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        final RawRecord r = next;
        next = null;
        framesDone++;
        return r;
    }

    @Override
    public void onFrame(
            final DirectBuffer buffer, final int offset, final int length, final long arrivalNs) {
        if (firstArrival == Long.MIN_VALUE) {
            firstArrival = arrivalNs;
        }
        if (toSkip > 0) {
            toSkip--;
            return;
        }
        pacing.awaitDeviceTime(arrivalNs - firstArrival);
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
}
