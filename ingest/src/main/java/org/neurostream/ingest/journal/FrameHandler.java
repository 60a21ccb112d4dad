package org.neurostream.ingest.journal;

import org.agrona.DirectBuffer;

/**
 * Receives the frames of a journal in place: the buffer is only valid during the call (it points
 * into the journal's mapped file), so copy what must outlive it.
 */
@FunctionalInterface
public interface FrameHandler {
    /**
     * @param buffer holds the frame bytes exactly as they were appended
     * @param offset where the frame starts in {@code buffer}
     * @param length the frame length in bytes
     * @param arrivalNs the wall-clock time the frame reached the recorder (ns since the epoch)
     */
    void onFrame(DirectBuffer buffer, int offset, int length, long arrivalNs);
}
