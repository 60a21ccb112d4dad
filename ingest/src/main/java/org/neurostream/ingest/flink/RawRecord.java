package org.neurostream.ingest.flink;

/**
 * A record as it arrived on a raw topic, not yet validated: its key, its value and where it came
 * from, so that a dead letter can name its origin. A Flink POJO.
 */
public class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    public byte[] key;
    public byte[] value;

    public RawRecord() {}

    public RawRecord(
            final String topic,
            final int partition,
            final long offset,
            final byte[] key,
            final byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
    }

    /** "topic/partition@offset", for messages. */
    public String origin() {
        return topic + "/" + partition + "@" + offset;
    }
}
