package org.neurostream.ingest.dvs;

/**
 * Bytes inside a container (an LZ4 frame, a FlatBuffer) that do not parse; the reader turns it into
 * an {@link EventFormatException} at the offset of the enclosing packet.
 */
final class MalformedDataException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedDataException(final String reason) {
        super(reason, null, false, false);
    }
}
