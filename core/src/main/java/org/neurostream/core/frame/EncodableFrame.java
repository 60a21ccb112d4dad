package org.neurostream.core.frame;

import org.agrona.MutableDirectBuffer;

/**
 * A frame not yet encoded: a sink that has storage of its own (a journal's memory-mapped file)
 * encodes it there, so that no byte array is made and copied per frame.
 */
public interface EncodableFrame {
    /** The bytes the encoded frame takes. */
    int length();

    /**
     * Writes the whole frame, ingest stamp included, at {@code buffer[offset, offset + length())}.
     * Called once per frame.
     */
    void encodeTo(MutableDirectBuffer buffer, int offset);
}
