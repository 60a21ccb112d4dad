package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;

/**
 * {@code live} against the real liblsl, loopback only: a liblsl outlet streams 64 channels at 160
 * Hz with a paired marker stream; {@code live} runs the job on them on a broker of the test's own
 * ({@code --bootstrap}); a liblsl inlet reads the prediction outlet; the summary line carries the
 * demo's keys and LSL's, in order, with numbers that add up; the markers are on {@code
 * neuro.markers}.
 */
class LiveIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path MODEL = HOME.resolve("replay-data/models/rest-vs-imagery.json");
    private static final List<String> LSL_KEYS =
            List.of("lsl_streams", "lsl_samples", "lsl_gaps", "lsl_in_p50_ms", "lsl_in_p99_ms");

    @TempDir Path tmp;

    @Test
    void shouldRunTheJobOnALiblslStreamAndServeItsPredictionsBackToLiblsl() throws Exception {
        LiblslPeer.python();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"));
                LiblslPeer eeg = eeg("live-eeg", 64, 60);
                LiblslPeer markers =
                        LiblslPeer.start(
                                tmp,
                                "markers",
                                "--name",
                                "live-eeg-markers",
                                "--count",
                                "5",
                                "--interval",
                                "1",
                                "--timeout",
                                "120",
                                "--settle",
                                "2",
                                "--drain",
                                "120");
                LiblslPeer predictions =
                        LiblslPeer.start(
                                tmp,
                                "inlet",
                                "--pred",
                                // this run's outlet (another test's may still be going away)
                                "name='neurostream-predictions' and contains(source_id,'/live-eeg')",
                                "--count",
                                "10",
                                "--timeout",
                                "120")) {
            final CommandRun run = live("live-eeg", broker.bootstrapServers());
            assertEquals(0, run.exitCode(), run.out() + run.err());
            final Map<String, Double> summary = DemoCommandIT.summary(run.out());
            final List<String> keys = new ArrayList<>(DemoCommandIT.SUMMARY_KEYS);
            keys.addAll(LSL_KEYS);
            assertEquals(keys, List.copyOf(summary.keySet()), run.out());
            assertEquals(2, summary.get("lsl_streams"), "the EEG stream and its markers");
            assertEquals(0, summary.get("lsl_gaps"));
            assertTrue(summary.get("lsl_samples") >= 160 * 10, run.out());
            assertTrue(summary.get("frames") > 0, run.out());
            assertTrue(summary.get("predictions") >= 10, run.out());
            final double p50 = summary.get("lsl_in_p50_ms");
            final double p99 = summary.get("lsl_in_p99_ms");
            assertTrue(p50 > 0 && p50 <= p99 && p99 < 10_000, run.out());
            // what LSL and the bridge add in front of the Kafka path (bench's live.added_*)
            final String front = frontLine(run);
            final String[] f = front.split("[= ]");
            final double frontP50 = Double.parseDouble(f[2]);
            final double frontP99 = Double.parseDouble(f[4]);
            assertTrue(frontP50 >= 0 && frontP50 <= frontP99 && frontP99 < 10_000, front);
            assertTrue(run.out().indexOf(front) < run.out().indexOf("summary: "), run.out());

            final JsonNode read = predictions.result(60);
            assertEquals("neurostream-predictions", read.get("name").asText());
            final String sourceId = read.get("source_id").asText();
            assertTrue(
                    sourceId.startsWith("neurostream/lsl-") && sourceId.endsWith("/live-eeg"),
                    "source id neurostream/<session>/live-eeg: " + sourceId);
            assertEquals(1, read.get("format").asInt(), "cf_float32");
            assertEquals(0.0, read.get("srate").asDouble(), "irregular rate");
            assertEquals(List.of("rest", "imagery"), texts(read.get("labels")));
            final JsonNode samples = read.get("samples");
            assertEquals(10, samples.size());
            double last = 0;
            for (final JsonNode s : samples) {
                final double rest = s.get("v").get(0).asDouble();
                final double imagery = s.get("v").get(1).asDouble();
                assertEquals(1.0, rest + imagery, 1e-6, "class probabilities sum to 1");
                final double t = s.get("t").asDouble();
                assertTrue(t > last, "stamped with increasing LSL times: " + t);
                last = t;
            }
            assertEquals(0.0, read.get("time_correction").asDouble(), 1e-3, "one machine");

            final List<String> labels = markerLabels(broker.bootstrapServers(), 5);
            assertEquals(
                    List.of("marker-0", "marker-1", "marker-2", "marker-3", "marker-4"), labels);
        }
    }

    /**
     * Two amplifiers that announce the same name (with their own source ids) are two streams of the
     * session, each with its own frames and clock origin: the job predicts on both and the LSL
     * latencies are measured (they read 0.000 when both fed one stream id).
     */
    @Test
    void shouldReadTwoStreamsOfTheSameNameAsTwoStreams() throws Exception {
        LiblslPeer.python();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"));
                LiblslPeer a = eeg("live-twin", 64, 60, "amp-a");
                LiblslPeer b = eeg("live-twin", 64, 60, "amp-b")) {
            final CommandRun run = live("live-twin", broker.bootstrapServers());
            assertEquals(0, run.exitCode(), run.out() + run.err());
            final Map<String, Double> summary = DemoCommandIT.summary(run.out());
            assertEquals(2, summary.get("lsl_streams"), run.out());
            assertEquals(0, summary.get("lsl_gaps"), run.out());
            assertTrue(summary.get("predictions") >= 10, run.out());
            final double p50 = summary.get("lsl_in_p50_ms");
            assertTrue(p50 > 0 && p50 < 10_000, run.out());
            final String front = frontLine(run);
            assertTrue(Double.parseDouble(front.split("[= ]")[2]) > 0, front);
            // predictions of each stream under its own id: <session>/<name>-<source id>
            final List<String> ids =
                    org.neurostream.deploy.job.TopicReader.read(
                                    broker.bootstrapServers(),
                                    "read_uncommitted",
                                    Topics.PREDICTIONS,
                                    r -> true,
                                    0,
                                    java.time.Duration.ofSeconds(3),
                                    java.time.Duration.ofSeconds(30))
                            .stream()
                            .map(r -> r.get("stream_id").asText())
                            .map(id -> id.substring(id.indexOf('/') + 1))
                            .distinct()
                            .sorted()
                            .toList();
            assertEquals(List.of("live-twin-amp-a", "live-twin-amp-b"), ids, run.out());
        }
    }

    /** {@code live} for 20 s on the LSL streams named {@code name}, with the shipped model. */
    private CommandRun live(final String name, final String bootstrap) {
        return CommandRun.of(
                "live",
                "--lsl",
                name,
                "--duration",
                "20s",
                "--warmup",
                "0s",
                "--bootstrap",
                bootstrap,
                "--work-dir",
                tmp.resolve("work").toString(),
                "--no-dashboard",
                "--model",
                MODEL.toString());
    }

    /** The line {@code live: lsl_front_p50_ms=...} of a run. */
    private static String frontLine(final CommandRun run) {
        return run.out()
                .lines()
                .filter(l -> l.startsWith("live: lsl_front_p50_ms="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no front line: " + run.out()));
    }

    /** A liblsl outlet of noise at 160 Hz, {@code seconds} long from its first inlet. */
    private LiblslPeer eeg(final String name, final int channels, final int seconds)
            throws IOException {
        return eeg(name, channels, seconds, "");
    }

    /** As {@link #eeg(String, int, int)}, with a source id. */
    private LiblslPeer eeg(
            final String name, final int channels, final int seconds, final String sourceId)
            throws IOException {
        return LiblslPeer.start(
                tmp,
                "feed",
                "--source-id",
                sourceId,
                "--name",
                name,
                "--channels",
                Integer.toString(channels),
                "--rate",
                "160",
                "--chunk",
                "4",
                "--seconds",
                Integer.toString(seconds),
                "--timeout",
                "120",
                "--settle",
                "0");
    }

    private static List<String> texts(final JsonNode array) {
        final List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }

    @Test
    void shouldCalibrateOnTheFirstSecondsOfTheStreamAndPublishTheModel() throws Exception {
        LiblslPeer.python();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"));
                LiblslPeer eeg = eeg("cal-eeg", 8, 90);
                LiblslPeer markers =
                        LiblslPeer.start(
                                tmp,
                                "markers",
                                "--name",
                                "cal-eeg-markers",
                                "--cycle",
                                "T1,T2",
                                "--count",
                                "20",
                                "--interval",
                                "1",
                                "--timeout",
                                "120",
                                "--settle",
                                "1",
                                "--drain",
                                "120")) {
            final CommandRun run =
                    CommandRun.of(
                            "live",
                            "--lsl",
                            "cal-eeg",
                            "--duration",
                            "45s",
                            "--calibrate",
                            "27s",
                            "--classes",
                            "T1,T2",
                            "--warmup",
                            "0s",
                            "--bootstrap",
                            broker.bootstrapServers(),
                            "--work-dir",
                            tmp.resolve("work").toString(),
                            "--no-dashboard");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            final String line =
                    run.out()
                            .lines()
                            .filter(l -> l.startsWith("calibration: "))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(run.out() + run.err()));
            assertTrue(
                    line.matches(
                            "calibration: pipeline=bandpower-lr classes=T1,T2 trials=\\d+"
                                    + " cv_accuracy=[0-9.]+ chance=[0-9.]+"
                                    + " model=live-calibration@1"),
                    line);
            final int trials = Integer.parseInt(line.replaceAll(".* trials=(\\d+) .*", "$1"));
            assertTrue(trials >= 16 && trials <= 20, "the markers of the first 27 s: " + line);
            assertTrue(
                    run.out().indexOf(line) < run.out().indexOf("summary: "),
                    "calibration ends before the summary");
            assertTrue(
                    DemoCommandIT.summary(run.out()).get("predictions") > 0,
                    "without --model the job decodes once the calibrated model is published: "
                            + run.out());
        }
    }

    /** The labels of the first {@code count} markers on neuro.markers, in order. */
    private static List<String> markerLabels(final String bootstrap, final int count)
            throws Exception {
        final Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "live-it");
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final List<JsonNode> markers = new ArrayList<>();
        final ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(Topics.MARKERS));
            final long end = System.nanoTime() + 30_000_000_000L;
            while (markers.size() < count && System.nanoTime() < end) {
                for (final ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    markers.add(json.readTree(r.value()));
                }
            }
        }
        markers.sort((a, b) -> Long.compare(a.get("time_ns").asLong(), b.get("time_ns").asLong()));
        final List<String> labels = new ArrayList<>();
        markers.forEach(m -> labels.add(m.get("label").asText()));
        return labels;
    }
}
