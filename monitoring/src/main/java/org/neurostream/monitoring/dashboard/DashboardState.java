package org.neurostream.monitoring.dashboard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.neurostream.core.Topics;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.AlphaRecord;
import org.neurostream.core.records.AperiodicRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.records.ConnectivityRecord;
import org.neurostream.core.records.DeadLetterRecord;
import org.neurostream.core.records.GapRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.core.records.RecordJson;

/**
 * What the dashboard shows, aggregated from the job's output records: the latest state of every
 * stream (log band power per channel and mean relative power per band, prediction, avalanche size
 * histogram and exponents, connectivity matrices, aperiodic exponent and alpha frequency), recent
 * events (motif detections, alerts, dead letters, sequence gaps), end-to-end latency percentiles
 * per second, and record counts per plot. Records arrive one by one ({@link #accept}); the server
 * asks for a coalesced {@link #delta} every tick, so that a stream updated ten times between two
 * ticks costs one entry, and for a {@link #full} state when a client connects or falls behind.
 * Thread-safe: one feeding thread and any number of readers.
 */
public final class DashboardState {
    /** Events of one kind sent in one delta at most; the rest are counted as coalesced. */
    public static final int MAX_EVENTS_PER_DELTA = 256;

    /** Avalanche size bins: bin b counts sizes in [2^b, 2^(b+1)). */
    public static final int SIZE_BINS = 32;

    private static final long LATENCY_PERIOD_NS = 1_000_000_000L;
    private static final int LATENCY_POINTS = 600;

    private final ObjectMapper mapper =
            JsonMapper.builder()
                    .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                    .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    .build();
    private final JsonFactory json = mapper.getFactory();
    private final Map<String, StreamState> streams = new TreeMap<>();
    private final Map<String, long[]> counts = new TreeMap<>();
    private final EventLog motifs = new EventLog(1024);
    private final EventLog alerts = new EventLog(100);
    private final EventLog deadLetters = new EventLog(50);
    private final EventLog gaps = new EventLog(50);
    private final EventLog latency = new EventLog(LATENCY_POINTS);
    private final Histogram latencyUs = new Histogram(3_600_000_000L, 2);
    private long latencyPeriodStartNs = Long.MIN_VALUE;
    private long records;
    private long unreadable;
    private long coalescedEvents;
    private boolean countsChanged;

    /**
     * Takes one output record: {@code json} as the job wrote it to {@code topic} (one of {@link
     * Topics#FEATURES}, {@link Topics#PREDICTIONS}, {@link Topics#DEADLETTER}, {@link
     * Topics#ALERTS}), received at wall-clock {@code nowEpochNs}. A record that is not JSON is
     * counted as unreadable and otherwise ignored.
     */
    public synchronized void accept(final String topic, final byte[] json, final long nowEpochNs) {
        records++;
        countsChanged = true;
        final JsonNode node;
        try {
            node = json == null ? null : parse(json);
        } catch (final IOException e) {
            unreadable++;
            return;
        }
        if (node == null || !node.isObject()) {
            unreadable++;
            return;
        }
        final long nowMs = nowEpochNs / 1_000_000L;
        switch (topic) {
            case Topics.FEATURES -> feature(node, nowMs);
            case Topics.PREDICTIONS -> prediction(node, nowEpochNs);
            case Topics.DEADLETTER -> deadLetter(node, nowMs);
            case Topics.ALERTS -> alert(node, nowMs);
            default -> count("other");
        }
    }

    /**
     * One record as a tree, except its band-power arrays, which go straight into {@link
     * #powerScratch} and {@link #relativeScratch} (a tree node per number was most of the cost),
     * and its connectivity measures, which go into {@link #measureScratch}, and arrays the page
     * does not show (entropy, a dead letter's bytes), which are skipped.
     *
     * @return null when the record is not a JSON object
     */
    private ObjectNode parse(final byte[] json) throws IOException {
        powerCount = -1;
        relativeCount = -1;
        java.util.Arrays.fill(measureCount, -1);
        try (JsonParser p = mapper.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            final ObjectNode node = mapper.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                final String name = p.currentName();
                final JsonToken value = p.nextToken();
                if (value == JsonToken.START_ARRAY
                        && name.equals(BandPowerRecord.JSON_BAND_POWER)) {
                    powerScratch = readDoubles(p, powerScratch);
                    powerCount = scratchCount;
                } else if (value == JsonToken.START_ARRAY
                        && name.equals(BandPowerRecord.JSON_RELATIVE_POWER)) {
                    relativeScratch = readDoubles(p, relativeScratch);
                    relativeCount = scratchCount;
                } else if (value == JsonToken.START_ARRAY && DescriptorView.measure(name) >= 0) {
                    final int m = DescriptorView.measure(name);
                    measureScratch[m] = readDoubles(p, measureScratch[m]);
                    measureCount[m] = scratchCount;
                } else if (SKIPPED.contains(name)) {
                    p.skipChildren();
                } else {
                    node.set(name, p.readValueAsTree());
                }
            }
            return node;
        }
    }

    /** Fields no plot shows. */
    private static final java.util.Set<String> SKIPPED =
            java.util.Set.of(
                    BandPowerRecord.JSON_DIFFERENTIAL_ENTROPY,
                    BandPowerRecord.JSON_DIFFERENTIAL_ENTROPY_FLOORED,
                    DeadLetterRecord.JSON_PAYLOAD);

    private double[] powerScratch = new double[0];
    private double[] relativeScratch = new double[0];
    private int powerCount;
    private int relativeCount;
    private int scratchCount;
    private final double[][] measureScratch = new double[DescriptorView.MEASURES.length][0];
    private final int[] measureCount = new int[DescriptorView.MEASURES.length];

    /** Reads a JSON array of numbers (null: NaN) into {@code into}, grown as needed. */
    private double[] readDoubles(final JsonParser p, final double[] into) throws IOException {
        double[] out = into;
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new IOException("unterminated array");
            }
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, Math.max(16, 2 * n));
            }
            out[n++] = t.isNumeric() ? p.getDoubleValue() : Double.NaN;
            p.skipChildren();
        }
        scratchCount = n;
        return out;
    }

    private void feature(final JsonNode r, final long nowMs) {
        final String kind = r.path(RecordJson.KIND).asText("unknown");
        count(kind);
        if (kind.contains(GapRecord.KIND)) {
            gap(nowMs, r);
            return;
        }
        final StreamState s = stream(r.path(RecordJson.STREAM_ID).asText("?"), nowMs);
        switch (kind) {
            case BandPowerRecord.KIND ->
                    s.bandPower(r, powerScratch, powerCount, relativeScratch, relativeCount);
            case AvalancheRecord.KIND -> s.avalanche(r.path(AvalancheRecord.JSON_SIZE).asLong());
            case AvalancheRecord.STATS_KIND -> s.avalancheStats(r, nowMs);
            case MotifRecord.KIND -> {
                s.motifs++;
                motifs.add(nowMs, r);
            }
            case CalciumEventRecord.KIND -> s.calciumEvents++;
            case ConnectivityRecord.KIND ->
                    s.descriptors.connectivity(r, measureScratch, measureCount);
            case AperiodicRecord.KIND -> s.descriptors.aperiodic(r, nowMs);
            case AlphaRecord.KIND -> s.descriptors.alpha(r, nowMs);
            default -> s.other++;
        }
    }

    private void prediction(final JsonNode r, final long nowEpochNs) {
        count("prediction");
        final StreamState s =
                stream(r.path(RecordJson.STREAM_ID).asText("?"), nowEpochNs / 1_000_000L);
        s.predictions++;
        s.label = r.path(PredictionRecord.JSON_LABEL).asText(null);
        s.model = r.path(PredictionRecord.JSON_MODEL).asText(null);
        s.probability = r.path(PredictionRecord.JSON_PROBABILITY).asDouble(Double.NaN);
        final long ingest = r.path(RecordJson.INGEST_NS).asLong(0);
        if (ingest > 0 && nowEpochNs >= ingest) {
            latencyUs.recordValue(Math.min((nowEpochNs - ingest) / 1000, 3_600_000_000L));
        }
    }

    private void deadLetter(final JsonNode r, final long nowMs) {
        count("deadletter");
        final String reason = r.path(DeadLetterRecord.JSON_REASON).asText("");
        if (reason.contains("gap") || reason.contains("sequence")) {
            gap(nowMs, r);
        }
        deadLetters.add(nowMs, r);
    }

    private void alert(final JsonNode r, final long nowMs) {
        count("alert");
        if (r.path(AlertRecord.JSON_RULE).asText("").contains(GapRecord.KIND)) {
            gap(nowMs, r);
        }
        alerts.add(nowMs, r);
    }

    /** A sequence gap, reported as a gap record, a dead letter or an alert. */
    private void gap(final long nowMs, final JsonNode r) {
        if (!GapRecord.KIND.equals(r.path(RecordJson.KIND).asText())) {
            count("gap");
        }
        gaps.add(nowMs, r);
    }

    private StreamState stream(final String id, final long nowMs) {
        final StreamState s = streams.computeIfAbsent(id, StreamState::new);
        s.dirty = true;
        s.lastMs = nowMs;
        return s;
    }

    private void count(final String kind) {
        counts.computeIfAbsent(kind, k -> new long[1])[0]++;
    }

    /** Records taken so far, readable or not. */
    public synchronized long records() {
        return records;
    }

    /**
     * Records of one kind taken so far: a feature kind ("bandpower", "avalanche", ...),
     * "prediction", "deadletter", "alert", or "gap" (sequence gaps, whatever carried them).
     */
    public synchronized long records(final String kind) {
        final long[] n = counts.get(kind);
        return n == null ? 0 : n[0];
    }

    /** Events left out of deltas because more than {@link #MAX_EVENTS_PER_DELTA} came at once. */
    public synchronized long coalescedEvents() {
        return coalescedEvents;
    }

    /**
     * What changed since the last delta, as one JSON object; null when nothing did. Streams updated
     * several times appear once, with their latest state.
     */
    public synchronized byte[] delta(final long nowEpochNs) {
        closeLatencyPeriod(nowEpochNs);
        final boolean any =
                countsChanged
                        || motifs.pending() > 0
                        || alerts.pending() > 0
                        || deadLetters.pending() > 0
                        || gaps.pending() > 0
                        || latency.pending() > 0;
        if (!any) {
            return null;
        }
        final byte[] out = write(nowEpochNs, false);
        countsChanged = false;
        for (final StreamState s : streams.values()) {
            if (s.dirty) {
                s.descriptors.sent();
            }
            s.dirty = false;
        }
        for (final EventLog log : List.of(motifs, alerts, deadLetters, gaps, latency)) {
            coalescedEvents += Math.max(0, log.pending() - MAX_EVENTS_PER_DELTA);
            log.markSent();
        }
        return out;
    }

    /** Everything a newly connected client needs, as one JSON object; changes nothing. */
    public synchronized byte[] full(final long nowEpochNs) {
        return write(nowEpochNs, true);
    }

    private void closeLatencyPeriod(final long nowEpochNs) {
        if (latencyPeriodStartNs == Long.MIN_VALUE) {
            latencyPeriodStartNs = nowEpochNs;
        }
        if (nowEpochNs - latencyPeriodStartNs < LATENCY_PERIOD_NS) {
            return;
        }
        latencyPeriodStartNs = nowEpochNs;
        if (latencyUs.getTotalCount() == 0) {
            return;
        }
        final ObjectNode p = mapper.createObjectNode();
        p.put("p50_ms", latencyUs.getValueAtPercentile(50) / 1000.0);
        p.put("p90_ms", latencyUs.getValueAtPercentile(90) / 1000.0);
        p.put("p99_ms", latencyUs.getValueAtPercentile(99) / 1000.0);
        p.put("max_ms", latencyUs.getMaxValue() / 1000.0);
        p.put("n", latencyUs.getTotalCount());
        latency.add(nowEpochNs / 1_000_000L, p);
        latencyUs.reset();
    }

    private byte[] write(final long nowEpochNs, final boolean full) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = json.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeNumberField("t", nowEpochNs / 1_000_000L);
            g.writeBooleanField("full", full);
            g.writeNumberField("records", records);
            g.writeNumberField("unreadable", unreadable);
            g.writeNumberField("coalesced_events", coalescedEvents);
            g.writeObjectFieldStart("counts");
            for (final Map.Entry<String, long[]> e : counts.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue()[0]);
            }
            g.writeEndObject();
            g.writeArrayFieldStart("streams");
            for (final StreamState s : streams.values()) {
                if (full || s.dirty) {
                    s.write(g, full);
                }
            }
            g.writeEndArray();
            motifs.write(g, "motifs", full);
            alerts.write(g, "alerts", full);
            deadLetters.write(g, "deadletters", full);
            gaps.write(g, "gaps", full);
            latency.write(g, "latency", full);
            g.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return bytes.toByteArray();
    }

    /** The latest state of one stream. */
    private static final class StreamState {
        final String id;
        boolean dirty;
        long lastMs;
        String[] bands;
        int channels;
        double[] bandPower;
        double[] relativePower;
        boolean settling;
        long bandPowerRecords;
        long predictions;
        String label;
        String model;
        double probability = Double.NaN;
        final long[] sizeHistogram = new long[SIZE_BINS];
        long avalanches;
        final double[] exponents = new double[EXPONENTS.length];
        long statsRecords;
        long statsMs;
        long motifs;
        long calciumEvents;
        long other;
        final DescriptorView descriptors = new DescriptorView();

        /** The avalanche-statistics fields shown, as named in the records. */
        static final String[] EXPONENTS = {
            AvalancheRecord.JSON_ALPHA_SIZE,
            AvalancheRecord.JSON_ALPHA_DURATION,
            AvalancheRecord.JSON_BRANCHING_RATIO,
            AvalancheRecord.JSON_GAMMA_FIT,
            AvalancheRecord.JSON_GAMMA_PREDICTED
        };

        StreamState(final String id) {
            this.id = id;
            java.util.Arrays.fill(exponents, Double.NaN);
        }

        void bandPower(
                final JsonNode r,
                final double[] power,
                final int nPower,
                final double[] relative,
                final int nRelative) {
            bandPowerRecords++;
            channels = r.path(BandPowerRecord.JSON_CHANNELS).asInt();
            final JsonNode b = r.path(BandPowerRecord.JSON_BANDS);
            if (bands == null || bands.length != b.size()) {
                bands = new String[b.size()];
            }
            for (int i = 0; i < bands.length; i++) {
                bands[i] = b.get(i).asText();
            }
            bandPower = copy(power, nPower, bandPower);
            relativePower = copy(relative, nRelative, relativePower);
            settling = r.path(BandPowerRecord.JSON_SETTLING).asBoolean(false);
        }

        void avalanche(final long size) {
            avalanches++;
            final int bin = size <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(size);
            sizeHistogram[Math.min(bin, SIZE_BINS - 1)]++;
        }

        void avalancheStats(final JsonNode r, final long nowMs) {
            statsRecords++;
            statsMs = nowMs;
            for (int i = 0; i < EXPONENTS.length; i++) {
                final JsonNode v = r.get(EXPONENTS[i]);
                exponents[i] = v == null || !v.isNumber() ? Double.NaN : v.asDouble();
            }
        }

        /** The first {@code n} of {@code from} (none when n < 0), in {@code reuse} if it fits. */
        private static double[] copy(final double[] from, final int n, final double[] reuse) {
            final int len = Math.max(n, 0);
            final double[] out = reuse != null && reuse.length == len ? reuse : new double[len];
            System.arraycopy(from, 0, out, 0, len);
            return out;
        }

        void write(final JsonGenerator g, final boolean full) throws IOException {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeNumberField("last_ms", lastMs);
            if (bandPowerRecords > 0) {
                g.writeObjectFieldStart("bandpower");
                g.writeNumberField("records", bandPowerRecords);
                g.writeNumberField("channels", channels);
                g.writeBooleanField("settling", settling);
                g.writeArrayFieldStart("bands");
                for (final String b : bands) {
                    g.writeString(b);
                }
                g.writeEndArray();
                // log10 power to 0.01 is all a colour map shows, and a third of the bytes
                g.writeArrayFieldStart("log_power");
                for (final double p : bandPower) {
                    if (p > 0 && Double.isFinite(p)) {
                        g.writeNumber(Math.round(Math.log10(p) * 100) / 100.0);
                    } else {
                        g.writeNull();
                    }
                }
                g.writeEndArray();
                g.writeArrayFieldStart("relative_mean");
                for (int b = 0; b < bands.length; b++) {
                    double sum = 0;
                    int n = 0;
                    for (int c = b; c < relativePower.length; c += bands.length) {
                        if (Double.isFinite(relativePower[c])) {
                            sum += relativePower[c];
                            n++;
                        }
                    }
                    writeNumberOrNull(g, n == 0 ? Double.NaN : sum / n);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            if (predictions > 0) {
                g.writeObjectFieldStart("prediction");
                g.writeNumberField("records", predictions);
                g.writeStringField("label", label);
                g.writeStringField("model", model);
                writeDouble(g, "probability", probability);
                g.writeEndObject();
            }
            if (avalanches > 0 || statsRecords > 0) {
                g.writeObjectFieldStart("avalanche");
                g.writeNumberField("records", avalanches);
                g.writeArrayFieldStart("size_histogram");
                int last = SIZE_BINS;
                while (last > 0 && sizeHistogram[last - 1] == 0) {
                    last--;
                }
                for (int i = 0; i < last; i++) {
                    g.writeNumber(sizeHistogram[i]);
                }
                g.writeEndArray();
                g.writeNumberField("stats_records", statsRecords);
                g.writeNumberField("stats_ms", statsMs);
                for (int i = 0; i < EXPONENTS.length; i++) {
                    writeDouble(g, EXPONENTS[i], exponents[i]);
                }
                g.writeEndObject();
            }
            descriptors.write(g, full);
            g.writeNumberField("motifs", motifs);
            g.writeNumberField("calcium_events", calciumEvents);
            g.writeNumberField("other", other);
            g.writeEndObject();
        }
    }

    private static void writeNumberOrNull(final JsonGenerator g, final double v)
            throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber((float) v);
        } else {
            g.writeNull();
        }
    }

    /** A number field, or a null one for NaN and infinities (JSON has neither). */
    static void writeDouble(final JsonGenerator g, final String name, final double v)
            throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }

    /**
     * The last {@code capacity} events of one kind with their arrival times, and how many of them
     * the last delta has not sent yet.
     */
    private static final class EventLog {
        private final int capacity;
        private final ArrayDeque<JsonNode> nodes = new ArrayDeque<>();
        private final ArrayDeque<Long> times = new ArrayDeque<>();
        private int pending;

        EventLog(final int capacity) {
            this.capacity = capacity;
        }

        void add(final long nowMs, final JsonNode node) {
            if (nodes.size() == capacity) {
                nodes.removeFirst();
                times.removeFirst();
            }
            nodes.addLast(node);
            times.addLast(nowMs);
            pending++;
        }

        int pending() {
            return pending;
        }

        void markSent() {
            pending = 0;
        }

        void write(final JsonGenerator g, final String name, final boolean full)
                throws IOException {
            final int n =
                    full
                            ? nodes.size()
                            : Math.min(Math.min(pending, nodes.size()), MAX_EVENTS_PER_DELTA);
            g.writeArrayFieldStart(name);
            final List<JsonNode> lastNodes = last(nodes, n);
            final List<Long> lastTimes = last(times, n);
            for (int i = 0; i < n; i++) {
                g.writeStartObject();
                g.writeNumberField("t", lastTimes.get(i));
                g.writeFieldName("record");
                g.writeTree(lastNodes.get(i));
                g.writeEndObject();
            }
            g.writeEndArray();
        }

        private static <T> List<T> last(final ArrayDeque<T> deque, final int n) {
            final List<T> out = new ArrayList<>(n);
            final Iterator<T> it = deque.descendingIterator();
            for (int i = 0; i < n && it.hasNext(); i++) {
                out.add(it.next());
            }
            java.util.Collections.reverse(out);
            return out;
        }
    }
}
