package org.neurostream.deploy.cli;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.neurostream.ingest.lsl.LslPull;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurostream lsl pull}: one LSL stream as CSV. */
@Command(name = "pull", mixinStandardHelpOptions = true, sortOptions = false)
final class LslPullCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--stream", required = true, paramLabel = "PRED")
    String stream;

    @Option(names = "--count", paramLabel = "N")
    long count;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "TIME")
    Duration timeout;

    @Option(names = "--out", paramLabel = "F.csv")
    Path outFile;

    @Option(names = "--corrected")
    boolean corrected;

    @Override
    public Integer call() throws Exception {
        final Writer w =
                outFile == null
                        ? spec.commandLine().getOut()
                        : Files.newBufferedWriter(outFile, StandardCharsets.UTF_8);
        final LslPull.Result r;
        try {
            r =
                    LslPull.run(
                            LslCommand.config(),
                            LslCommand.predicate(stream),
                            count,
                            timeout.toNanos(),
                            corrected,
                            w,
                            LslCommand.problems(spec),
                            () -> !Thread.currentThread().isInterrupted());
        } finally {
            if (outFile == null) {
                w.flush();
            } else {
                w.close();
            }
        }
        if (r.end() == LslPull.End.NOT_FOUND) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    "no LSL stream matches " + stream + " within " + timeout.toMillis() + " ms");
        }
        final String shortfall = r.shortfall(count, timeout.toMillis());
        if (shortfall != null) {
            LslCommand.problems(spec).accept(shortfall);
            return CliException.PARTIAL_INPUT;
        }
        return 0;
    }
}
