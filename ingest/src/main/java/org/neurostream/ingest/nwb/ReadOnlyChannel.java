package org.neurostream.ingest.nwb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The file channel jhdf reads an NWB file through: reads only, and no memory mapping, so that jhdf
 * falls back to positional reads into heap buffers. Mapping would make one mapping per chunk
 * (thousands per gigabyte, unmapped only at garbage collection), and a region past the end of a
 * truncated file can be mapped but not read (the JVM fails with an internal error); a read past the
 * end fails with an {@link IOException} that the reader turns into a truncation error.
 */
final class ReadOnlyChannel extends FileChannel {
    private final FileChannel delegate;

    ReadOnlyChannel(final FileChannel delegate) {
        this.delegate = delegate;
    }

    @Override
    public int read(final ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(final ByteBuffer[] dsts, final int offset, final int length)
            throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(final ByteBuffer dst, final long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(final long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public long transferTo(final long position, final long count, final WritableByteChannel target)
            throws IOException {
        return delegate.transferTo(position, count, target);
    }

    /** Always refuses: jhdf then reads the region instead. */
    @Override
    public MappedByteBuffer map(final MapMode mode, final long position, final long size) {
        throw new UnsupportedOperationException("NWB files are read, not mapped");
    }

    @Override
    public int write(final ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(final ByteBuffer[] srcs, final int offset, final int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(final ByteBuffer src, final long position) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(final long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public long transferFrom(final ReadableByteChannel src, final long position, final long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(final boolean metaData) {
        // nothing written, nothing to force
    }

    @Override
    public FileLock lock(final long position, final long size, final boolean shared)
            throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(final long position, final long size, final boolean shared)
            throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
