package org.neurostream.ingest.journal;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.records.MarkerRecord;

/**
 * Reads a journal from its first frame, in the order the frames were appended, handing each to a
 * {@link FrameHandler} in place (a view into the mapped queue file: no copy, no object per frame).
 * {@link #poll} returns what is there now, so the same reader tails a journal still being recorded;
 * {@link #endReached()} says when the recorder's end marker has been read. One reader serves one
 * thread.
 */
public final class JournalReader implements Closeable {
    private final Path dir;
    private final SessionMetadata metadata;
    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private long framesRead;
    private long markersRead;
    private boolean endReached;
    private int originAt = -1;

    private JournalReader(
            final Path dir, final SessionMetadata metadata, final ChronicleQueue queue) {
        this.dir = dir;
        this.metadata = metadata;
        this.queue = queue;
        this.tailer = queue.createTailer().toStart();
    }

    /**
     * Opens the journal in {@code dir} for reading from its start.
     *
     * @throws JournalFormatException when {@code dir} is not a journal, or one from a newer format
     *     version; the message names the folder
     */
    public static JournalReader open(final Path dir) throws JournalFormatException {
        final SessionMetadata metadata = readMetadata(dir);
        final ChronicleQueue queue;
        try {
            queue = openQueue(dir, true);
        } catch (final RuntimeException e) {
            throw new JournalFormatException(
                    dir + ": the frame queue cannot be opened: " + e.getMessage(), e);
        }
        return new JournalReader(dir, metadata, queue);
    }

    /**
     * Reads and checks the metadata of the journal in {@code dir}, as it is now (the frame count
     * and end time appear when the recorder closes the journal).
     *
     * @throws JournalFormatException when {@code dir} is not a journal, or one from a newer version
     */
    public static SessionMetadata readMetadata(final Path dir) throws JournalFormatException {
        if (!Files.isDirectory(dir)) {
            throw new JournalFormatException(dir + ": no such folder");
        }
        final Path file = dir.resolve(JournalFormat.METADATA_FILE);
        if (!Files.isRegularFile(file)) {
            throw new JournalFormatException(
                    dir + ": not a NeuroStream journal (no " + JournalFormat.METADATA_FILE + ")");
        }
        final SessionMetadata m;
        try {
            m = SessionMetadata.mapper().readValue(file.toFile(), SessionMetadata.class);
        } catch (final JsonProcessingException e) {
            throw new JournalFormatException(
                    dir
                            + ": not a NeuroStream journal ("
                            + JournalFormat.METADATA_FILE
                            + " is not journal metadata: "
                            + e.getOriginalMessage()
                            + ")",
                    e);
        } catch (final IOException e) {
            throw new JournalFormatException(
                    dir + ": cannot read " + JournalFormat.METADATA_FILE + ": " + e.getMessage(),
                    e);
        }
        if (!JournalFormat.FORMAT_NAME.equals(m.format)) {
            throw new JournalFormatException(
                    dir
                            + ": not a NeuroStream journal (format '"
                            + m.format
                            + "' in "
                            + JournalFormat.METADATA_FILE
                            + ")");
        }
        if (m.version > JournalFormat.VERSION) {
            throw new JournalFormatException(
                    dir
                            + ": journal format version "
                            + m.version
                            + " is newer than this NeuroStream reads (up to "
                            + JournalFormat.VERSION
                            + "); read it with a newer NeuroStream");
        }
        if (m.version < 1) {
            throw new JournalFormatException(
                    dir + ": not a NeuroStream journal (format version " + m.version + ")");
        }
        return m;
    }

    static ChronicleQueue openQueue(final Path dir, final boolean readOnly) {
        return ChronicleQueue.singleBuilder(dir).readOnly(readOnly).build();
    }

    public Path dir() {
        return dir;
    }

    /** The metadata as it was when this reader opened the journal. */
    public SessionMetadata metadata() {
        return metadata;
    }

    /** Frames handed out so far. */
    public long framesRead() {
        return framesRead;
    }

    /** Markers met so far (handed out, or skipped by {@link #poll(FrameHandler, int)}). */
    public long markersRead() {
        return markersRead;
    }

    /** True once the recorder's end marker was read: no frame will follow. */
    public boolean endReached() {
        return endReached;
    }

    /**
     * Hands the next frames to {@code handler}, at most {@code maxFrames}, as far as the journal
     * holds them now.
     *
     * @return frames handed out; 0 when there is nothing more now (see {@link #endReached()})
     * @throws JournalFormatException at a document that is not a frame; every frame before it was
     *     handed out
     */
    public int poll(final FrameHandler handler, final int maxFrames) throws JournalFormatException {
        return poll(handler, null, maxFrames);
    }

    /**
     * As {@link #poll(FrameHandler, int)}, handing the markers met on the way to {@code markers}
     * (or skipping them when it is null); markers do not count toward {@code maxFrames}.
     *
     * @return frames handed out; 0 when there is no frame more now
     */
    public int poll(final FrameHandler handler, final MarkerHandler markers, final int maxFrames)
            throws JournalFormatException {
        int n = 0;
        while (n < maxFrames && !endReached) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    break;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final long length = bytes.readRemaining();
                if (length == JournalFormat.ARRIVAL_LENGTH) {
                    endReached = true;
                    break;
                }
                if (length < JournalFormat.ARRIVAL_LENGTH + MarkerDescriptor.HEADER_LENGTH
                        || length > Integer.MAX_VALUE) {
                    throw notAFrame(dc.index(), length, "too short for a frame");
                }
                view.wrap(bytes.addressForRead(bytes.readPosition(), (int) length), (int) length);
                if (MarkerDescriptor.isMarker(
                        view,
                        JournalFormat.ARRIVAL_LENGTH,
                        (int) length - JournalFormat.ARRIVAL_LENGTH)) {
                    final MarkerRecord marker =
                            MarkerDescriptor.decode(
                                    view,
                                    JournalFormat.ARRIVAL_LENGTH,
                                    (int) length - JournalFormat.ARRIVAL_LENGTH);
                    if (marker == null) {
                        throw notAFrame(dc.index(), length, "a marker whose lengths disagree");
                    }
                    markersRead++;
                    if (markers != null) {
                        markers.onMarker(marker, view.getLong(0, LITTLE_ENDIAN));
                    }
                    continue;
                }
                if (length < JournalFormat.ARRIVAL_LENGTH + FrameDescriptor.HEADER_LENGTH) {
                    throw notAFrame(dc.index(), length, "too short for a frame");
                }
                final int frameLength = (int) length - JournalFormat.ARRIVAL_LENGTH;
                if (view.getInt(
                                JournalFormat.ARRIVAL_LENGTH + FrameDescriptor.MAGIC_OFFSET,
                                LITTLE_ENDIAN)
                        != FrameDescriptor.MAGIC) {
                    throw notAFrame(dc.index(), length, "no frame magic");
                }
                final int declared =
                        view.getInt(
                                JournalFormat.ARRIVAL_LENGTH + FrameDescriptor.LENGTH_OFFSET,
                                LITTLE_ENDIAN);
                originAt = -1;
                if (declared != frameLength) {
                    final int rest = frameLength - declared;
                    originAt = JournalFormat.ARRIVAL_LENGTH + declared;
                    if (declared < FrameDescriptor.HEADER_LENGTH
                            || rest < JournalFormat.ORIGIN_HEADER_LENGTH
                            || rest
                                    != JournalFormat.ORIGIN_HEADER_LENGTH
                                            + (view.getShort(originAt + 12, LITTLE_ENDIAN)
                                                    & 0xFFFF)) {
                        throw notAFrame(
                                dc.index(),
                                length,
                                "the frame declares "
                                        + declared
                                        + " bytes, the document holds "
                                        + frameLength);
                    }
                }
                handler.onFrame(
                        view,
                        JournalFormat.ARRIVAL_LENGTH,
                        declared,
                        view.getLong(0, LITTLE_ENDIAN));
                framesRead++;
                n++;
            }
        }
        return n;
    }

    /**
     * Reads every frame there is now, then checks that the journal is whole: a journal its recorder
     * closed must end with its end marker after the declared number of frames.
     *
     * @return frames handed out by this call
     * @throws JournalTruncatedException when a closed journal ends early (all frames before the cut
     *     were handed out)
     * @throws JournalFormatException at a document that is not a frame
     */
    public long readAll(final FrameHandler handler) throws JournalFormatException {
        return readAll(handler, null);
    }

    /**
     * As {@link #readAll(FrameHandler)}, handing the markers to {@code markers} next to the frames.
     */
    public long readAll(final FrameHandler handler, final MarkerHandler markers)
            throws JournalFormatException {
        long total = 0;
        int n;
        while ((n = poll(handler, markers, 4096)) > 0) {
            total += n;
        }
        checkWhole();
        return total;
    }

    /**
     * Whether the recorder has closed the journal (its metadata holds the frame count), read from
     * the metadata file now.
     */
    public boolean recorderClosed() throws JournalFormatException {
        return readMetadata(dir).frames != null;
    }

    /**
     * Checks, after reading what there is, that nothing the recorder wrote is missing.
     *
     * @throws JournalTruncatedException when the recorder closed the journal but its end marker or
     *     some of its frames cannot be read
     */
    public void checkWhole() throws JournalFormatException {
        final SessionMetadata now = readMetadata(dir);
        if (now.frames == null) {
            return;
        }
        if (!endReached
                || framesRead != now.frames
                || (now.markers != null && markersRead != now.markers)) {
            throw new JournalTruncatedException(
                    dir
                            + ": journal truncated: "
                            + framesRead
                            + " of "
                            + now.frames
                            + " frames readable"
                            + (endReached ? "" : ", no end marker"),
                    framesRead);
        }
    }

    /**
     * Whether the frame being handed out came from Kafka (valid during {@link
     * FrameHandler#onFrame}).
     */
    public boolean hasOrigin() {
        return originAt >= 0;
    }

    /** Kafka partition of the frame being handed out; valid when {@link #hasOrigin()}. */
    public int originPartition() {
        return view.getInt(originAt, LITTLE_ENDIAN);
    }

    /** Kafka offset of the frame being handed out; valid when {@link #hasOrigin()}. */
    public long originOffset() {
        return view.getLong(originAt + 4, LITTLE_ENDIAN);
    }

    /** Kafka topic of the frame being handed out (allocates); valid when {@link #hasOrigin()}. */
    public String originTopic() {
        return view.getStringWithoutLengthUtf8(
                originAt + JournalFormat.ORIGIN_HEADER_LENGTH,
                view.getShort(originAt + 12, LITTLE_ENDIAN) & 0xFFFF);
    }

    private JournalFormatException notAFrame(
            final long index, final long length, final String why) {
        return new JournalFormatException(
                String.format(
                        "%s: journal damaged after frame %d: document 0x%x (%d bytes) is not a frame: %s",
                        dir, framesRead, index, length, why));
    }

    @Override
    public void close() {
        tailer.close();
        queue.close();
    }
}
