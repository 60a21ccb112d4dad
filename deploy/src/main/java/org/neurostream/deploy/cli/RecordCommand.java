package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.deploy.embedded.KafkaJournalRecording;
import org.neurostream.ingest.bridge.FileStream;
import org.neurostream.ingest.bridge.FileStreams;
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
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false)
final class RecordCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--input", arity = "1..*", paramLabel = "FILE")
    List<Path> inputs;

    @Option(names = "--from-kafka")
    boolean fromKafka;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT")
    String bootstrap;

    @Option(names = "--port", defaultValue = "9092")
    int port;

    @Option(names = "--broker-dir", paramLabel = "DIR")
    Path brokerDir;

    @Option(names = "--idle-exit", paramLabel = "TIME")
    Duration idleExit;

    @Option(names = "--journal", required = true, paramLabel = "DIR")
    Path journal;

    @Option(names = "--speed", defaultValue = "max", paramLabel = "N|max")
    String speed;

    @Mixin FileStreamOptions files;

    @Option(names = "--resample", defaultValue = "0", paramLabel = "HZ")
    double resample;

    @Mixin KafkaClientOptions kafka;

    @Option(names = "--session", paramLabel = "NAME")
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
            final Recorder.Report report;
            try {
                report =
                        recorder.record(
                                pacing, m -> NeuroStreamCli.lines(err).accept("record: " + m));
            } catch (final IOException e) {
                throw new CliException(1, e.getMessage());
            }
            report.lines().forEach(out::println);
            report.truncations().forEach(t -> err.println("neurostream record: warning: " + t));
            return report.truncations().isEmpty() ? 0 : CliException.PARTIAL_INPUT;
        } finally {
            FileStreams.closeQuietly(streams);
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
