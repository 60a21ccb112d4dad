package org.neurostream.ingest.journal;

/**
 * Layout of a journal, versions 1 and 2. A journal is a folder holding {@value #METADATA_FILE} (a
 * {@link SessionMetadata}) and a Chronicle Queue. Each queue document is raw bytes, little-endian:
 *
 * <pre>
 *   0: int64  arrival wall-clock time, ns since the Unix epoch
 *   8: the frame, byte for byte as core.frame encodes it (its own length field included)
 *   then, for frames that came from Kafka, their origin:
 *      int32 partition, int64 offset, int16 topic length, topic (UTF-8)
 * </pre>
 *
 * Version 2 adds marker documents: the arrival time, then a marker as {@link MarkerDescriptor} lays
 * it out (magic 'N','S','M','K' where a frame has 'N','S','F','R'). A journal is written as version
 * 1 until its first marker, so journals without markers stay readable by readers of version 1;
 * readers of version 2 read both.
 *
 * <p>The origin lets a Kafka recorder resume after a crash exactly after the last offset it
 * journaled (each document is appended atomically, origin included).
 *
 * <p>The recorder's last document is an end marker: the arrival time of the close and no frame (8
 * bytes). A journal without it was not closed: still being recorded, or its recorder died.
 */
public final class JournalFormat {
    /** The metadata file in the journal folder. */
    public static final String METADATA_FILE = "journal.json";

    /** Value of {@link SessionMetadata#format}. */
    public static final String FORMAT_NAME = "neurostream-journal";

    /** The newest version this code writes (with markers); it reads this version and older ones. */
    public static final int VERSION = 2;

    /** The version of journals without markers. */
    public static final int VERSION_WITHOUT_MARKERS = 1;

    /** Bytes before the frame in a document. */
    public static final int ARRIVAL_LENGTH = Long.BYTES;

    /** Bytes of an origin before its topic name. */
    public static final int ORIGIN_HEADER_LENGTH = Integer.BYTES + Long.BYTES + Short.BYTES;

    private JournalFormat() {}
}
