package org.neurostream.sinks.ipc;

import static org.neurostream.sinks.ipc.IpcDescriptor.*;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.core.time.WallClock;

/**
 * Writes predictions into a NeuroStream IPC file (layout in {@link IpcDescriptor}) for a reader
 * process on the same host. One writer thread per file: the ring is one-to-one.
 *
 * <p>Never blocks: when the ring is full (no reader, or a reader that fell behind by the ring's
 * capacity), the prediction is dropped and counted, in {@link #dropped()} and in the file header,
 * and the reader sees the gap in the record sequence numbers. A closed loop wants the newest
 * prediction now, not an old one late, and the job upstream must never stall on a reader.
 *
 * <p>Opening a file that already is an IPC file with the same capacity continues it (sequence
 * numbers and counts go on), so a restarted writer keeps a running reader. The writer does not
 * delete the file on close, for the same reason. Allocates nothing per prediction.
 */
public final class IpcPredictionWriter implements AutoCloseable {
    private final IpcFile file;
    private final OneToOneRingBuffer ring;
    private final AtomicBuffer buffer;
    private final UnsafeBuffer header;
    private long written;
    private long dropped;
    private boolean closed;

    private IpcPredictionWriter(final IpcFile file) {
        this.file = file;
        this.ring = file.ring;
        this.buffer = ring.buffer();
        this.header = file.header;
        this.written = header.getLongVolatile(WRITTEN_OFFSET);
        this.dropped = header.getLongVolatile(DROPPED_OFFSET);
    }

    /**
     * Creates {@code path} with a ring of {@link IpcDescriptor#DEFAULT_CAPACITY}, or continues it.
     */
    public static IpcPredictionWriter open(final Path path) throws IOException {
        return open(path, DEFAULT_CAPACITY);
    }

    /**
     * Creates {@code path} with a ring of {@code capacity} bytes (a power of two, at least 1024),
     * or continues it if it is an IPC file of that capacity.
     *
     * @throws IpcFormatException if the file exists and is not an IPC file, or has another capacity
     */
    public static IpcPredictionWriter open(final Path path, final int capacity) throws IOException {
        return new IpcPredictionWriter(IpcFile.openOrCreate(path, capacity));
    }

    /** Offers {@code p}; true if written, false if dropped (ring full or record too long). */
    public boolean offer(final PredictionRecord p) {
        return offer(
                p.streamId, p.seq, p.startNs, p.endNs, p.ingestNs, p.model, p.label, p.probability);
    }

    /**
     * Offers one prediction, stamped with {@link WallClock#epochNanos()} and {@link
     * System#nanoTime()} as its emission time just before it becomes visible to the reader. Null
     * strings are written empty.
     *
     * @return true if written, false if dropped and counted
     */
    public boolean offer(
            final CharSequence streamId,
            final long streamSeq,
            final long startNs,
            final long endNs,
            final long ingestNs,
            final CharSequence model,
            final CharSequence label,
            final double probability) {
        final long sequence = written + dropped;
        final int streamIdLength = IpcUtf8.length(streamId);
        final int modelLength = IpcUtf8.length(model);
        final int labelLength = IpcUtf8.length(label);
        final int length = RECORD_FIXED_LENGTH + streamIdLength + modelLength + labelLength;
        if (streamIdLength > MAX_STRING_LENGTH
                || modelLength > MAX_STRING_LENGTH
                || labelLength > MAX_STRING_LENGTH
                || length > ring.maxMsgLength()) {
            return drop();
        }
        final int index = ring.tryClaim(PREDICTION_TYPE_ID, length);
        if (index == RingBuffer.INSUFFICIENT_CAPACITY) {
            return drop();
        }
        final ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        buffer.putLong(index + SEQUENCE_OFFSET, sequence, le);
        buffer.putLong(index + STREAM_SEQ_OFFSET, streamSeq, le);
        buffer.putLong(index + START_NS_OFFSET, startNs, le);
        buffer.putLong(index + END_NS_OFFSET, endNs, le);
        buffer.putLong(index + INGEST_NS_OFFSET, ingestNs, le);
        buffer.putDouble(index + PROBABILITY_OFFSET, probability, le);
        buffer.putShort(index + STREAM_ID_LENGTH_OFFSET, (short) streamIdLength, le);
        buffer.putShort(index + MODEL_LENGTH_OFFSET, (short) modelLength, le);
        buffer.putShort(index + LABEL_LENGTH_OFFSET, (short) labelLength, le);
        buffer.putShort(index + LABEL_LENGTH_OFFSET + 2, (short) 0, le);
        int p = index + RECORD_FIXED_LENGTH;
        p += IpcUtf8.encode(streamId, buffer, p);
        p += IpcUtf8.encode(model, buffer, p);
        IpcUtf8.encode(label, buffer, p);
        buffer.putLong(index + EMIT_NS_OFFSET, WallClock.epochNanos(), le);
        buffer.putLong(index + EMIT_MONOTONIC_NS_OFFSET, System.nanoTime(), le);
        ring.commit(index);
        written++;
        header.putLongOrdered(WRITTEN_OFFSET, written);
        return true;
    }

    private boolean drop() {
        dropped++;
        header.putLongOrdered(DROPPED_OFFSET, dropped);
        return false;
    }

    /** Predictions written into this file, by this writer and the ones before it. */
    public long written() {
        return written;
    }

    /**
     * Predictions dropped (ring full or record too long), by this writer and the ones before it.
     */
    public long dropped() {
        return dropped;
    }

    /** Bytes written and not yet read: how far the reader is behind (0 when it keeps up). */
    public int backlogBytes() {
        return ring.size();
    }

    /** Ring capacity in bytes. */
    public int capacity() {
        return ring.capacity();
    }

    /** Largest record the ring takes, in bytes (fixed part and strings). */
    public int maxRecordLength() {
        return ring.maxMsgLength();
    }

    /** The file written to. */
    public Path path() {
        return file.path;
    }

    /** Unmaps the file and leaves it in place for the reader. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            file.close();
        }
    }
}
