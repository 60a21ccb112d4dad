package org.neurostream.deploy.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.neurostream.sinks.ipc.IpcFormatException;
import org.neurostream.sinks.ipc.IpcPredictionTail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints the predictions arriving in a closed-loop IPC file, as a stimulator would receive them.
 */
@Command(name = "tail-ipc", mixinStandardHelpOptions = true, sortOptions = false)
final class TailIpcCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The IPC file.")
    Path file;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0")
    long count;

    @Option(names = "--timeout", paramLabel = "DURATION")
    Duration timeout;

    @Option(names = "--skip-backlog")
    boolean skipBacklog;

    @Option(names = "--spin")
    boolean spin;

    @Override
    public Integer call() throws Exception {
        try {
            return IpcPredictionTail.tail(
                            file,
                            spec.commandLine().getOut(),
                            count,
                            timeout,
                            spin,
                            skipBacklog,
                            () ->
                                    spec.commandLine()
                                            .getErr()
                                            .println("tail-ipc: waiting for " + file))
                    ? 0
                    : 3;
        } catch (final IpcFormatException e) {
            throw new CliException(2, e.getMessage());
        }
    }
}
