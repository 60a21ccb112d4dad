package org.neurostream.sinks.ipc;

import static org.neurostream.sinks.ipc.IpcDescriptor.*;

import java.io.IOException;
import java.nio.file.Path;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * The reading end of a NeuroStream IPC file, for a stimulator or any process on the writer's host:
 * {@link #open} it, then call {@link #poll} in a loop (spinning for the lowest latency). One reader
 * per file: the ring is one-to-one, and reading consumes. Allocates nothing per message.
 *
 * <pre>{@code
 * IpcPredictionDecoder d = new IpcPredictionDecoder();
 * try (IpcPredictionReader r = IpcPredictionReader.open(Path.of("/dev/shm/predictions.ipc"))) {
 *     while (running) {
 *         r.poll((buffer, offset, length) -> {
 *             d.wrap(buffer, offset, length);
 *             if (d.probability() > 0.9) stimulate();
 *         });
 *     }
 * }
 * }</pre>
 *
 * <p>Latency from emission to here is {@code System.nanoTime() - decoder.emitMonotonicNs()}, exact
 * across processes on one Linux host (CLOCK_MONOTONIC); {@code emitNs()} is on the writer's {@code
 * WallClock}, for lining up with the ingest stamp.
 */
public final class IpcPredictionReader implements AutoCloseable {
    private final IpcFile file;
    private final OneToOneRingBuffer ring;
    private final MessageHandler dispatch = this::dispatch;
    private IpcPredictionHandler handler;
    private long unknownRecords;
    private boolean closed;

    private IpcPredictionReader(final IpcFile file) {
        this.file = file;
        this.ring = file.ring;
    }

    /**
     * Maps an existing IPC file.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file (yet)
     * @throws IpcFormatException if it is not a NeuroStream IPC file of this version
     */
    public static IpcPredictionReader open(final Path path) throws IOException {
        return new IpcPredictionReader(IpcFile.open(path));
    }

    /**
     * Hands waiting predictions to {@code handler}, in order; returns how many records. One call
     * stops where the ring's buffer wraps, so 0 does not mean empty: poll in a loop, or until
     * {@link #backlogBytes()} is 0.
     */
    public int poll(final IpcPredictionHandler handler) {
        return poll(handler, Integer.MAX_VALUE);
    }

    /**
     * Hands at most {@code limit} waiting predictions to {@code handler}; returns how many records.
     */
    public int poll(final IpcPredictionHandler handler, final int limit) {
        this.handler = handler;
        try {
            return ring.read(dispatch, limit);
        } finally {
            this.handler = null;
        }
    }

    /**
     * Consumes what was waiting when called, without handing it over, so that the next poll sees
     * only newer records; returns how many records it skipped.
     */
    public int discardBacklog() {
        final long until = ring.producerPosition();
        int skipped = 0;
        while (ring.consumerPosition() < until) {
            skipped += ring.read((typeId, buffer, index, length) -> {});
        }
        return skipped;
    }

    /** Bytes written and not yet read. */
    public int backlogBytes() {
        return ring.size();
    }

    private void dispatch(
            final int typeId, final MutableDirectBuffer buffer, final int index, final int length) {
        if (typeId == PREDICTION_TYPE_ID) {
            handler.onPrediction(buffer, index, length);
        } else {
            unknownRecords++;
        }
    }

    /** Predictions the writer(s) of this file have written so far (from the file header). */
    public long written() {
        return file.header.getLongVolatile(WRITTEN_OFFSET);
    }

    /** Predictions the writer(s) dropped because the ring was full (from the file header). */
    public long dropped() {
        return file.header.getLongVolatile(DROPPED_OFFSET);
    }

    /** Records of a type this reader does not know, skipped. */
    public long unknownRecords() {
        return unknownRecords;
    }

    /** Ring capacity in bytes. */
    public int capacity() {
        return file.capacity();
    }

    /** Unmaps the file; leaves it in place. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            file.close();
        }
    }
}
