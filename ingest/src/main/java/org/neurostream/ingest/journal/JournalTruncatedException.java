package org.neurostream.ingest.journal;

/**
 * The journal ends before the point its recorder declared: the frames before the cut were all
 * delivered, and {@link #framesRead()} says how many.
 */
public final class JournalTruncatedException extends JournalFormatException {
    private static final long serialVersionUID = 1L;

    private final long framesRead;

    public JournalTruncatedException(final String message, final long framesRead) {
        super(message);
        this.framesRead = framesRead;
    }

    /** Frames delivered before the cut. */
    public long framesRead() {
        return framesRead;
    }
}
