package org.neurostream.deploy.latency;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.time.WallClock;

/**
 * The floor under the pipeline's latency: one Kafka hop, produce to consume, on the same broker
 * with the same producer settings ({@code linger.ms=0}) and the same consumer settings, in the same
 * run. The job's end-to-end latency crosses two such hops plus Flink. Sends one small record every
 * {@code intervalMs} on its own topic and times each the way the demo times a prediction (one
 * {@link LatencySamples} sample per record, from its stamp at send to the consumer holding it, with
 * no correction for coordinated omission on either), so that their percentiles compare. Records
 * sent before {@code recordFromEpochNs} are not timed (start-up).
 */
public final class KafkaFloorProbe implements AutoCloseable {
    /** The probe's own topic; create it before {@link #start()}. */
    public static final String TOPIC = "neuro.probe";

    /** The probe consumer's group id starts with this: the group its principal reads in. */
    public static final String GROUP_PREFIX = "neurostream-probe-";

    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final LatencySamples latency = new LatencySamples();
    private final long intervalMs;
    private final long recordFromEpochNs;
    private final Thread sender;
    private final Thread receiver;
    private volatile boolean running = true;

    /**
     * @param kafka makes the probe's producer and consumer
     * @param recordFromEpochNs wall-clock ns from which records are timed (0: all)
     */
    public KafkaFloorProbe(
            final KafkaClients kafka,
            final String bootstrapServers,
            final long intervalMs,
            final long recordFromEpochNs) {
        this.intervalMs = intervalMs;
        this.recordFromEpochNs = recordFromEpochNs;
        producer = kafka.producer(bootstrapServers, Map.of("linger.ms", "0"));
        consumer =
                kafka.consumer(
                        bootstrapServers,
                        Map.of(
                                "group.id", GROUP_PREFIX + System.nanoTime(),
                                "auto.offset.reset", "latest",
                                "enable.auto.commit", "false",
                                "fetch.max.wait.ms", "100"));
        sender = new Thread(this::send, "kafka-floor-sender");
        receiver = new Thread(this::receive, "kafka-floor-receiver");
        sender.setDaemon(true);
        receiver.setDaemon(true);
    }

    /** Starts measuring once the consumer has its partitions, so no early record is missed. */
    public KafkaFloorProbe start() {
        consumer.subscribe(List.of(TOPIC));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(50));
        }
        receiver.start();
        sender.start();
        return this;
    }

    private void send() {
        long next = System.nanoTime();
        while (running) {
            final byte[] value =
                    ByteBuffer.allocate(Long.BYTES).putLong(WallClock.epochNanos()).array();
            producer.send(new ProducerRecord<>(TOPIC, value));
            next += intervalMs * 1_000_000L;
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    private void receive() {
        try {
            while (running) {
                for (final ConsumerRecord<byte[], byte[]> r :
                        consumer.poll(Duration.ofMillis(100))) {
                    final long now = WallClock.epochNanos();
                    final long sent = ByteBuffer.wrap(r.value()).getLong();
                    if (sent >= recordFromEpochNs) {
                        latency.record(sent, now);
                    }
                }
            }
        } catch (final WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Produce-to-consume percentiles so far. */
    public LatencySnapshot latency() {
        return latency.snapshot();
    }

    /** The timed records' latencies, one sample each. */
    public LatencySamples latencySamples() {
        return latency;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sender.join(2_000);
        producer.close(Duration.ofSeconds(1));
        consumer.wakeup();
        receiver.join(5_000);
    }
}
