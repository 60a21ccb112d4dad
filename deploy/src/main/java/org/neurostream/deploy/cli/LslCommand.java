package org.neurostream.deploy.cli;

import java.util.function.Consumer;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.ingest.lsl.LslException;
import org.neurostream.ingest.lsl.StreamQuery;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code neurostream lsl ...}: Lab Streaming Layer streams in and out, without liblsl. */
@Command(
        name = "lsl",
        mixinStandardHelpOptions = true,
        subcommands = {
            LslListCommand.class,
            LslPullCommand.class,
            LslPlayCommand.class,
            LslRecordCommand.class
        })
final class LslCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configuration of this process; a broken file is unusable input (exit 2). */
    static LslConfig config() {
        try {
            return LslConfig.load();
        } catch (final LslException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }

    /** A user predicate ({@code X} means {@code name='X'}); a bad one is unusable input. */
    static StreamQuery predicate(final String text) {
        try {
            return StreamQuery.fromUserPredicate(text);
        } catch (final LslException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }

    /** Prints each fault of a peer on standard error, one line each. */
    static Consumer<String> problems(final CommandLine.Model.CommandSpec spec) {
        final java.io.PrintWriter err = spec.commandLine().getErr();
        return line -> {
            synchronized (err) {
                err.println("lsl: " + line);
                err.flush();
            }
        };
    }
}
