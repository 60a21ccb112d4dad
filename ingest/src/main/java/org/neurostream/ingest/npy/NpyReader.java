package org.neurostream.ingest.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads NumPy {@code .npy} files (format 1.0, 2.0 and 3.0, as {@code numpy.save} writes them): any
 * shape, the dtypes of {@link NpyDtype} in either byte order, C or Fortran order.
 *
 * <p>Refused with an {@link NpyFormatException} that names the file and the reason: a missing magic
 * string, an unknown format version, a header that is not a dict literal, an unsupported dtype (the
 * message names it, e.g. {@code unsupported dtype '<c16' (complex128)}), a structured dtype, fewer
 * data bytes than the shape needs, or more than 2 GiB of data (the array is held in one Java
 * buffer). Bytes after the data are ignored, as NumPy does.
 */
public final class NpyReader {
    /**
     * Longest header accepted, bytes (NumPy itself refuses headers above 10 000 bytes by default).
     */
    static final long MAX_HEADER_LENGTH = 1 << 20;

    private NpyReader() {}

    /**
     * Reads only the header of a file.
     *
     * @throws NpyFormatException when the file is not a supported {@code .npy} file
     * @throws IOException when the file cannot be read
     */
    public static NpyHeader readHeader(final Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(file, channel);
        }
    }

    /**
     * Reads a whole file into memory.
     *
     * @throws NpyFormatException when the file is not a supported {@code .npy} file or is too short
     *     for its shape
     * @throws IOException when the file cannot be read
     */
    public static NpyArray read(final Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final NpyHeader header = header(file, channel);
            final long needed = header.dataLength();
            if (needed > Integer.MAX_VALUE - 8) {
                throw new NpyFormatException(
                        file,
                        "shape "
                                + header.shapeText()
                                + " "
                                + header.dtype().numpyName()
                                + " needs "
                                + needed
                                + " bytes of data, more than this reader holds in memory (2 GiB)");
            }
            final long held = channel.size() - header.dataOffset();
            if (held < needed) {
                throw new NpyFormatException(
                        file,
                        "truncated: shape "
                                + header.shapeText()
                                + " "
                                + header.dtype().numpyName()
                                + " needs "
                                + needed
                                + " bytes of data, the file holds "
                                + Math.max(held, 0));
            }
            final ByteBuffer data = ByteBuffer.allocate((int) needed);
            long position = header.dataOffset();
            while (data.hasRemaining()) {
                final int n = channel.read(data, position);
                if (n < 0) {
                    throw new NpyFormatException(
                            file, "truncated while reading at byte " + position);
                }
                position += n;
            }
            data.clear();
            return new NpyArray(header, data);
        }
    }

    private static NpyHeader header(final Path file, final FileChannel channel) throws IOException {
        byte[] head = new byte[4096];
        int available = 0;
        while (true) {
            final ByteBuffer buffer = ByteBuffer.wrap(head, available, head.length - available);
            final int n = channel.read(buffer, available);
            if (n > 0) {
                available += n;
            }
            final NpyHeader header = NpyHeader.parse(file, head, available);
            if (header != null) {
                return header;
            }
            if (n < 0 || (n == 0 && available < head.length)) {
                throw new NpyFormatException(
                        file, "truncated in the header (" + available + " bytes)");
            }
            if (available == head.length) {
                if (head.length > MAX_HEADER_LENGTH + 16) {
                    throw new NpyFormatException(file, "header too long");
                }
                head = Arrays.copyOf(head, head.length * 2);
            }
        }
    }
}
