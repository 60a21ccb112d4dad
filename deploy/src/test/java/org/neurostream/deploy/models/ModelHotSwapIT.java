package org.neurostream.deploy.models;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.deploy.cli.NeuroStreamCli;
import org.neurostream.deploy.embedded.EmbeddedRuntime;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.NeuroStreamJob;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.stream.DecoderStreamState;
import org.neurostream.models.stream.StreamingDecoder;
import org.neurostream.models.training.DecoderTraining;
import org.neurostream.operators.compute.BackendKind;

/**
 * A hot swap on the real embedded broker and MiniCluster: the job decodes a real recording with the
 * model it started with, {@code model publish} puts another model on {@code neuro.models} while the
 * recording streams, and from one window on every prediction is the new model's (named {@code
 * NAME@1}), exactly as that model decodes the stream from its first sample; no window is lost or
 * repeated.
 */
class ModelHotSwapIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path RECORDING = HOME.resolve("replay-data/eeg/S001R04.edf");
    private static final String STREAM = "S001R04/eeg";
    private static final long PERIOD_NS = 6_250_000L; // 160 Hz

    @TempDir Path work;

    @Test
    void shouldSwitchTheRunningJobToAPublishedModelMidStreamLosingAndRepeatingNoWindow()
            throws Exception {
        // two csp-lda models (8-30 Hz, 2 s windows: one front end), other classes, other names
        final Path start = train("left-right", "T1,T2");
        final Path next = train("rest-imagery", "T0,T1+T2");
        final float[] samples;
        final int n;
        try (EdfReader reader = EdfReader.open(RECORDING)) {
            n = (int) reader.totalSamplesPerChannel();
            samples = new float[n * reader.channelCount()];
            reader.read(samples, n);
        }
        final int windows = (n - 320) / 40 + 1;
        final List<String> startKernel = kernel(PipelineModel.read(start), samples, n);
        final List<String> nextKernel = kernel(PipelineModel.read(next), samples, n);

        final JobConfig config =
                JobConfig.builder()
                        .computeBackend(BackendKind.CPU)
                        .modelFile(start)
                        .descriptors(false) // the decoder is the point; spare the loaded machine
                        .build();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(work.resolve("runtime"), 1)) {
            final String bootstrap = runtime.bootstrapServers();
            final JobClient job =
                    NeuroStreamJob.onKafka(bootstrap, config).executeAsync(runtime.environment());
            final Thread bridge = stream(bootstrap);
            final List<PredictionRecord> out = new ArrayList<>();
            String publishLine = null;
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
                final long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (out.size() < windows && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        out.add(
                                RecordJson.newMapper()
                                        .readValue(r.value(), PredictionRecord.class));
                    }
                    if (publishLine == null && out.size() >= 100) {
                        publishLine = publish(next, bootstrap);
                    }
                }
            } finally {
                bridge.join(60_000);
                job.cancel().get();
            }
            assertEquals(
                    "model publish: model=rest-imagery@1 topic=neuro.models offset=0 bytes=",
                    publishLine.replaceAll("bytes=\\d+$", "bytes="));
            assertEquals(windows, out.size(), "predictions");

            int switched = -1;
            for (int i = 0; i < out.size(); i++) {
                final PredictionRecord p = out.get(i);
                assertEquals(STREAM, p.streamId);
                assertEquals(i, p.seq, "seq of prediction " + i);
                final String model = p.model + "@" + p.modelVersion;
                if (switched < 0 && model.equals("rest-imagery@1")) {
                    switched = i;
                }
                final boolean after = switched >= 0;
                assertEquals(after ? "rest-imagery@1" : "left-right@0", model, "window " + i);
                assertEquals(
                        (after ? nextKernel : startKernel).get(i),
                        i + " " + p.endNs / PERIOD_NS + " " + p.label + " " + p.probability,
                        "window " + i);
            }
            assertTrue(switched >= 100, "switched at window " + switched + ", before publishing");
            assertTrue(
                    switched < windows - 100,
                    "switched at window " + switched + " of " + windows + ": not mid-stream");
        }
    }

    /** Trains a csp-lda model on the recording (3-fold cross-validation, it is not the point). */
    private Path train(final String name, final String classes) throws Exception {
        final Path file = work.resolve(name + ".json");
        DecoderTraining.train(
                        new DecoderTraining.Request(
                                List.of(RECORDING),
                                classes,
                                PipelineKind.CSP_LDA,
                                PipelineModel.DEFAULT_TMIN,
                                PipelineModel.DEFAULT_TMAX,
                                3,
                                name))
                .model()
                .write(file);
        return file;
    }

    /** The model's windows on the stream from its first sample: "seq end_sample label p". */
    private static List<String> kernel(final PipelineModel model, final float[] all, final int n) {
        final List<String> windows = new ArrayList<>();
        final StreamingDecoder kernel = new StreamingDecoder(model);
        final DecoderStreamState s = kernel.newState();
        kernel.append(
                s,
                all,
                0,
                n,
                (seq, end, p, label) ->
                        windows.add(
                                seq
                                        + " "
                                        + end
                                        + " "
                                        + model.classes().get(label).name()
                                        + " "
                                        + p[1]));
        return windows;
    }

    /** Streams the recording at 4 times its pace on a thread of its own. */
    private static Thread stream(final String bootstrap) {
        final Thread t =
                new Thread(
                        () -> {
                            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
                                    EdfReader reader = EdfReader.open(RECORDING)) {
                                new FrameBridge(producer, Modality.EEG, "S001R04", "eeg")
                                        .run(reader, 8, Pacing.parse("4"));
                                producer.flush();
                            } catch (final Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        "bridge");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** {@code model publish FILE --bootstrap B} as a user runs it; returns its line. */
    private static String publish(final Path model, final String bootstrap) {
        final var cli = NeuroStreamCli.commandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertEquals(
                0,
                cli.execute("model", "publish", model.toString(), "--bootstrap", bootstrap),
                err.toString());
        return out.toString().strip();
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("linger.ms", "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(final String bootstrap) {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("group.id", "hot-swap-it");
        p.setProperty("auto.offset.reset", "earliest");
        final KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(Topics.PREDICTIONS));
        return c;
    }
}
