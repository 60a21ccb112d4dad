package org.neurostream.ingest.journal;

import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.bridge.MarkerSink;

/** Appends markers to a journal, with their ingest stamp as arrival time. */
public final class JournalMarkerSink implements MarkerSink {
    private final JournalWriter writer;

    public JournalMarkerSink(final JournalWriter writer) {
        this.writer = writer;
    }

    @Override
    public void accept(final MarkerRecord marker, final long ingestTimeNs) {
        writer.appendMarker(marker, ingestTimeNs);
    }
}
