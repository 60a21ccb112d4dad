package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the command line, with what it printed. */
record CommandRun(int exitCode, String out, String err) {
    static CommandRun of(final String... args) {
        final CommandLine cli = NeuroStreamCli.commandLine(args);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final int code = cli.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
