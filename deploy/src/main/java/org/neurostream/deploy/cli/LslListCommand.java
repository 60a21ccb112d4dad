package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.neurostream.ingest.lsl.LslListing;
import org.neurostream.ingest.lsl.LslResolver;
import org.neurostream.ingest.lsl.StreamInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurostream lsl list}: the LSL streams that answer discovery. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false)
final class LslListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--timeout", defaultValue = "2s", paramLabel = "TIME")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        for (final StreamInfo s :
                new LslResolver(LslCommand.config(), LslCommand.problems(spec))
                        .resolveAll(timeout.toNanos())) {
            out.println(LslListing.line(s));
        }
        out.flush();
        return 0;
    }
}
