package org.neurostream.ingest.dvs;

/** A stateful decoder of fixed-size words or records, fed chunks of a file in order. */
interface ChunkDecoder {
    /** Bytes per word or record. */
    int wordBytes();

    /**
     * Decodes whole words of {@code src[from, to)} into {@code out}; stops when {@code out} has no
     * room for what the next word may emit, at the last whole word, or at a bad word (then {@link
     * #error()} is set and the returned position is that word's).
     *
     * @return the position of the first byte not consumed
     */
    int decode(byte[] src, int from, int to, EventBatch out);

    /** Why decoding stopped at a bad word, or null. */
    String error();
}
