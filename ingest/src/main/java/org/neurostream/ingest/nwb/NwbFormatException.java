package org.neurostream.ingest.nwb;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An NWB file that cannot be used: not HDF5, HDF5 but not NWB, an NWB version this reader does not
 * read, a missing required dataset, an object reference to nowhere, a damaged object. The message
 * is one line, {@code "<file>: <HDF5 path>: <reason>"}, the path {@code /} where the problem
 * belongs to the whole file.
 */
public class NwbFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String hdf5Path;
    private final String reason;

    /**
     * @param file the file being read
     * @param hdf5Path the absolute HDF5 path of the object at fault, {@code /} for the whole file
     * @param reason what is wrong, one line
     */
    public NwbFormatException(final Path file, final String hdf5Path, final String reason) {
        super(file + ": " + hdf5Path + ": " + reason);
        this.file = file;
        this.hdf5Path = hdf5Path;
        this.reason = reason;
    }

    /** Returns the file being read. */
    public Path file() {
        return file;
    }

    /** Returns the absolute HDF5 path of the object at fault, {@code /} for the whole file. */
    public String hdf5Path() {
        return hdf5Path;
    }

    /** Returns what is wrong, without the file and path. */
    public String reason() {
        return reason;
    }
}
