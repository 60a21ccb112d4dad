package org.neurostream.sinks.ipc;

import static org.neurostream.sinks.ipc.IpcDescriptor.*;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.agrona.BitUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/** A mapped IPC file: its header and its ring. Creation, validation and unmapping in one place. */
final class IpcFile implements AutoCloseable {
    final Path path;
    final MappedByteBuffer mapped;
    final UnsafeBuffer header;
    final OneToOneRingBuffer ring;

    private IpcFile(final Path path, final MappedByteBuffer mapped, final int capacity) {
        this.path = path;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        this.ring =
                new OneToOneRingBuffer(
                        new UnsafeBuffer(
                                mapped,
                                HEADER_LENGTH,
                                capacity + RingBufferDescriptor.TRAILER_LENGTH));
    }

    /**
     * Maps {@code path} if it is an IPC file with a ring of {@code capacity} bytes, or creates one
     * (fully initialised under a temporary name, then renamed, so a reader never sees half a
     * header).
     */
    static IpcFile openOrCreate(final Path path, final int capacity) throws IOException {
        checkCapacity(capacity);
        if (Files.exists(path)) {
            final IpcFile existing = open(path);
            final int found = existing.capacity();
            if (found != capacity) {
                existing.close();
                throw new IpcFormatException(
                        path
                                + ": existing IPC file has a ring of "
                                + found
                                + " bytes, not the "
                                + capacity
                                + " asked for; remove it or ask for "
                                + found);
            }
            return existing;
        }
        final Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        final Path tmp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp");
        Files.delete(tmp);
        final MappedByteBuffer mapped = IoUtil.mapNewFile(tmp.toFile(), fileLength(capacity), true);
        final UnsafeBuffer h = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        h.putShort(VERSION_OFFSET, VERSION, ByteOrder.LITTLE_ENDIAN);
        h.putShort(HEADER_LENGTH_OFFSET, (short) HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        h.putInt(CAPACITY_OFFSET, capacity, ByteOrder.LITTLE_ENDIAN);
        h.putInt(RECORD_TYPE_OFFSET, PREDICTION_TYPE_ID, ByteOrder.LITTLE_ENDIAN);
        h.putLong(PID_OFFSET, ProcessHandle.current().pid(), ByteOrder.LITTLE_ENDIAN);
        h.putLong(
                CREATED_OFFSET,
                org.neurostream.core.time.WallClock.epochNanos(),
                ByteOrder.LITTLE_ENDIAN);
        h.putInt(MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            IoUtil.unmap(mapped);
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new IpcFile(path, mapped, capacity);
    }

    /**
     * Maps an existing IPC file; {@link IpcFormatException} naming the problem if it is not one.
     */
    static IpcFile open(final Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such IPC file");
        }
        final long size = Files.size(path);
        if (size < HEADER_LENGTH) {
            throw new IpcFormatException(
                    path
                            + " is not a NeuroStream IPC file: "
                            + size
                            + " bytes, shorter than the "
                            + HEADER_LENGTH
                            + "-byte header");
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(path.toFile(), "IPC file");
        try {
            final UnsafeBuffer h = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
            final int magic = h.getInt(MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (magic != MAGIC) {
                throw new IpcFormatException(
                        path
                                + " is not a NeuroStream IPC file: magic 0x"
                                + Integer.toHexString(magic)
                                + " where 'NSIP' was expected");
            }
            final short version = h.getShort(VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (version != VERSION) {
                throw new IpcFormatException(
                        path
                                + ": NeuroStream IPC file version "
                                + version
                                + "; this build reads version "
                                + VERSION);
            }
            final int headerLength = h.getShort(HEADER_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final int capacity = h.getInt(CAPACITY_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final int recordType = h.getInt(RECORD_TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (headerLength != HEADER_LENGTH
                    || recordType != PREDICTION_TYPE_ID
                    || !BitUtil.isPowerOfTwo(capacity)
                    || size != fileLength(capacity)) {
                throw new IpcFormatException(
                        path
                                + ": damaged NeuroStream IPC header (header length "
                                + headerLength
                                + ", record type "
                                + recordType
                                + ", ring capacity "
                                + capacity
                                + ", file length "
                                + size
                                + ")");
            }
            return new IpcFile(path, mapped, capacity);
        } catch (final IOException | RuntimeException e) {
            IoUtil.unmap(mapped);
            throw e;
        }
    }

    int capacity() {
        return header.getInt(CAPACITY_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() {
        IoUtil.unmap(mapped);
    }
}
