package org.neurostream.ingest.journal;

import java.io.IOException;
import org.neurostream.core.frame.EncodableFrame;
import org.neurostream.ingest.bridge.FrameSink;

/** Appends the bridge's frames to a journal, with their ingest stamp as arrival time. */
public final class JournalFrameSink implements FrameSink {
    private final JournalWriter writer;

    public JournalFrameSink(final JournalWriter writer) {
        this.writer = writer;
    }

    @Override
    public void accept(final byte[] streamIdUtf8, final byte[] frame, final long ingestTimeNs) {
        writer.append(frame, 0, frame.length, ingestTimeNs);
    }

    /** Encodes the frame for the journal's file without an array per frame. */
    @Override
    public void accept(
            final byte[] streamIdUtf8, final EncodableFrame frame, final long ingestTimeNs)
            throws IOException {
        writer.append(frame, ingestTimeNs);
    }
}
