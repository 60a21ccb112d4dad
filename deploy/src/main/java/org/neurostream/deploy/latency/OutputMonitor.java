package org.neurostream.deploy.latency;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.neurostream.core.Topics;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.monitoring.outputs.OutputConsumer;

/**
 * Watches the job's outputs through an {@link OutputConsumer}: counts features, predictions, dead
 * letters and alerts, and ends the end-to-end latency clock: the moment a prediction is in hand
 * here, minus the ingest stamp it carries (taken when the bridge handed the newest frame it depends
 * on to the Kafka producer). Both Kafka hops count. Predictions whose ingest stamp is older than
 * {@code recordFromEpochNs} are counted but not timed, so that start-up (class loading, JIT, first
 * metadata fetches) can be left out of the percentiles. Like every output consumer it reads only
 * committed records. Runs on its own thread from {@link #start()} until {@link #close()}.
 */
public final class OutputMonitor implements AutoCloseable {
    private final KafkaClients kafka;
    private final String bootstrapServers;
    private final ObjectMapper mapper = RecordJson.newMapper();
    private final LatencySamples latency = new LatencySamples();
    private final AtomicLong features = new AtomicLong();
    private final AtomicLong predictions = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong withEntropy = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private static final int MAX_ALERT_LINES = 10;
    private final List<String> alertLines = new java.util.ArrayList<>();
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> kinds =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final long recordFromEpochNs;
    private java.util.function.Consumer<PredictionRecord> predictionListener = p -> {};
    private OutputConsumer consumer;

    /**
     * @param recordFromEpochNs wall-clock ns from which predictions are timed (0: all)
     */
    public OutputMonitor(
            final KafkaClients kafka, final String bootstrapServers, final long recordFromEpochNs) {
        this.kafka = kafka;
        this.bootstrapServers = bootstrapServers;
        this.recordFromEpochNs = recordFromEpochNs;
    }

    /**
     * Hands every readable prediction to {@code listener} too, on the monitor's thread; call before
     * {@link #start()}.
     */
    public OutputMonitor onPredictions(
            final java.util.function.Consumer<PredictionRecord> listener) {
        this.predictionListener = listener;
        return this;
    }

    /** Starts reading the outputs from the topics' start. */
    public OutputMonitor start() {
        consumer =
                OutputConsumer.start(
                        kafka, bootstrapServers, "output-monitor", true, this::onRecord);
        return this;
    }

    // package-private for tests: one record as the consumer hands it over
    void onRecord(final String topic, final byte[] value, final long now) {
        switch (topic) {
            case Topics.FEATURES -> {
                features.incrementAndGet();
                countKind(value);
            }
            case Topics.PREDICTIONS -> {
                predictions.incrementAndGet();
                recordLatency(now, value);
                passOn(value);
            }
            case Topics.ALERTS -> countAlert(value);
            default -> deadLetters.incrementAndGet();
        }
    }

    /**
     * Counts feature records by their "kind", and band-power records that carry entropy. Reads the
     * top-level fields with Jackson's streaming parser and skips the rest: a band-power record of
     * 64 channels holds hundreds of numbers, and building them into a tree (each parsed into a
     * double) made this thread, the one that times predictions, the demo's third allocator.
     */
    private void countKind(final byte[] json) {
        String kind = "unknown";
        try (JsonParser p = mapper.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                kind = "unreadable";
            } else {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    final String field = p.currentName();
                    final JsonToken value = p.nextToken();
                    if (RecordJson.KIND.equals(field) && value == JsonToken.VALUE_STRING) {
                        kind = p.getText();
                    } else if (BandPowerRecord.JSON_DIFFERENTIAL_ENTROPY.equals(field)
                            && value == JsonToken.START_ARRAY) {
                        int elements = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            p.skipChildren();
                            elements++;
                        }
                        if (elements > 0) {
                            withEntropy.incrementAndGet();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (final java.io.IOException e) {
            kind = "unreadable";
        }
        kinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
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

    private void passOn(final byte[] json) {
        try {
            predictionListener.accept(mapper.readValue(json, PredictionRecord.class));
        } catch (final java.io.IOException e) {
            // counted as a prediction; nothing to pass on
        }
    }

    private void recordLatency(final long now, final byte[] json) {
        try {
            final JsonNode ingest = mapper.readTree(json).get(RecordJson.INGEST_NS);
            if (ingest != null && ingest.asLong() > 0 && ingest.asLong() >= recordFromEpochNs) {
                latency.record(ingest.asLong(), now);
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
        return latency.snapshot();
    }

    /** The timed predictions' latencies, one sample each. */
    public LatencySamples latencySamples() {
        return latency;
    }

    /** Why the monitor's consumer stopped (a refusal in one line), or null while it reads. */
    public Exception failure() {
        return consumer == null ? null : consumer.failure();
    }

    @Override
    public void close() throws InterruptedException {
        if (consumer != null) {
            consumer.close();
        }
    }
}
