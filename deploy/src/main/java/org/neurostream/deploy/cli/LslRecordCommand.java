package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.deploy.process.ShutdownSignal;
import org.neurostream.ingest.lsl.LslException;
import org.neurostream.ingest.lsl.LslRecorder;
import org.neurostream.ingest.lsl.LslSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurostream lsl record}: LSL streams and their markers into a journal. */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false)
final class LslRecordCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--stream", required = true, paramLabel = "PRED")
    List<String> streams;

    @Option(names = "--journal", required = true, paramLabel = "DIR")
    Path journal;

    @Option(names = "--duration", paramLabel = "TIME")
    Duration duration;

    @Option(names = "--session", paramLabel = "NAME")
    String session;

    @Option(names = "--frame", paramLabel = "N")
    int frame;

    @Mixin LslInputOptions lsl;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final LslSession.Summary s;
        // Ctrl-C: stop the bridges and let the journal close as a whole, shorter session
        try (ShutdownSignal stop = ShutdownSignal.install("lsl-record", Duration.ofSeconds(20))) {
            s =
                    LslRecorder.record(
                            LslCommand.config(),
                            new LslRecorder.Options(
                                    streams.stream().map(LslCommand::predicate).toList(),
                                    lsl.markerQueries(),
                                    journal,
                                    session,
                                    duration == null ? 0 : duration.toNanos(),
                                    lsl.timeout.toNanos(),
                                    frame,
                                    lsl.buffer),
                            LslCommand.problems(spec),
                            () -> !stop.requested());
        } catch (final LslException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        out.println(s.recordLine());
        out.flush();
        return s.dropped() > 0 ? CliException.PARTIAL_INPUT : 0;
    }
}
