package org.neurostream.deploy.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.agrona.concurrent.IdleStrategy;
import org.neurostream.sinks.ipc.IpcFormatException;
import org.neurostream.sinks.ipc.IpcPredictionReader;
import org.neurostream.sinks.ipc.IpcPredictionTail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints the predictions arriving in a closed-loop IPC file, as a stimulator would receive them.
 */
@Command(
        name = "tail-ipc",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints the predictions arriving in a closed-loop IPC file.",
            "",
            "Reads the ring of a NeuroStream IPC file (written by the job's IPC sink on this host) as"
                    + " a stimulator would, and prints one line per prediction until Ctrl-C:",
            "  stream=ID seq=N interval=[START, END) s label=LABEL p=PROBABILITY latency_us=MICROSECONDS",
            "seq: the job's number of the prediction in its stream (0, 1, 2...; a number at or below"
                    + " one already seen is a repeat after a recovery, which a stimulator drops);"
                    + " interval: the feature interval in device seconds; latency_us: from the writer"
                    + " putting it in the ring to this reader taking it out (the host's monotonic"
                    + " clock).",
            "When the writer dropped predictions (ring full), a line gap: N dropped by the writer"
                    + " marks where. Waits for FILE to appear. Reading consumes: one reader per file.",
            "",
            "Exit codes: 0 done; 2 FILE is not a NeuroStream IPC file; 3 --timeout before --count"
                    + " predictions."
        })
final class TailIpcCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The IPC file.")
    Path file;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "0",
            description = "Stop after N predictions (default: run until Ctrl-C).")
    long count;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description =
                    "Stop after this long (for example 30s); with --count, exit 3 if fewer came.")
    Duration timeout;

    @Option(names = "--skip-backlog", description = "Skip what was waiting in the ring at start.")
    boolean skipBacklog;

    @Option(
            names = "--spin",
            description =
                    "Busy-spin on one core for the lowest latency"
                            + " (default: back off to short sleeps when idle).")
    boolean spin;

    @Override
    public Integer call() throws Exception {
        final long deadline =
                timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        final IdleStrategy idle = IpcPredictionTail.idleStrategy(spin);
        final IpcPredictionReader opened;
        try {
            opened =
                    IpcPredictionTail.openWhenThere(
                            file,
                            idle,
                            deadline,
                            () ->
                                    spec.commandLine()
                                            .getErr()
                                            .println("tail-ipc: waiting for " + file));
        } catch (final IpcFormatException e) {
            throw new CliException(2, e.getMessage());
        }
        try (IpcPredictionReader reader = opened) {
            if (reader == null) {
                return count > 0 ? 3 : 0;
            }
            if (skipBacklog) {
                reader.discardBacklog();
            }
            final IpcPredictionTail tail = new IpcPredictionTail(spec.commandLine().getOut());
            return tail.follow(reader, count, deadline, idle) ? 0 : 3;
        }
    }
}
