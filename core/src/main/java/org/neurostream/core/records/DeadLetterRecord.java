package org.neurostream.core.records;

/** A record the job refused, with why and where it came from. A Flink POJO. */
public class DeadLetterRecord {
    /** JSON names of the fields that readers of {@code neuro.deadletter} look up. */
    public static final String JSON_REASON = "reason";

    public static final String JSON_PAYLOAD = "payload";

    /**
     * The header of the dead letters' {@code replay --out} CSV file (the payload is not written).
     */
    public static final String CSV_HEADER = "origin,key,reason";

    /** "topic/partition@offset" of the refused record. */
    public String origin;

    /** The record's key as UTF-8 (lossy for binary keys), or null. */
    public String key;

    /** One line saying what is wrong. */
    public String reason;

    /** The refused bytes, unchanged. */
    public byte[] payload;

    /** An empty record, for Flink and Jackson to fill. */
    public DeadLetterRecord() {}

    /** A dead letter: where the bytes came from, their key, why they were refused, the bytes. */
    public DeadLetterRecord(
            final String origin, final String key, final String reason, final byte[] payload) {
        this.origin = origin;
        this.key = key;
        this.reason = reason;
        this.payload = payload;
    }

    /**
     * The offset in {@link #origin} ({@code topic/partition@offset}), 0 when it has none: the order
     * of dead letters in their {@code replay --out} file.
     */
    public long originOffset() {
        final int at = origin.lastIndexOf('@');
        try {
            return at < 0 ? 0 : Long.parseLong(origin.substring(at + 1));
        } catch (final NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The dead letter's row in its {@code replay --out} CSV file, in the order of {@link
     * #CSV_HEADER}.
     */
    public String csvRow() {
        return Csv.field(origin) + ',' + Csv.field(key) + ',' + Csv.field(reason);
    }
}
