package org.neurostream.ingest.bridge;

import java.io.IOException;
import org.neurostream.core.records.MarkerRecord;

/**
 * Where markers go: a journal ({@code journal.JournalMarkerSink}), and later the Kafka topic of
 * markers. The marker counterpart of {@link FrameSink}.
 */
@FunctionalInterface
public interface MarkerSink {
    /**
     * Takes one marker.
     *
     * @param ingestTimeNs when it reached us (wall clock, ns since the epoch)
     * @throws IOException when it cannot be delivered
     */
    void accept(MarkerRecord marker, long ingestTimeNs) throws IOException;

    /** A sink that drops every marker (streams without markers). */
    MarkerSink NONE = (marker, ingestNs) -> {};
}
