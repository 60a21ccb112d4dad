package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.neurostream.monitoring.dashboard.Dashboard;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The dashboard options of a command that hosts a job (a picocli mixin), and the start of the
 * dashboard they describe. On by default, on loopback port 8080; a port the user did not name that
 * is taken costs only the dashboard, with a line that says so, while a port the user named must be
 * free.
 */
final class DashboardOptions {
    @Spec(Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    @Option(
            names = "--dashboard-port",
            defaultValue = "" + Dashboard.DEFAULT_PORT,
            paramLabel = "PORT",
            description =
                    "Port of the live dashboard, served while the job runs (default:"
                            + " ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(
            names = "--dashboard-bind",
            defaultValue = Dashboard.DEFAULT_BIND,
            paramLabel = "ADDR",
            description =
                    "Address the dashboard listens on (default: ${DEFAULT-VALUE}, this machine"
                            + " only). Any other address needs a token.")
    String bind;

    @Option(
            names = "--dashboard-token",
            paramLabel = "TOKEN",
            description =
                    "Token the dashboard asks for (default: none on loopback, else a random one,"
                            + " printed with the address as ?token=...).")
    String token;

    @Option(names = "--no-dashboard", description = "Runs without the dashboard.")
    boolean off;

    /**
     * Starts the dashboard on the job's outputs at {@code bootstrap} and prints its address; null
     * when it is off or its default port is taken.
     */
    Dashboard start(final String bootstrap, final PrintWriter out) throws IOException {
        if (off) {
            return null;
        }
        try {
            return Dashboard.startOrSkip(
                    bootstrap,
                    bind,
                    port,
                    mixee.commandLine().getParseResult().hasMatchedOption("--dashboard-port"),
                    token,
                    NeuroStreamCli.lines(out));
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }
}
