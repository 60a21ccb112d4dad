package org.neurostream.ingest.journal;

/**
 * Layout of a journal, version 1. A journal is a folder holding {@value #METADATA_FILE} (a
 * {@link SessionMetadata}) and a Chronicle Queue. Each queue document is raw bytes, little-endian:
 *
 * <pre>
 *   0: int64  arrival wall-clock time, ns since the Unix epoch
 *   8: the frame, byte for byte as ingest.frame encodes it (its own length field included)
 * </pre>
 *
 * The recorder's last document is an end marker: the arrival time of the close and no frame (8
 * bytes). A journal without it was not closed: still being recorded, or its recorder died.
 */
public final class JournalFormat {
    /** The metadata file in the journal folder. */
    public static final String METADATA_FILE = "journal.json";
    /** Value of {@link SessionMetadata#format}. */
    public static final String FORMAT_NAME = "neurostream-journal";
    /** The version this code writes; it reads this version and older ones. */
    public static final int VERSION = 1;
    /** Bytes before the frame in a document. */
    public static final int ARRIVAL_LENGTH = Long.BYTES;

    private JournalFormat() {}
}
