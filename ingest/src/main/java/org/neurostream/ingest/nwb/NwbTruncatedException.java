package org.neurostream.ingest.nwb;

import java.nio.file.Path;

/**
 * A file that ends before its HDF5 superblock says it does, met while reading data: what lies
 * before the missing part was delivered, nothing after it. Callers that have already used part of
 * the data report partial input (exit 3); the message names the dataset and the first row that
 * could not be read.
 */
public final class NwbTruncatedException extends NwbFormatException {
    private static final long serialVersionUID = 1L;

    private final long rowsRead;

    /**
     * @param file the file being read
     * @param hdf5Path the dataset whose data is cut off
     * @param rowsRead the rows (along the first dimension) that were readable before the cut
     * @param reason what is missing, one line
     */
    public NwbTruncatedException(
            final Path file, final String hdf5Path, final long rowsRead, final String reason) {
        super(file, hdf5Path, reason);
        this.rowsRead = rowsRead;
    }

    /** Returns the rows along the dataset's first dimension that were readable before the cut. */
    public long rowsRead() {
        return rowsRead;
    }
}
