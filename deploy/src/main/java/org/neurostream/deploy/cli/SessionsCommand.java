package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.ingest.journal.Journals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists session journals: streams, durations, frames, size on disk. */
@Command(name = "sessions", mixinStandardHelpOptions = true)
final class SessionsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            defaultValue = ".",
            paramLabel = "DIR",
            description = "A journal, or a folder of journals (default: the current folder).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        final PrintWriter err = spec.commandLine().getErr();
        final boolean whole =
                Journals.list(
                        dir,
                        spec.commandLine().getOut()::println,
                        problem -> err.println("neurostream sessions: " + problem));
        return whole ? 0 : CliException.PARTIAL_INPUT;
    }
}
