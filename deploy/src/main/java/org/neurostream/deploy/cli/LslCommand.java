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
        description = {
            "Lab Streaming Layer (LSL): list, read, serve and record LSL streams, wire-compatible"
                    + " with liblsl (protocol 1.10).",
            "",
            LslCommand.NETWORK
        },
        subcommands = {
            LslListCommand.class,
            LslPullCommand.class,
            LslPlayCommand.class,
            LslRecordCommand.class
        })
final class LslCommand implements Runnable {
    /** The paragraph every LSL command's help carries: which network it talks to. */
    static final String NETWORK =
            "Network: discovery follows liblsl's configuration file, found as liblsl finds it: the"
                    + " file named by the LSLAPICFG environment variable, else lsl_api.cfg in the"
                    + " working folder, ~/lsl_api/lsl_api.cfg, /etc/lsl_api/lsl_api.cfg. Without one"
                    + " the commands behave as liblsl does on a lab network: discovery queries go"
                    + " by multicast (239.255.172.215) and broadcast on every interface, but"
                    + " outlets listen on 127.0.0.1 only (ListenAddress in a file opens them to the"
                    + " network; empty or absent there: every interface). On one machine, run with"
                    + " LSLAPICFG=config/lsl_loopback.cfg: discovery then stays on 127.0.0.1.";

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
