package org.neurostream.deploy.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.stream.StreamId;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.ingest.bridge.EventBridge;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.FrameSink;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.calcium.CalciumTraceReader;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.calcium.TraceFileOptions;
import org.neurostream.ingest.dvs.EventFileReader;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.ingest.journal.JournalFrameSink;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.KafkaRecorder;
import org.neurostream.ingest.journal.SessionMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Records files (EEG, event camera, calcium traces) or the raw topics into a session journal,
 * through the bridges' own frame cutting.
 */
@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Records files into a session journal (a Chronicle Queue).",
            "",
            "Each file becomes one stream, cut into frames exactly as the bridges cut them for Kafka:"
                    + " EDF/EDF+/BDF -> <file name>/eeg (frames of --frame); event-camera recordings"
                    + " (.raw EVT 2.0/3.0, .dat, .aedat4, .bin) -> <file name>/dvs (windows of --frame);"
                    + " calcium traces (.npy, .csv; ROIs x frames) -> <file name>/calcium (one imaging"
                    + " frame per frame, at --calcium-fs). Every frame is journaled with its arrival time,"
                    + " and the session (streams, modalities, sample rates, channel labels, files, start"
                    + " time) in DIR/journal.json. All files stream at once, each on its own thread."
                    + " Ctrl-C closes the journal with what was recorded so far (a whole, shorter"
                    + " session).",
            "With --from-kafka it journals every frame that arrives on the raw topics instead, with its"
                    + " topic, partition and offset; run on the journal a crashed recorder left, it goes on"
                    + " right after the last offset journaled (nothing Kafka still holds is lost or doubled).",
            "Without --bootstrap, --from-kafka starts an embedded Kafka broker (KRaft) on 127.0.0.1:--port"
                    + " with the raw topics, prints its address for the senders, and keeps its data in"
                    + " --broker-dir, so that a recorder run again after a crash finds what the broker held.",
            "Replay it with: neurostream replay --journal DIR; list journals with: neurostream sessions.",
            "",
            "Exit codes: 0 done; 2 unusable input (nothing recorded); 3 a truncated file (its complete"
                    + " records were recorded, a warning printed)."
        })
final class RecordCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--input",
            arity = "1..*",
            paramLabel = "FILE",
            description =
                    "EDF/EDF+/BDF, event-camera (.raw, .dat, .aedat4, .bin) or calcium trace (.npy,"
                            + " .csv) files, one stream each.")
    List<Path> inputs;

    @Option(
            names = "--calcium-fs",
            defaultValue = "30",
            paramLabel = "HZ",
            description =
                    "Imaging frame rate of calcium trace files, which they do not carry (default:"
                            + " ${DEFAULT-VALUE}).")
    double calciumFs;

    @Option(
            names = "--from-kafka",
            description =
                    "Journal what arrives on the raw topics instead; run again on the same journal after a"
                            + " crash, it goes on after the last offset journaled.")
    boolean fromKafka;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka to record from (default: an embedded broker, see --port).")
    String bootstrap;

    @Option(
            names = "--port",
            defaultValue = "9092",
            description =
                    "With --from-kafka and no --bootstrap: the embedded broker's port on 127.0.0.1; its"
                            + " controller takes the next one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--broker-dir",
            paramLabel = "DIR",
            description =
                    "With --from-kafka and no --bootstrap: the embedded broker's data (default: the"
                            + " journal's folder name + .kafka, beside it).")
    Path brokerDir;

    @Option(
            names = "--idle-exit",
            paramLabel = "TIME",
            description =
                    "With --from-kafka: stop after nothing arrived for this long (default: run until stopped).")
    Duration idleExit;

    @Option(
            names = "--journal",
            required = true,
            paramLabel = "DIR",
            description = "New folder for the journal (must not hold one already).")
    Path journal;

    @Option(
            names = "--speed",
            defaultValue = "max",
            paramLabel = "N|max",
            description =
                    "1 = at the recording's own pace, N times faster, or max (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(
            names = "--frame",
            defaultValue = "50ms",
            paramLabel = "TIME",
            description = "Duration of one frame (default: ${DEFAULT-VALUE}).")
    Duration frame;

    @Option(
            names = "--session",
            paramLabel = "NAME",
            description = "Session name in the journal (default: the first file's name).")
    String session;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (fromKafka == (inputs != null)) {
            throw new CliException(
                    CliException.BAD_INPUT, "give either --input FILE... or --from-kafka");
        }
        if (fromKafka) {
            return fromKafka(out);
        }
        final Pacing pacing;
        try {
            pacing = Pacing.parse(speed);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, "--speed: " + e.getMessage());
        }
        if (!(calciumFs > 0) || Double.isInfinite(calciumFs)) {
            throw new CliException(
                    CliException.BAD_INPUT, "--calcium-fs must be > 0 Hz; got " + calciumFs);
        }
        final List<FileInput> files = new ArrayList<>();
        try {
            for (final Path file : inputs) {
                files.add(open(file));
            }
            final SessionMetadata metadata = new SessionMetadata();
            metadata.sessionId = session != null ? session : baseName(inputs.get(0));
            for (final FileInput f : files) {
                metadata.sourceFiles.add(f.file.toString());
                metadata.streams.add(f.stream);
            }
            final long t0 = System.nanoTime();
            final JournalWriter writer;
            try {
                writer = JournalWriter.create(journal, metadata);
            } catch (final IOException e) {
                throw new CliException(CliException.BAD_INPUT, e.getMessage());
            }
            // Ctrl-C: close the journal (end marker, final metadata) so that it reads as a whole
            // session and a replay following it ends; frames after the close are not recorded
            final Thread hook =
                    new Thread(
                            () -> {
                                try {
                                    writer.close();
                                    err.printf(
                                            "record: stopped; journal %s closed after %d frames%n",
                                            journal, writer.frames());
                                    err.flush();
                                } catch (final IOException e) {
                                    err.println("record: closing the journal: " + e.getMessage());
                                }
                            },
                            "record-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try (writer) {
                record(files, writer, pacing);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (final IllegalStateException e) {
                    // already shutting down: the hook closes the journal
                }
            }
            final double seconds = (System.nanoTime() - t0) / 1e9;
            int exit = 0;
            for (final FileInput f : files) {
                out.printf(
                        Locale.ROOT,
                        "record: %s: %d frames %s from %s%n",
                        f.stream.streamId,
                        f.frames(),
                        f.describe(),
                        f.file);
                exit = Math.max(exit, f.warn(err));
            }
            out.printf(
                    Locale.ROOT,
                    "record: journal %s: %d frames in %.2f s%n",
                    journal,
                    writer.frames(),
                    seconds);
            return exit;
        } finally {
            for (final FileInput f : files) {
                f.close();
            }
        }
    }

    private void record(
            final List<FileInput> files, final JournalWriter writer, final Pacing pacing)
            throws Exception {
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        for (final FileInput f : files) {
            final FrameSink sink = new JournalFrameSink(writer);
            final Thread t =
                    new Thread(
                            () -> {
                                try {
                                    f.record(sink, new Pacing(pacing.speed()));
                                } catch (final IOException | RuntimeException e) {
                                    failure.compareAndSet(null, e);
                                }
                            },
                            "record-" + f.stream.streamId);
            threads.add(t);
            t.start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new CliException(1, "recording stopped: " + failure.get().getMessage());
        }
    }

    /** The input of one file, by its name's extension. */
    private FileInput open(final Path file) {
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        final String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        try {
            return switch (ext) {
                case "edf", "bdf" -> new EegInput(file, EdfInput.open(file));
                case "raw", "dat", "aedat4", "bin" ->
                        new EventInput(file, EventFileReader.open(file));
                case "npy", "csv" ->
                        new CalciumInput(
                                file, CalciumTraceReader.read(file, TraceFileOptions.DEFAULTS));
                default ->
                        throw new CliException(
                                CliException.BAD_INPUT,
                                file
                                        + ": not a file record reads: EDF/EDF+/BDF, event camera (.raw,"
                                        + " .dat, .aedat4, .bin) or calcium traces (.npy, .csv)");
            };
        } catch (final NoSuchFileException e) {
            throw new CliException(CliException.BAD_INPUT, file + ": no such file");
        } catch (final IOException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }

    /** One input file: the stream it becomes, and how its frames are cut and sent. */
    private abstract static class FileInput implements Closeable {
        final Path file;
        final SessionMetadata.Stream stream;

        FileInput(final Path file, final SessionMetadata.Stream stream) {
            this.file = file;
            this.stream = stream;
        }

        /** Streams the whole file into {@code sink} at {@code pacing}. */
        abstract void record(FrameSink sink, Pacing pacing) throws IOException;

        /** Frames sent so far. */
        abstract long frames();

        /** What the frames held, for the summary line. */
        abstract String describe();

        /** Warns about a partly readable file; returns the exit code it calls for. */
        int warn(final PrintWriter err) {
            return 0;
        }

        @Override
        public void close() throws IOException {}
    }

    /** An EDF/EDF+/BDF file: frames of --frame. */
    private final class EegInput extends FileInput {
        private final EdfReader reader;
        private FrameBridge bridge;

        EegInput(final Path file, final EdfReader reader) {
            super(
                    file,
                    new SessionMetadata.Stream(
                            StreamId.of(baseName(file), "eeg"),
                            Modality.EEG.name(),
                            reader.sampleRate(),
                            reader.labels(),
                            reader.physicalDimensions().isEmpty()
                                    ? ""
                                    : reader.physicalDimensions().get(0),
                            file.toString()));
            this.reader = reader;
        }

        @Override
        void record(final FrameSink sink, final Pacing pacing) throws IOException {
            bridge = new FrameBridge(sink, Modality.EEG, baseName(file), "eeg");
            final int samples =
                    Math.max(1, (int) Math.round(Durations.seconds(frame) * reader.sampleRate()));
            bridge.run(reader, samples, pacing);
        }

        @Override
        long frames() {
            return bridge == null ? 0 : bridge.framesSent();
        }

        @Override
        String describe() {
            return "of "
                    + reader.channelCount()
                    + " channels at "
                    + Csv.number(reader.sampleRate())
                    + " Hz";
        }

        @Override
        int warn(final PrintWriter err) {
            return EdfInput.warnIfTruncated(reader, err, "record");
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** An event-camera recording: windows of --frame. */
    private final class EventInput extends FileInput {
        private final EventFileReader reader;
        private EventBridge bridge;

        EventInput(final Path file, final EventFileReader reader) {
            super(
                    file,
                    new SessionMetadata.Stream(
                            StreamId.of(baseName(file), "dvs"),
                            Modality.DVS.name(),
                            0,
                            List.of(),
                            "",
                            file.toString()));
            this.reader = reader;
        }

        @Override
        void record(final FrameSink sink, final Pacing pacing) throws IOException {
            bridge =
                    new EventBridge(
                            sink, baseName(file), "dvs", EventBridge.DEFAULT_MAX_EVENTS_PER_FRAME);
            bridge.run(reader, Math.max(1, frame.toNanos() / 1000), pacing);
        }

        @Override
        long frames() {
            return bridge == null ? 0 : bridge.framesSent();
        }

        @Override
        String describe() {
            return "of " + (bridge == null ? 0 : bridge.eventsSent()) + " events";
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** Calcium traces (ROIs x frames): one imaging frame per frame, at --calcium-fs. */
    private final class CalciumInput extends FileInput {
        private final CalciumTraces traces;
        private FrameBridge bridge;

        CalciumInput(final Path file, final CalciumTraces traces) {
            super(
                    file,
                    new SessionMetadata.Stream(
                            StreamId.of(baseName(file), "calcium"),
                            Modality.CALCIUM.name(),
                            calciumFs,
                            traces.labels(),
                            "",
                            file.toString()));
            this.traces = traces;
        }

        @Override
        void record(final FrameSink sink, final Pacing pacing) throws IOException {
            bridge = new FrameBridge(sink, Modality.CALCIUM, baseName(file), "calcium");
            bridge.run(traces.asSource(calciumFs), 1, pacing);
        }

        @Override
        long frames() {
            return bridge == null ? 0 : bridge.framesSent();
        }

        @Override
        String describe() {
            return "of " + traces.roiCount() + " ROIs at " + Csv.number(calciumFs) + " Hz";
        }
    }

    private int fromKafka(final PrintWriter out) throws Exception {
        if (bootstrap != null) {
            return fromKafka(out, bootstrap);
        }
        if (port < 1 || port > 65534) {
            throw new CliException(CliException.BAD_INPUT, "--port must be 1-65534; got " + port);
        }
        final Path dir =
                brokerDir != null
                        ? brokerDir
                        : journal.toAbsolutePath().resolveSibling(journal.getFileName() + ".kafka");
        final EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.restart(dir, port, port + 1);
        } catch (final IOException e) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    "cannot start the embedded Kafka broker on 127.0.0.1:"
                            + port
                            + " (and "
                            + (port + 1)
                            + " for its controller) with data in "
                            + dir
                            + ": "
                            + e.getMessage()
                            + "; give another --port, or --bootstrap for a broker of your own");
        }
        try (broker) {
            broker.createTopics(Topics.RAW.toArray(new String[0]));
            out.printf(
                    "record: Kafka at %s (embedded, data in %s): send frames to %s%n",
                    broker.bootstrapServers(), dir, String.join(", ", Topics.RAW));
            out.flush();
            return fromKafka(out, broker.bootstrapServers());
        }
    }

    private int fromKafka(final PrintWriter out, final String bootstrap) throws Exception {
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook =
                new Thread(
                        () -> {
                            stop.set(true);
                            try {
                                finished.await(10, TimeUnit.SECONDS);
                            } catch (final InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "record-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            final KafkaRecorder recorder;
            try {
                recorder = new KafkaRecorder(bootstrap, Topics.RAW, journal);
            } catch (final IOException e) {
                throw new CliException(CliException.BAD_INPUT, e.getMessage());
            }
            try (recorder) {
                out.printf(
                        "record: %s journal %s from Kafka at %s (%s)%n",
                        recorder.resumed() ? "resuming" : "new",
                        journal,
                        bootstrap,
                        String.join(", ", Topics.RAW));
                out.flush();
                recorder.run(stop::get, idleExit);
            }
            out.printf(
                    Locale.ROOT,
                    "record: journal %s: %d frames, %d records that were not frames left out by this run%n",
                    journal,
                    recorder.frames(),
                    recorder.skipped());
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException e) {
                // already shutting down: the hook is running and waits for us
            }
        }
    }

    private static String baseName(final Path file) {
        return file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    }
}
