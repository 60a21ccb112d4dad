package org.neurostream.monitoring.outputs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.neurostream.core.Topics;
import org.neurostream.core.kafka.KafkaClients;
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

    /**
     * Every output consumer's group id starts with this (then its name and a unique number): the
     * one group prefix a principal that watches the outputs needs READ on.
     */
    public static final String GROUP_PREFIX = "neurostream-outputs-";

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

    private final KafkaClients kafka;
    private final String bootstrapServers;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    private OutputConsumer(
            final KafkaClients kafka,
            final String bootstrapServers,
            final String name,
            final boolean fromEarliest,
            final Handler handler) {
        this.kafka = kafka;
        this.bootstrapServers = bootstrapServers;
        this.handler = handler;
        consumer =
                kafka.consumer(
                        bootstrapServers,
                        Map.of(
                                "group.id",
                                GROUP_PREFIX + name + "-" + System.nanoTime(),
                                "client.id",
                                "neurostream-" + name,
                                "auto.offset.reset",
                                fromEarliest ? "earliest" : "latest",
                                "enable.auto.commit",
                                "false",
                                "fetch.max.wait.ms",
                                "100",
                                "isolation.level",
                                "read_committed"));
        consumer.subscribe(TOPICS);
        thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    /**
     * Starts a consumer of the outputs at {@code bootstrapServers}, made by {@code kafka}, on a
     * daemon thread named {@code name} (also in its client id and group id).
     *
     * @param fromEarliest read the topics from their start (a fresh broker, as in the demo), else
     *     only what is written from now on
     */
    public static OutputConsumer start(
            final KafkaClients kafka,
            final String bootstrapServers,
            final String name,
            final boolean fromEarliest,
            final Handler handler) {
        final OutputConsumer c =
                new OutputConsumer(kafka, bootstrapServers, name, fromEarliest, handler);
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
        } catch (final RuntimeException e) {
            // a refusal (credentials, ACLs) or a fault of the client: it ends the feed, and says so
            final Exception refused = kafka.refusal(bootstrapServers, e);
            failure = refused != null ? refused : e;
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /**
     * Why the consumer stopped before {@link #close()}: the broker's refusal (a {@link
     * org.neurostream.core.kafka.KafkaAccessException}, one line) or another fault; null while it
     * runs.
     */
    public Exception failure() {
        return failure;
    }

    /** Stops the consumer and waits (up to 5 s) for its thread to end. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
