package org.neurostream.monitoring.outputs;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.neurostream.core.Topics;
import org.neurostream.core.time.WallClock;

/**
 * Reads the job's output topics ({@link #TOPICS}) with a Kafka consumer of its own group on a
 * thread of its own, and hands every record to a {@link Handler}: the one way the dashboard, the
 * demo's output monitor and any other watcher of the outputs consume them. It reads with {@code
 * isolation.level=read_committed}, as every consumer of an exactly-once job must (records of a
 * transaction not yet committed, or aborted, stay hidden); against an at-least-once job that
 * changes nothing. A watcher is never on the job's path: when it falls behind, only its consumer
 * lag grows. Idle polls end after at most 100 ms ({@code fetch.max.wait.ms}); a fetch returns as
 * soon as data is there.
 */
public final class OutputConsumer implements Runnable, AutoCloseable {
    /** The output topics: features, predictions, dead letters and alerts. */
    public static final List<String> TOPICS =
            List.of(Topics.FEATURES, Topics.PREDICTIONS, Topics.DEADLETTER, Topics.ALERTS);

    /** Takes one output record, on the consumer's thread. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param topic the record's topic, one of {@link #TOPICS}
         * @param value the record's JSON bytes
         * @param polledAtNs wall-clock ns (Unix epoch) when the poll that brought it returned
         */
        void onRecord(String topic, byte[] value, long polledAtNs);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean running = true;

    private OutputConsumer(
            final String bootstrapServers,
            final String name,
            final boolean fromEarliest,
            final Handler handler) {
        this.handler = handler;
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("group.id", "neurostream-" + name + "-" + System.nanoTime());
        p.setProperty("client.id", "neurostream-" + name);
        p.setProperty("auto.offset.reset", fromEarliest ? "earliest" : "latest");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("fetch.max.wait.ms", "100");
        p.setProperty("isolation.level", "read_committed");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(TOPICS);
        thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    /**
     * Starts a consumer of the outputs at {@code bootstrapServers} on a daemon thread named {@code
     * name} (also its client id and group prefix, after {@code neurostream-}).
     *
     * @param fromEarliest read the topics from their start (a fresh broker, as in the demo), else
     *     only what is written from now on
     */
    public static OutputConsumer start(
            final String bootstrapServers,
            final String name,
            final boolean fromEarliest,
            final Handler handler) {
        final OutputConsumer c = new OutputConsumer(bootstrapServers, name, fromEarliest, handler);
        c.thread.start();
        return c;
    }

    @Override
    public void run() {
        try {
            while (running) {
                final ConsumerRecords<byte[], byte[]> records =
                        consumer.poll(Duration.ofMillis(100));
                final long now = WallClock.epochNanos();
                for (final ConsumerRecord<byte[], byte[]> r : records) {
                    handler.onRecord(r.topic(), r.value(), now);
                }
            }
        } catch (final WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Stops the consumer and waits (up to 5 s) for its thread to end. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
