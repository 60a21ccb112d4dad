package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.LabelledWindowRecord;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.KafkaMarkerSink;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.compute.BackendKind;

/**
 * The job on Kafka labels the band-power windows of a real EDF recording with its annotations, sent
 * as markers to {@code neuro.markers}, and labels the same windows the same way whether the markers
 * reach the job before the frames, among them at their pace, or after them: the label join waits
 * for the markers' own watermark as well as the frames'.
 */
class MarkerOrderIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path RECORDING = HOME.resolve("replay-data/eeg/S001R04.edf");
    private static final String MARKERS = "S001R04/annotations";
    private static final long PERIOD_NS = 6_250_000L; // 160 Hz
    private static final long FLUSH_NS = 1_000_000L * 1_000_000_000L; // far beyond the recording

    @TempDir Path work;

    private enum Order {
        BEFORE,
        AMONG,
        AFTER
    }

    @Test
    void shouldLabelTheSameWindowsWhetherMarkersComeBeforeAmongOrAfterTheFrames() throws Exception {
        final List<EdfAnnotation> annotations;
        final long samples;
        try (EdfReader reader = EdfReader.open(RECORDING)) {
            annotations = reader.readAnnotations();
            samples = reader.totalSamplesPerChannel();
        }
        // band-power windows end at sample 320, then every 40; a window is labelled when an
        // annotation covers its end
        int expected = 0;
        long lastEnd = 0;
        String first = null;
        for (long end = 320; end <= samples; end += 40) {
            for (final EdfAnnotation a : annotations) {
                final long onset = Math.round(a.onsetSeconds() * 1e9);
                final long stop = onset + Math.round(a.durationSeconds() * 1e9);
                if (onset <= end * PERIOD_NS && end * PERIOD_NS < stop) {
                    expected++;
                    lastEnd = end * PERIOD_NS;
                    first = first == null ? "annotations." + a.text() : first;
                    break;
                }
            }
        }
        assertTrue(expected > 400, expected + " labelled windows expected");

        final List<String> among = run(Order.AMONG, annotations, lastEnd);
        assertEquals(expected, among.size(), "markers among the frames");
        assertTrue(among.get(0).contains("\"label\":\"" + first + "\""), among.get(0));
        assertEquals(among, run(Order.BEFORE, annotations, lastEnd), "markers before the frames");
        assertEquals(among, run(Order.AFTER, annotations, lastEnd), "markers after the frames");
    }

    /** The labelled windows of one run, as JSON without their ingest stamps, in topic order. */
    private List<String> run(
            final Order order, final List<EdfAnnotation> annotations, final long lastEnd)
            throws Exception {
        // markers that come after every frame must not find their marker stream idle already;
        // no descriptors (slow on 64 channels, and no input of the label join)
        final JobConfig config =
                JobConfig.builder()
                        .computeBackend(BackendKind.CPU)
                        .idleness(Duration.ofMinutes(5))
                        .descriptors(false)
                        .build();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(work.resolve(order.name()), 1)) {
            final String bootstrap = runtime.bootstrapServers();
            final JobClient job =
                    NeuroStreamJob.onKafka(bootstrap, config).executeAsync(runtime.environment());
            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
                    EdfReader reader = EdfReader.open(RECORDING)) {
                final FrameBridge frames =
                        new FrameBridge(producer, Modality.EEG, "S001R04", "eeg");
                final KafkaMarkerSink markers = new KafkaMarkerSink(producer);
                switch (order) {
                    case BEFORE -> {
                        send(markers, annotations, Pacing.parse("max"));
                        producer.flush();
                        Thread.sleep(2_000);
                        frames.run(reader, 16, Pacing.parse("max"));
                    }
                    case AMONG -> {
                        final CompletableFuture<Void> marking =
                                CompletableFuture.runAsync(
                                        () -> send(markers, annotations, new Pacing(25)));
                        frames.run(reader, 16, new Pacing(25));
                        marking.get();
                    }
                    case AFTER -> {
                        frames.run(reader, 16, Pacing.parse("max"));
                        producer.flush();
                        Thread.sleep(2_000);
                        send(markers, annotations, Pacing.parse("max"));
                    }
                }
                // a frame and a marker of another session far later: both watermarks pass the end
                markers.accept(
                        new MarkerRecord("flush/markers", FLUSH_NS, 0, "end"),
                        System.currentTimeMillis() * 1_000_000L);
                producer.send(flushFrame());
                producer.flush();
            }
            // until the last labelled window is out (they come out in order of end)
            List<JsonNode> out;
            try {
                out =
                        TopicReader.read(
                                bootstrap,
                                "read_uncommitted",
                                Topics.FEATURES,
                                r -> isLabelled(r) && r.path("end_ns").asLong() == lastEnd,
                                1,
                                Duration.ofSeconds(2),
                                Duration.ofMinutes(4));
            } catch (final AssertionError e) {
                out =
                        TopicReader.read(
                                bootstrap,
                                "read_uncommitted",
                                Topics.FEATURES,
                                r -> false,
                                0,
                                Duration.ofSeconds(2),
                                Duration.ofMinutes(1));
                throw new AssertionError(
                        order
                                + ": the last labelled window never came; labelled window ends: "
                                + out.stream()
                                        .filter(MarkerOrderIT::isLabelled)
                                        .map(r -> r.path("end_ns").asLong() / 1_000_000L)
                                        .toList(),
                        e);
            }
            job.cancel().get();
            final List<String> windows = new ArrayList<>();
            for (final JsonNode r : out) {
                if (isLabelled(r)) {
                    ((ObjectNode) r).remove("ingest_ns");
                    windows.add(r.toString());
                }
            }
            return windows;
        }
    }

    private static boolean isLabelled(final JsonNode r) {
        return LabelledWindowRecord.KIND.equals(r.path("kind").asText());
    }

    /** Each annotation as a marker at its onset, at the pacing's speed. */
    private static void send(
            final KafkaMarkerSink sink,
            final List<EdfAnnotation> annotations,
            final Pacing pacing) {
        try {
            for (final EdfAnnotation a : annotations) {
                final long onset = Math.round(a.onsetSeconds() * 1e9);
                pacing.awaitDeviceTime(onset);
                sink.accept(
                        new MarkerRecord(
                                MARKERS, onset, Math.round(a.durationSeconds() * 1e9), a.text()),
                        System.currentTimeMillis() * 1_000_000L);
            }
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One EEG frame of one sample of a stream of its own, at {@link #FLUSH_NS}. */
    private static ProducerRecord<byte[], byte[]> flushFrame() {
        final byte[] id = "flush/eeg".getBytes(StandardCharsets.UTF_8);
        final byte[] session = "flush".getBytes(StandardCharsets.UTF_8);
        final byte[] frame =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES, 1, 1, id.length, session.length)];
        new FrameEncoder()
                .wrap(new UnsafeBuffer(frame), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.EEG)
                .sequence(0)
                .deviceTimeNs(FLUSH_NS)
                .periodNs(PERIOD_NS)
                .ingestTimeNs(System.currentTimeMillis() * 1_000_000L)
                .counts(1, 1)
                .ids(id, session)
                .putSamples(new float[1], 0)
                .finish();
        return new ProducerRecord<>(Topics.RAW_EEG, id, frame);
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("linger.ms", "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
