package org.neurostream.ingest.journal;

import org.neurostream.core.records.MarkerRecord;

/** Receives the markers of a journal, in the order they were appended among the frames. */
@FunctionalInterface
public interface MarkerHandler {
    /**
     * @param marker the marker as appended
     * @param arrivalNs the wall-clock time it reached the recorder (ns since the epoch)
     */
    void onMarker(MarkerRecord marker, long arrivalNs);
}
