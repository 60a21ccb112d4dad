package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
        if (port < 0 || port > 65_535) {
            throw new CliException(CliException.BAD_INPUT, "--dashboard-port: not a port: " + port);
        }
        final InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (final UnknownHostException e) {
            throw new CliException(CliException.BAD_INPUT, "--dashboard-bind: unknown: " + bind);
        }
        try {
            final Dashboard dashboard = Dashboard.start(bootstrap, address, port, token, true);
            out.println("dashboard: " + dashboard.url());
            out.flush();
            return dashboard;
        } catch (final BindException e) {
            final String why = "dashboard: " + e.getMessage();
            if (mixee.commandLine().getParseResult().hasMatchedOption("--dashboard-port")) {
                throw new CliException(CliException.BAD_INPUT, why);
            }
            out.println(
                    why
                            + "; running without it (--dashboard-port P picks another port, 0 any"
                            + " free one)");
            out.flush();
            return null;
        }
    }
}
