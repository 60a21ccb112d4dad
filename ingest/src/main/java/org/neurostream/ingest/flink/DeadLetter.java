package org.neurostream.ingest.flink;

/** A record the job refused, with why and where it came from. A Flink POJO. */
public class DeadLetter {
    /** "topic/partition@offset" of the refused record. */
    public String origin;

    /** The record's key as UTF-8 (lossy for binary keys), or null. */
    public String key;

    /** One line saying what is wrong. */
    public String reason;

    /** The refused bytes, unchanged. */
    public byte[] payload;

    public DeadLetter() {}

    public DeadLetter(
            final String origin, final String key, final String reason, final byte[] payload) {
        this.origin = origin;
        this.key = key;
        this.reason = reason;
        this.payload = payload;
    }
}
