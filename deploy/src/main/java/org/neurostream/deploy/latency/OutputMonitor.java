package org.neurostream.deploy.latency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.neurostream.core.Topics;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.core.time.WallClock;

/**
 * A consumer of the job's outputs that counts features, predictions, dead letters and alerts, and
 * ends the end-to-end latency clock: the moment a prediction is in hand here, minus the ingest
 * stamp it carries (taken when the bridge handed the newest frame it depends on to the Kafka
 * producer). Both Kafka hops count. Predictions whose ingest stamp is older than {@code
 * recordFromEpochNs} are counted but not timed, so that start-up (class loading, JIT, first
 * metadata fetches) can be left out of the percentiles. It reads with {@code
 * isolation.level=read_committed}, as every consumer of an exactly-once job must (records of a
 * transaction not yet committed, or aborted, stay hidden); against an at-least-once job that
 * changes nothing. Runs on its own thread until {@link #close()}.
 */
public final class OutputMonitor implements Runnable, AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ObjectMapper mapper = RecordJson.newMapper();
    private final Histogram latencyUs = new Histogram(60_000_000L, 3);
    private final AtomicLong features = new AtomicLong();
    private final AtomicLong predictions = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong withEntropy = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private static final int MAX_ALERT_LINES = 10;
    private final List<String> alertLines = new java.util.ArrayList<>();
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> kinds =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread thread;
    private final long recordFromEpochNs;
    private volatile boolean running = true;

    /**
     * @param recordFromEpochNs wall-clock ns from which predictions are timed (0: all)
     */
    public OutputMonitor(final String bootstrapServers, final long recordFromEpochNs) {
        this.recordFromEpochNs = recordFromEpochNs;
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("group.id", "neurostream-monitor-" + System.nanoTime());
        p.setProperty("auto.offset.reset", "earliest");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("fetch.max.wait.ms", "100");
        p.setProperty("isolation.level", "read_committed");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(
                List.of(Topics.FEATURES, Topics.PREDICTIONS, Topics.DEADLETTER, Topics.ALERTS));
        thread = new Thread(this, "output-monitor");
        thread.setDaemon(true);
    }

    public OutputMonitor start() {
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
                    switch (r.topic()) {
                        case Topics.FEATURES:
                            features.incrementAndGet();
                            countKind(r.value());
                            break;
                        case Topics.PREDICTIONS:
                            predictions.incrementAndGet();
                            recordLatency(now, r.value());
                            break;
                        case Topics.ALERTS:
                            countAlert(r.value());
                            break;
                        default:
                            deadLetters.incrementAndGet();
                    }
                }
            }
        } catch (final WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Counts feature records by their "kind", and band-power records that carry entropy. */
    private void countKind(final byte[] json) {
        try {
            final JsonNode record = mapper.readTree(json);
            final JsonNode kind = record.get(RecordJson.KIND);
            kinds.computeIfAbsent(kind == null ? "unknown" : kind.asText(), k -> new AtomicLong())
                    .incrementAndGet();
            final JsonNode entropy = record.get(BandPowerRecord.JSON_DIFFERENTIAL_ENTROPY);
            if (entropy != null && entropy.isArray() && entropy.size() > 0) {
                withEntropy.incrementAndGet();
            }
        } catch (final java.io.IOException e) {
            kinds.computeIfAbsent("unreadable", k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** Counts firing alerts (resolved ones close them) and keeps the first lines for a person. */
    private void countAlert(final byte[] json) {
        try {
            final JsonNode a = mapper.readTree(json);
            if (AlertRecord.FIRING.equals(a.path(AlertRecord.JSON_STATUS).asText())) {
                alerts.incrementAndGet();
                synchronized (alertLines) {
                    if (alertLines.size() < MAX_ALERT_LINES) {
                        alertLines.add(
                                a.path(AlertRecord.JSON_SEVERITY).asText()
                                        + " "
                                        + a.path(AlertRecord.JSON_RULE).asText()
                                        + " on "
                                        + a.path(RecordJson.STREAM_ID).asText()
                                        + ": "
                                        + a.path(AlertRecord.JSON_REASON).asText());
                    }
                }
            }
        } catch (final java.io.IOException e) {
            // not ours to judge
        }
    }

    /** Firing alerts read from neuro.alerts. */
    public long alerts() {
        return alerts.get();
    }

    /** The first firing alerts, one line each: severity, rule, stream and reason. */
    public List<String> alertLines() {
        synchronized (alertLines) {
            return List.copyOf(alertLines);
        }
    }

    private void recordLatency(final long now, final byte[] json) {
        try {
            final JsonNode ingest = mapper.readTree(json).get(RecordJson.INGEST_NS);
            if (ingest != null && ingest.asLong() > 0 && ingest.asLong() >= recordFromEpochNs) {
                synchronized (latencyUs) {
                    latencyUs.recordValue(Math.max(0, (now - ingest.asLong()) / 1000));
                }
            }
        } catch (final java.io.IOException e) {
            // not ours to judge: counted as a prediction, no latency sample
        }
    }

    public long features() {
        return features.get();
    }

    /** Feature records of one kind ("bandpower", "avalanche", ...). */
    public long features(final String kind) {
        final AtomicLong n = kinds.get(kind);
        return n == null ? 0 : n.get();
    }

    /** Band-power records that carry band differential entropy. */
    public long differentialEntropy() {
        return withEntropy.get();
    }

    public long predictions() {
        return predictions.get();
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    /** End-to-end latency percentiles so far. */
    public LatencySnapshot latency() {
        synchronized (latencyUs) {
            return LatencySnapshot.of(latencyUs);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
