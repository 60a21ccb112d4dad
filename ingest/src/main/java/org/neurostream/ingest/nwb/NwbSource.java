package org.neurostream.ingest.nwb;

import io.jhdf.HdfFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * What every reader of one open NWB file shares: the file, jhdf's view of it, the channel for
 * direct reads of contiguous data, and whether the file is shorter than its superblock declares.
 * Makes the one-line errors.
 */
final class NwbSource {
    final Path file;
    final HdfFile hdf;
    final FileChannel channel;
    final long length;
    final long declaredLength;

    NwbSource(
            final Path file,
            final HdfFile hdf,
            final FileChannel channel,
            final long length,
            final long declaredLength) {
        this.file = file;
        this.hdf = hdf;
        this.channel = channel;
        this.length = length;
        this.declaredLength = declaredLength;
    }

    /** True when the file ends before the end its superblock declares. */
    boolean truncated() {
        return length < declaredLength;
    }

    NwbFormatException error(final String path, final String reason) {
        return new NwbFormatException(file, path, reason);
    }

    /** The error for data of {@code path} that could not be read from row {@code row} on. */
    NwbFormatException unreadable(
            final String path, final long row, final String what, final Exception cause) {
        if (truncated()) {
            return new NwbTruncatedException(
                    file,
                    path,
                    row,
                    "truncated: "
                            + what
                            + " lies past the end of the file ("
                            + length
                            + " bytes; the superblock declares "
                            + declaredLength
                            + ")");
        }
        final NwbFormatException e = error(path, what + " cannot be read: " + message(cause));
        e.initCause(cause);
        return e;
    }

    /** The innermost useful message of a library exception, on one line. */
    static String message(final Throwable e) {
        Throwable t = e;
        String text = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                text = t.getMessage();
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return text == null ? e.getClass().getSimpleName() : text.replaceAll("\\s+", " ").strip();
    }
}
