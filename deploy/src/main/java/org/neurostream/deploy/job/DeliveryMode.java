package org.neurostream.deploy.job;

/**
 * How the job's Kafka sinks deliver records, and what a consumer of its outputs must do (README,
 * "Kafka output modes").
 */
public enum DeliveryMode {
    /**
     * Each record leaves as soon as the job emits it ({@code linger.ms=0}), the low-latency mode.
     * After a recovery the job writes again what it wrote since its last checkpoint; predictions
     * carry per-stream sequence numbers ({@code seq}) from checkpointed state, so a consumer drops
     * a prediction whose seq is at or below the last it kept for the stream.
     */
    AT_LEAST_ONCE,

    /**
     * Every Kafka sink writes in Kafka transactions committed when a checkpoint completes, for
     * archives. A consumer reading with {@code isolation.level=read_committed} sees every record
     * exactly once, but only after the commit: the latency is bounded below by the checkpoint
     * interval.
     */
    EXACTLY_ONCE;

    /** The mode named on a command line: {@code at-least-once} or {@code exactly-once}. */
    public static DeliveryMode parse(final String name) {
        for (final DeliveryMode m : values()) {
            if (m.toString().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("at-least-once or exactly-once, not '" + name + "'");
    }

    /**
     * The option text, {@code at-least-once} or {@code exactly-once}: how a command line and a
     * Flink configuration ({@link JobOptions#DELIVERY}) name the mode.
     */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
