package org.neurostream.ingest.dvs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads a file of fixed-size words or records after a header, a chunk at a time into one reused
 * buffer, and hands the chunks to a {@link ChunkDecoder}. A partial word at the end of the file is
 * a truncation fault at its offset.
 */
final class ChunkedFileReader extends EventFileReader {
    private static final int CHUNK_BYTES = 1 << 20;

    private final FileChannel channel;
    private final ChunkDecoder decoder;
    private final int wordBytes;
    private final byte[] buffer = new byte[CHUNK_BYTES];
    private final ByteBuffer view = ByteBuffer.wrap(buffer);

    /** File offset of buffer[0]. */
    private long bufferStart;

    private int position;
    private int limit;
    private boolean endOfFile;

    ChunkedFileReader(
            final Path file,
            final EventFormat format,
            final int width,
            final int height,
            final TimeOrder order,
            final FileChannel channel,
            final long dataStart,
            final ChunkDecoder decoder) {
        super(file, format, width, height, order);
        this.channel = channel;
        this.decoder = decoder;
        this.wordBytes = decoder.wordBytes();
        this.bufferStart = dataStart;
    }

    @Override
    void decode(final EventBatch out) throws IOException {
        while (true) {
            if (limit - position < wordBytes) {
                if (endOfFile) {
                    if (limit > position) {
                        fail(
                                bufferStart + position,
                                "truncated: the last "
                                        + (limit - position)
                                        + " byte(s) do not form a whole "
                                        + wordBytes
                                        + "-byte word");
                    } else {
                        end();
                    }
                    return;
                }
                refill();
                continue;
            }
            final int next = decoder.decode(buffer, position, limit, out);
            position = next;
            if (decoder.error() != null) {
                fail(bufferStart + next, decoder.error());
                return;
            }
            if (limit - next >= wordBytes) {
                return; // the batch is full
            }
        }
    }

    /** Moves the unconsumed tail to the front and reads more after it. */
    private void refill() throws IOException {
        final int left = limit - position;
        System.arraycopy(buffer, position, buffer, 0, left);
        bufferStart += position;
        position = 0;
        view.clear().position(left);
        final int n = readFully(channel, view, bufferStart + left);
        limit = left + n;
        endOfFile = view.hasRemaining();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
