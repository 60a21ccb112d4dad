package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurostream.deploy.embedded.KafkaJournalRecording;
import org.neurostream.ingest.bridge.FileStream;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.journal.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin FileStreamOptions files;

    @Option(
            names = "--resample",
            defaultValue = "0",
            paramLabel = "HZ",
            description =
                    "Journal calcium streams resampled to this rate, as the job's --resample does"
                            + " (anti-aliased polyphase; 0, the default: at their own rate).")
    double resample;

    @Mixin KafkaClientOptions kafka;

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
        final Pacing pacing = FileStreamOptions.pacing(speed);
        final List<FileStream> streams = files.open(inputs, null, resample);
        try {
            final long t0 = System.nanoTime();
            final Recorder recorder;
            try {
                recorder =
                        Recorder.create(
                                journal,
                                session != null ? session : streams.get(0).session(),
                                streams);
            } catch (final IOException e) {
                throw new CliException(CliException.BAD_INPUT, e.getMessage());
            }
            try (recorder;
                    AutoCloseable hook =
                            recorder.closeOnShutdown(
                                    m -> {
                                        err.println("record: " + m);
                                        err.flush();
                                    })) {
                recorder.run(pacing);
            } catch (final IOException e) {
                throw new CliException(1, e.getMessage());
            }
            int exit = 0;
            for (final FileStream f : streams) {
                out.printf(
                        Locale.ROOT,
                        "record: %s: %d frames %s from %s%n",
                        f.streamId(),
                        f.framesSent(),
                        f.describe(),
                        f.file());
                if (f.truncation() != null) {
                    err.println("neurostream record: warning: " + f.truncation());
                    exit = CliException.PARTIAL_INPUT;
                }
            }
            out.printf(
                    Locale.ROOT,
                    "record: journal %s: %d frames in %.2f s%n",
                    journal,
                    recorder.frames(),
                    (System.nanoTime() - t0) / 1e9);
            return exit;
        } finally {
            FileStreamOptions.close(streams);
        }
    }

    private int fromKafka(final PrintWriter out) throws Exception {
        try {
            KafkaJournalRecording.run(
                    journal,
                    kafka.clients(),
                    bootstrap,
                    port,
                    brokerDir,
                    idleExit,
                    NeuroStreamCli.lines(out));
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        return 0;
    }
}
