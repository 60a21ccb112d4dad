package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
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
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.ingest.Topics;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.ingest.frame.Modality;
import org.neurostream.ingest.journal.JournalFrameSink;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.KafkaRecorder;
import org.neurostream.ingest.journal.SessionMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Records EDF/BDF files into a session journal through the bridge's own frame cutting. */
@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Records EDF/BDF files into a session journal (a Chronicle Queue).",
            "",
            "Each file becomes one stream, <file name>/eeg, cut into frames exactly as the bridge"
                    + " cuts them for Kafka; every frame is journaled with its arrival time, and the"
                    + " session (streams, sample rates, channel labels, files, start time) in"
                    + " DIR/journal.json. All files stream at once, each on its own thread. Ctrl-C"
                    + " closes the journal with what was recorded so far (a whole, shorter session).",
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
            description = "EDF, EDF+ or BDF files, one stream each.")
    List<Path> inputs;

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
        final List<EdfReader> readers = new ArrayList<>();
        try {
            for (final Path file : inputs) {
                readers.add(EdfInput.open(file));
            }
            final SessionMetadata metadata = new SessionMetadata();
            metadata.sessionId = session != null ? session : baseName(inputs.get(0));
            for (final EdfReader r : readers) {
                final String name = baseName(r.file());
                final List<String> units = r.physicalDimensions();
                metadata.sourceFiles.add(r.file().toString());
                metadata.streams.add(
                        new SessionMetadata.Stream(
                                name + "/eeg",
                                Modality.EEG.name(),
                                r.sampleRate(),
                                r.labels(),
                                units.isEmpty() ? "" : units.get(0),
                                r.file().toString()));
            }
            final long t0 = System.nanoTime();
            final JournalWriter writer;
            try {
                writer = JournalWriter.create(journal, metadata);
            } catch (final IOException e) {
                throw new CliException(CliException.BAD_INPUT, e.getMessage());
            }
            final List<FrameBridge> bridges = new ArrayList<>();
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
                record(readers, writer, pacing, bridges);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (final IllegalStateException e) {
                    // already shutting down: the hook closes the journal
                }
            }
            final double seconds = (System.nanoTime() - t0) / 1e9;
            int exit = 0;
            for (int i = 0; i < readers.size(); i++) {
                out.printf(
                        Locale.ROOT,
                        "record: %s: %d frames of %d channels at %s Hz from %s%n",
                        bridges.get(i).streamId(),
                        bridges.get(i).framesSent(),
                        readers.get(i).channelCount(),
                        Csv.number(readers.get(i).sampleRate()),
                        readers.get(i).file());
                exit = Math.max(exit, EdfInput.warnIfTruncated(readers.get(i), err, "record"));
            }
            out.printf(
                    Locale.ROOT,
                    "record: journal %s: %d frames in %.2f s%n",
                    journal,
                    writer.frames(),
                    seconds);
            return exit;
        } finally {
            for (final EdfReader r : readers) {
                r.close();
            }
        }
    }

    private void record(
            final List<EdfReader> readers,
            final JournalWriter writer,
            final Pacing pacing,
            final List<FrameBridge> bridges)
            throws Exception {
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        for (final EdfReader r : readers) {
            final FrameBridge bridge =
                    new FrameBridge(
                            new JournalFrameSink(writer), Modality.EEG, baseName(r.file()), "eeg");
            bridges.add(bridge);
            final int samples =
                    Math.max(1, (int) Math.round(Durations.seconds(frame) * r.sampleRate()));
            final Thread t =
                    new Thread(
                            () -> {
                                try {
                                    bridge.run(r, samples, new Pacing(pacing.speed()));
                                } catch (final IOException | RuntimeException e) {
                                    failure.compareAndSet(null, e);
                                }
                            },
                            "record-" + bridge.streamId());
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
        return file.getFileName().toString().replaceFirst("\\.(?i)(edf|bdf)$", "");
    }
}
