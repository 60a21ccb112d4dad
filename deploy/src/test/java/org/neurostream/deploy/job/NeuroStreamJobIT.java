package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.deploy.cli.NeuroStreamCli;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.BandPowerFeatures;
import org.neurostream.models.logistic.LogisticModelFile;
import org.neurostream.models.logistic.LogisticRegression;
import org.neurostream.operators.flink.SpectralAnalysis;
import org.neurostream.operators.flink.SpectralState;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * The whole job on a real Kafka broker and a Flink MiniCluster: a real EDF recording in through the
 * bridge, a garbage record among its frames, features and predictions out, checked against the
 * offline kernels, the offline command and the model on the same samples.
 */
class NeuroStreamJobIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path RECORDING = HOME.resolve("replay-data/eeg/S001R01.edf");
    private static final Path MODEL = HOME.resolve("replay-data/models/rest-vs-imagery.json");
    private static final ObjectMapper JSON = RecordJson.newMapper();
    private static final String BAND_POWER = Topics.FEATURES + "/bandpower";
    private static final String AVALANCHES = Topics.FEATURES + "/avalanche";
    private static final String AVALANCHE_STATS = Topics.FEATURES + "/avalanche_stats";

    @TempDir Path work;

    @Test
    void shouldTurnARealRecordingIntoCheckedFeaturesAndPredictionsAndDeadLetterGarbage()
            throws Exception {
        // the CPU backend, whatever devices this machine has: the values are checked bit for bit
        final JobConfig options =
                JobConfig.builder()
                        .computeBackend(org.neurostream.operators.compute.BackendKind.CPU)
                        .modelFile(MODEL)
                        .build();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(work, 1)) {
            final String bootstrap = runtime.bootstrapServers();
            final JobClient job =
                    NeuroStreamJob.onKafka(bootstrap, options).executeAsync(runtime.environment());
            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
                    EdfReader reader = EdfReader.open(RECORDING)) {
                final FrameBridge bridge =
                        new FrameBridge(producer, Modality.EEG, "S001R01", "eeg");
                // garbage first, under the stream's own key: the job must refuse it and go on
                producer.send(
                        new ProducerRecord<>(
                                Modality.EEG.rawTopic(),
                                "S001R01/eeg".getBytes(StandardCharsets.UTF_8),
                                "definitely not a frame".getBytes(StandardCharsets.UTF_8)));
                bridge.run(reader, 8, Pacing.parse("max"));
                producer.flush();
            }

            // 61 s x 160 Hz = 9760 samples; first record at 320, then every 40: 237 records
            final int expected = (9760 - 320) / 40 + 1;
            final Map<String, List<JsonNode>> out =
                    consume(
                            bootstrap,
                            Map.of(
                                    BAND_POWER,
                                    expected,
                                    AVALANCHE_STATS,
                                    6, // every 10 s of the 61 s
                                    Topics.PREDICTIONS,
                                    expected,
                                    Topics.DEADLETTER,
                                    1));
            job.cancel().get();

            final List<JsonNode> features = out.get(BAND_POWER);
            final List<JsonNode> predictions = out.get(Topics.PREDICTIONS);
            final List<JsonNode> dead = out.get(Topics.DEADLETTER);
            assertEquals(expected, features.size());
            assertEquals(expected, predictions.size());
            assertEquals(1, dead.size());
            assertEquals("S001R01/eeg", dead.get(0).get("key").asText());
            assertEquals(
                    "truncated: 22 bytes, the header alone needs 64",
                    dead.get(0).get("reason").asText());

            checkAgainstOfflineKernel(features, predictions);
            checkEntropyAgainstOfflineAnalysis(features);
            checkAgainstOfflineCommand(features.get(4));
            checkAvalanchesAgainstOfflineCommand(
                    out.getOrDefault(AVALANCHES, List.of()), out.get(AVALANCHE_STATS));
        }
    }

    /**
     * The job's avalanches are the offline command's with the streaming settings (running baseline
     * of 10 s, 25 ms bins), one for one; the command may close one more at the end of the file,
     * which the unbounded job never reaches.
     */
    private void checkAvalanchesAgainstOfflineCommand(
            final List<JsonNode> avalanches, final List<JsonNode> stats) throws Exception {
        final Path dir = work.resolve("avalanches");
        final int code =
                org.neurostream.deploy.cli.NeuroStreamCli.commandLine()
                        .execute(
                                "avalanches",
                                "--input",
                                RECORDING.toString(),
                                "--baseline",
                                "running",
                                "--running-seconds",
                                "10",
                                "--bin-us",
                                "25000",
                                "--out",
                                dir.toString());
        assertEquals(0, code);
        final List<String> rows = Files.readAllLines(dir.resolve("avalanches.csv"));
        assertEquals("start_us,duration_bins,size", rows.get(0));
        final List<String> offline = rows.subList(1, rows.size());
        assertFalse(avalanches.isEmpty(), "the job found no avalanche");
        assertTrue(
                offline.size() - avalanches.size() <= 1,
                "job " + avalanches.size() + " avalanches, command " + offline.size());
        for (int i = 0; i < avalanches.size(); i++) {
            final JsonNode a = avalanches.get(i);
            assertEquals(25_000_000L, a.get("bin_ns").asLong());
            assertEquals(
                    offline.get(i),
                    a.get("start_ns").asLong() / 1000
                            + ","
                            + a.get("duration_bins").asInt()
                            + ","
                            + a.get("size").asLong(),
                    "avalanche " + i);
        }
        final JsonNode last = stats.get(stats.size() - 1);
        assertEquals(60_000_000_000L, last.get("end_ns").asLong());
        // statistics at 60 s cover the avalanches closed by then: all but those ending in the last
        // second
        final long closedBy60s =
                avalanches.stream()
                        .filter(
                                a ->
                                        a.get("end_ns").asLong() + a.get("bin_ns").asLong()
                                                <= 60_000_000_000L)
                        .count();
        assertTrue(
                last.get("avalanches").asLong() >= closedBy60s - 1
                        && last.get("avalanches").asLong() <= closedBy60s,
                closedBy60s + " closed by 60 s: " + last);
        // an estimate is a number, or null with its reason
        for (final String name :
                List.of(
                        "alpha_size",
                        "alpha_duration",
                        "branching_ratio",
                        "branching_ratio_mr",
                        "gamma_fit",
                        "gamma_predicted")) {
            final JsonNode v = last.get(name);
            assertTrue(
                    v.isNumber()
                            || (v.isNull() && last.get("reasons").asText().contains(name + ": ")),
                    name + " in " + last);
        }
        assertTrue(last.get("branching_ratio").isNumber(), last.toString());
    }

    /**
     * Every record's band differential entropy is what the same analysis gives on the file's
     * samples cut into other frames (filters from the first sample on, never restarted), to the
     * last bit; records are settling while their window holds the first second.
     */
    private static void checkEntropyAgainstOfflineAnalysis(final List<JsonNode> features)
            throws Exception {
        final SpectralAnalysis analysis =
                new SpectralAnalysis(BandPowerOptions.defaults(), 64, 6_250_000L);
        final SpectralState state = analysis.newState(0);
        final List<BandPowerRecord> offline = new ArrayList<>();
        final ListCollector<BandPowerRecord> collector = new ListCollector<>(offline);
        try (EdfReader reader = EdfReader.open(RECORDING)) {
            final float[] block = new float[64 * 100];
            int n;
            while ((n = reader.read(block, 100)) > 0) {
                analysis.append(state, block, 0, n, "S001R01/eeg", 0, collector);
            }
        }
        assertEquals(features.size(), offline.size());
        int flat = 0;
        for (int i = 0; i < features.size(); i++) {
            final JsonNode f = features.get(i);
            final JsonNode h = f.get("differential_entropy");
            assertEquals(64 * 5, h.size());
            for (int k = 0; k < h.size(); k++) {
                assertEquals(
                        offline.get(i).differentialEntropy[k],
                        h.get(k).asDouble(),
                        0.0,
                        "record " + i + " value " + k);
                flat += f.get("differential_entropy_floored").get(k).asBoolean() ? 1 : 0;
            }
            // windows start at 0, 40, 80, 120 samples: inside the first second (160 samples)
            assertEquals(i < 4, f.get("settling").asBoolean(), "record " + i);
            assertEquals(Math.E, f.get("entropy_log_base").asDouble(), 0.0);
        }
        assertEquals(0, flat, "no channel of a real recording is flat");
    }

    /**
     * Record 4 covers samples 160-480 (seconds 1-3): the command's band power on --start 1
     * --duration 2 is the same Welch call on the same samples (the same bits), and its entropy on
     * --start 0 --duration 3 --bde filters from the same first sample and leaves out the same
     * settling second (the job adds the window's variance sums block by block, the command in one
     * run: equal to rounding).
     */
    private void checkAgainstOfflineCommand(final JsonNode record) throws Exception {
        assertEquals(480 * 6_250_000L, record.get("end_ns").asLong());
        final List<String[]> power = command("--start", "1", "--duration", "2");
        final List<String[]> entropy = command("--start", "0", "--duration", "3", "--bde");
        assertEquals(64 * 5, power.size());
        for (int k = 0; k < power.size(); k++) {
            assertEquals(
                    Double.parseDouble(power.get(k)[5]),
                    record.get("band_power").get(k).asDouble(),
                    0.0);
            assertEquals(
                    Double.parseDouble(power.get(k)[6]),
                    record.get("relative_power").get(k).asDouble(),
                    0.0);
            assertEquals(
                    Double.parseDouble(entropy.get(k)[7]),
                    record.get("differential_entropy").get(k).asDouble(),
                    1e-12,
                    "value " + k);
        }
    }

    /** Runs ./neurostream bandpower in-process on the recording; the CSV rows, header left out. */
    private List<String[]> command(final String... options) throws Exception {
        final Path csv = work.resolve("bandpower-" + System.nanoTime() + ".csv");
        final List<String> args =
                new ArrayList<>(
                        List.of(
                                "bandpower",
                                "--input",
                                RECORDING.toString(),
                                "--out",
                                csv.toString()));
        args.addAll(List.of(options));
        assertEquals(0, NeuroStreamCli.commandLine().execute(args.toArray(String[]::new)));
        return Files.readAllLines(csv).stream().skip(1).map(line -> line.split(",")).toList();
    }

    private static void checkAgainstOfflineKernel(
            final List<JsonNode> features, final List<JsonNode> predictions) throws Exception {
        final float[][] signal;
        try (EdfReader reader = EdfReader.open(RECORDING)) {
            signal = reader.readChannelMajor(Math.toIntExact(reader.totalSamplesPerChannel()));
        }
        final BandPowerOptions options = BandPowerOptions.defaults();
        final WelchKernel kernel = new WelchKernel(options.welchConfig(160));
        // the shipped model is of the earlier format: the job runs it as bandpower-lr, whose
        // features are the job's band power
        final LogisticModelFile file =
                LogisticModelFile.parse(java.nio.file.Files.readString(MODEL), MODEL);
        final LogisticRegression model = file.regression();
        final double[] power = new double[64 * 5];
        final double[] relative = new double[64 * 5];
        final double[] logPower = new double[64 * 5];
        for (int i = 0; i < features.size(); i += 59) {
            final JsonNode f = features.get(i);
            final long endSample = 320 + 40L * i;
            assertEquals("S001R01/eeg", f.get("stream_id").asText());
            assertEquals(endSample * 6_250_000L, f.get("end_ns").asLong(), "record " + i);
            assertEquals((endSample - 320) * 6_250_000L, f.get("start_ns").asLong());
            assertTrue(f.get("ingest_ns").asLong() > 0);
            kernel.bandPowers(signal, (int) (endSample - 320), 320, power, relative);
            final JsonNode jobPower = f.get("band_power");
            final JsonNode jobRelative = f.get("relative_power");
            for (int k = 0; k < power.length; k++) {
                // same float samples, same kernel: the same numbers to the last bit
                assertEquals(
                        power[k], jobPower.get(k).asDouble(), 0.0, "record " + i + " value " + k);
                assertEquals(relative[k], jobRelative.get(k).asDouble(), 0.0);
            }
            final JsonNode p = predictions.get(i);
            assertEquals(f.get("end_ns").asLong(), p.get("end_ns").asLong());
            BandPowerFeatures.logBandPower(power, logPower);
            assertEquals(model.probability(logPower), p.get("probability").asDouble(), 0.0);
            assertEquals(file.classNames().get(model.predict(logPower)), p.get("label").asText());
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("linger.ms", "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Reads the topics until each has its expected count (then a little longer, to see extras).
     * Feature records are filed under "topic/kind".
     */
    private static Map<String, List<JsonNode>> consume(
            final String bootstrap, final Map<String, Integer> expected) throws Exception {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("group.id", "it-" + System.nanoTime());
        p.setProperty("auto.offset.reset", "earliest");
        final Map<String, List<JsonNode>> out = new HashMap<>();
        expected.keySet().forEach(t -> out.put(t, new ArrayList<>()));
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(
                    expected.keySet().stream().map(k -> k.split("/")[0]).distinct().toList());
            final long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (final ConsumerRecord<byte[], byte[]> r :
                        consumer.poll(Duration.ofMillis(200))) {
                    final JsonNode record = JSON.readTree(r.value());
                    final String key =
                            r.topic().equals(Topics.FEATURES)
                                    ? r.topic() + "/" + record.get("kind").asText()
                                    : r.topic();
                    out.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
                }
                final boolean all =
                        expected.entrySet().stream()
                                .allMatch(e -> out.get(e.getKey()).size() >= e.getValue());
                if (all && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return out;
    }
}
