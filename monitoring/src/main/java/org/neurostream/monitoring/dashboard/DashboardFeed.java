package org.neurostream.monitoring.dashboard;

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
 * Feeds a {@link DashboardState} from the job's output topics ({@link Topics#FEATURES}, {@link
 * Topics#PREDICTIONS}, {@link Topics#DEADLETTER}, {@link Topics#ALERTS}) with a Kafka consumer of
 * its own group on its own thread. The dashboard therefore reads what any other consumer reads,
 * whether the job runs embedded or on a cluster, and is never on the job's path: when it falls
 * behind, only its consumer lag grows.
 */
public final class DashboardFeed implements Runnable, AutoCloseable {
    /** The topics the dashboard shows. */
    public static final List<String> TOPICS =
            List.of(Topics.FEATURES, Topics.PREDICTIONS, Topics.DEADLETTER, Topics.ALERTS);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DashboardState state;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * A feed from the broker at {@code bootstrapServers}, not started.
     *
     * @param fromEarliest read the topics from their start (a fresh broker, as in the demo), else
     *     only what is written from now on
     */
    public DashboardFeed(
            final String bootstrapServers, final DashboardState state, final boolean fromEarliest) {
        this.state = state;
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("group.id", "neurostream-dashboard-" + System.nanoTime());
        p.setProperty("auto.offset.reset", fromEarliest ? "earliest" : "latest");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("fetch.max.wait.ms", "100");
        p.setProperty("client.id", "neurostream-dashboard");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(TOPICS);
        thread = new Thread(this, "dashboard-feed");
        thread.setDaemon(true);
    }

    /** Starts the consumer thread. */
    public DashboardFeed start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try {
            while (running) {
                final ConsumerRecords<byte[], byte[]> records =
                        consumer.poll(Duration.ofMillis(100));
                final long now = WallClock.epochNanos();
                for (final ConsumerRecord<byte[], byte[]> r : records) {
                    state.accept(r.topic(), r.value(), now);
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
