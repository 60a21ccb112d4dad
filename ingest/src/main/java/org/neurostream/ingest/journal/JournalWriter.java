package org.neurostream.ingest.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.neurostream.core.frame.EncodableFrame;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.time.WallClock;

/**
 * Appends the frames of one session to a new journal (see {@link JournalFormat}). Each append is
 * one Chronicle document in the queue file (through its mapping, or for a frame still to be encoded
 * by a positional write into the same file), so a frame is readable by a tailer, and survives a
 * crash of this process, as soon as {@code append} returns. Appends are serialized, so several
 * bridge threads may share one writer.
 */
public final class JournalWriter implements Closeable {
    /**
     * 64 MiB: a frame may take a block less its arrival stamp (a second of 384 channels at 30 kHz
     * is 46 MB; frames are far shorter).
     */
    public static final long DEFAULT_BLOCK_SIZE = 64L << 20;

    private final Path dir;
    private final SessionMetadata metadata;
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final long blockSize;

    /** Where {@link #append(EncodableFrame, long)} encodes a frame before writing it. */
    private ByteBuffer staging = ByteBuffer.allocateDirect(0);

    private final UnsafeBuffer stagingView = new UnsafeBuffer(0, 0);

    private long frames;
    private long markers;
    private boolean closed;

    private JournalWriter(final Path dir, final SessionMetadata metadata, final long blockSize) {
        this.dir = dir;
        this.metadata = metadata;
        this.blockSize = blockSize;
        this.queue = ChronicleQueue.singleBuilder(dir).blockSize(blockSize).build();
        this.appender = queue.createAppender();
        // appends are serialized by this writer's lock; the thread may change between them
        appender.singleThreadedCheckDisabled(true);
    }

    /**
     * Creates a journal in {@code dir} (created if absent; it must not hold a journal already) and
     * writes its metadata. A zero {@link SessionMetadata#startTimeNs} is set to now.
     *
     * @throws IOException when {@code dir} holds a journal or files cannot be written
     */
    public static JournalWriter create(final Path dir, final SessionMetadata metadata)
            throws IOException {
        return create(dir, metadata, DEFAULT_BLOCK_SIZE);
    }

    /**
     * As {@link #create(Path, SessionMetadata)}, with the queue file growing in steps of {@code
     * blockSize} bytes; a frame may take at most a quarter of it. Small journals (test files) use
     * small blocks, since a queue file takes at least one block on disk.
     */
    public static JournalWriter create(
            final Path dir, final SessionMetadata metadata, final long blockSize)
            throws IOException {
        if (Files.exists(dir.resolve(JournalFormat.METADATA_FILE))) {
            throw new IOException(dir + ": holds a journal already; record into a new folder");
        }
        Files.createDirectories(dir);
        if (metadata.startTimeNs == 0) {
            metadata.startTimeNs = WallClock.epochNanos();
        }
        metadata.startTime = Instant.ofEpochSecond(0, metadata.startTimeNs).toString();
        metadata.format = JournalFormat.FORMAT_NAME;
        // version 2 only once a marker is appended, so that older readers keep reading the rest
        metadata.version = JournalFormat.VERSION_WITHOUT_MARKERS;
        metadata.frames = null;
        metadata.markers = null;
        metadata.endTimeNs = null;
        writeMetadata(dir, metadata);
        return new JournalWriter(dir, metadata, blockSize);
    }

    /**
     * Reopens a journal whose recorder stopped without closing it, to append after its last frame;
     * {@link #frames()} counts on from the frames it holds.
     *
     * @throws IOException when {@code dir} is not such a journal (a closed one cannot be resumed)
     */
    public static JournalWriter resume(final Path dir, final long framesThere) throws IOException {
        final SessionMetadata metadata = JournalReader.readMetadata(dir);
        if (metadata.frames != null) {
            throw new IOException(
                    dir + ": the journal was closed by its recorder; record into a new folder");
        }
        final JournalWriter w = new JournalWriter(dir, metadata, DEFAULT_BLOCK_SIZE);
        w.frames = framesThere;
        w.markers = metadata.markers == null ? 0 : metadata.markers;
        return w;
    }

    /** The session metadata, as written; {@link #updateMetadata()} saves changes to it. */
    public SessionMetadata metadata() {
        return metadata;
    }

    /** Saves the metadata again (after a stream was added to it), atomically. */
    public synchronized void updateMetadata() throws IOException {
        writeMetadata(dir, metadata);
    }

    /** The journal folder. */
    public Path dir() {
        return dir;
    }

    /** Frames appended so far. */
    public synchronized long frames() {
        return frames;
    }

    /**
     * Appends the frame in {@code buffer[offset, offset + length)} with its arrival time.
     *
     * @throws IllegalArgumentException when the bytes are shorter than a frame header
     */
    public void append(
            final DirectBuffer buffer, final int offset, final int length, final long arrivalNs) {
        checkLength(length);
        final byte[] array = buffer.byteArray();
        if (array != null) {
            append(array, buffer.wrapAdjustment() + offset, length, arrivalNs);
            return;
        }
        synchronized (this) {
            checkOpen();
            try (DocumentContext dc = appender.writingDocument()) {
                final Bytes<?> bytes = dc.wire().bytes();
                bytes.writeLong(arrivalNs);
                bytes.unsafeWrite(buffer.addressOffset() + offset, length);
            }
            frames++;
        }
    }

    /**
     * Appends {@code frame} with its arrival time. The frame is encoded into a direct buffer kept
     * for the purpose (no array per frame) and written into the queue file with a positional write
     * at the document's place, then the document is committed. The file is the one Chronicle maps,
     * so tailers see the frame as before; but the kernel fills the page cache from the write in
     * large pieces, where stores into the mapping take a page fault per page: recording a 46 MB/s
     * stream costs about 0.03 of a core less this way (README "Measured figures").
     *
     * @throws IllegalArgumentException when the frame is shorter than a frame header or longer than
     *     a block
     * @throws IOException when the file refuses the write; the document is rolled back
     */
    public void append(final EncodableFrame frame, final long arrivalNs) throws IOException {
        final int length = frame.length();
        checkLength(length);
        if (length > blockSize - Long.BYTES) {
            throw new IllegalArgumentException(
                    dir
                            + ": a frame of "
                            + length
                            + " bytes does not fit a journal block of "
                            + blockSize
                            + " bytes; cut the stream into shorter frames");
        }
        synchronized (this) {
            checkOpen();
            if (staging.capacity() < length) {
                staging =
                        ByteBuffer.allocateDirect(Math.max(length, 2 * staging.capacity()))
                                .order(ByteOrder.LITTLE_ENDIAN);
            }
            stagingView.wrap(staging, 0, length);
            frame.encodeTo(stagingView, 0);
            try (DocumentContext dc = appender.writingDocument()) {
                try {
                    final Bytes<?> bytes = dc.wire().bytes();
                    bytes.writeLong(arrivalNs);
                    // the document's bytes sit at their file offsets in the file it maps
                    final FileChannel file = ((MappedBytes) bytes).mappedFile().raf().getChannel();
                    long at = bytes.writePosition();
                    staging.clear().limit(length);
                    while (staging.hasRemaining()) {
                        at += file.write(staging, at);
                    }
                    bytes.writeSkip(length);
                } catch (final IOException | RuntimeException e) {
                    dc.rollbackOnClose();
                    throw e;
                }
            }
            frames++;
        }
    }

    /** Appends the frame in {@code frame[offset, offset + length)} with its arrival time. */
    public void append(
            final byte[] frame, final int offset, final int length, final long arrivalNs) {
        checkLength(length);
        synchronized (this) {
            checkOpen();
            try (DocumentContext dc = appender.writingDocument()) {
                final Bytes<?> bytes = dc.wire().bytes();
                bytes.writeLong(arrivalNs);
                bytes.write(frame, offset, length);
            }
            frames++;
        }
    }

    /**
     * Appends a frame that came from Kafka with its origin, so that a recorder can resume after the
     * last offset it journaled (see {@link JournalReader#originOffset()}).
     */
    public void append(
            final byte[] frame,
            final int offset,
            final int length,
            final long arrivalNs,
            final byte[] topicUtf8,
            final int partition,
            final long kafkaOffset) {
        checkLength(length);
        synchronized (this) {
            checkOpen();
            try (DocumentContext dc = appender.writingDocument()) {
                final Bytes<?> bytes = dc.wire().bytes();
                bytes.writeLong(arrivalNs);
                bytes.write(frame, offset, length);
                bytes.writeInt(partition);
                bytes.writeLong(kafkaOffset);
                bytes.writeShort((short) topicUtf8.length);
                bytes.write(topicUtf8);
            }
            frames++;
        }
    }

    /** Markers appended so far. */
    public synchronized long markers() {
        return markers;
    }

    /**
     * Appends a marker with its arrival time (a document as {@link MarkerDescriptor} lays it out).
     * The first marker raises the journal's format version to 2 in its metadata, written before the
     * marker.
     *
     * @throws IllegalArgumentException when the stream id or label is too long
     * @throws java.io.UncheckedIOException when the metadata cannot be written
     */
    public void appendMarker(final MarkerRecord marker, final long arrivalNs) {
        final byte[] id = marker.streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] label = marker.label.getBytes(StandardCharsets.UTF_8);
        if (id.length > FrameDescriptor.MAX_ID_LENGTH
                || label.length > MarkerDescriptor.MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException(
                    dir
                            + ": a marker's stream id or label is too long ("
                            + id.length
                            + ", "
                            + label.length
                            + " bytes)");
        }
        synchronized (this) {
            checkOpen();
            if (metadata.version < JournalFormat.VERSION) {
                metadata.version = JournalFormat.VERSION;
                try {
                    writeMetadata(dir, metadata);
                } catch (final IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            final int length = MarkerDescriptor.length(id, label);
            final UnsafeBuffer tmp = new UnsafeBuffer(new byte[length]);
            MarkerDescriptor.encode(tmp, 0, id, label, marker.timeNs, marker.durationNs);
            try (DocumentContext dc = appender.writingDocument()) {
                final Bytes<?> bytes = dc.wire().bytes();
                bytes.writeLong(arrivalNs);
                bytes.write(tmp.byteArray(), 0, length);
            }
            markers++;
        }
    }

    /**
     * Writes the end marker and the final metadata (frame count, end time) and closes the queue.
     * Idempotent.
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            final long end = WallClock.epochNanos();
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeLong(end);
            }
            metadata.frames = frames;
            metadata.markers = markers > 0 ? markers : null;
            metadata.endTimeNs = end;
            writeMetadata(dir, metadata);
        } finally {
            appender.close();
            queue.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(dir + ": journal closed");
        }
    }

    private static void checkLength(final int length) {
        if (length < FrameDescriptor.HEADER_LENGTH) {
            throw new IllegalArgumentException(
                    "a frame has at least "
                            + FrameDescriptor.HEADER_LENGTH
                            + " bytes, not "
                            + length);
        }
    }

    /** Replaces the metadata file atomically, so a reader never sees half of it. */
    static void writeMetadata(final Path dir, final SessionMetadata metadata) throws IOException {
        metadata.writeTo(dir.resolve(JournalFormat.METADATA_FILE));
    }
}
