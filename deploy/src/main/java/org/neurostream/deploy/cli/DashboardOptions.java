package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.neurostream.deploy.demo.Demo;
import org.neurostream.monitoring.dashboard.Dashboard;
import org.neurostream.monitoring.dashboard.DashboardAccess;
import org.neurostream.monitoring.dashboard.DashboardTls;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The dashboard options of a command that hosts a job (a picocli mixin), and the start of the
 * dashboard they describe. On by default, on loopback port 8080, plain HTTP; a port the user did
 * not name that is taken costs only the dashboard, with a line that says so, while a port the user
 * named must be free. Off loopback it serves HTTPS only, with a token that comes from a file or the
 * environment, never from the command line (which every user of the machine can read).
 */
final class DashboardOptions {
    /** The environment variable that holds the dashboard's token when no file names one. */
    static final String TOKEN_VARIABLE = DashboardAccess.TOKEN_VARIABLE;

    @Spec(Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    @Option(
            names = "--dashboard-port",
            defaultValue = "" + Dashboard.DEFAULT_PORT,
            paramLabel = "PORT")
    int port;

    @Option(names = "--dashboard-bind", defaultValue = Dashboard.DEFAULT_BIND, paramLabel = "ADDR")
    String bind;

    @Option(names = "--dashboard-token-file", paramLabel = "FILE")
    Path tokenFile;

    @Option(names = "--dashboard-token", paramLabel = "TOKEN")
    String token;

    @Option(names = "--dashboard-tls-keystore", paramLabel = "FILE")
    Path tlsKeyStore;

    @Option(names = "--dashboard-tls-password-file", paramLabel = "FILE")
    Path tlsPasswordFile;

    @Option(names = "--no-dashboard")
    boolean off;

    /**
     * The start of the dashboard these options describe, its token and TLS key store read now, so
     * that a missing or unusable file stops the command (exit 2) before anything starts. The
     * starter returns null when the dashboard is off or its default port is taken.
     */
    Demo.DashboardStarter starter(final PrintWriter out) {
        if (off) {
            return (kafka, bootstrap) -> null;
        }
        final Dashboard.Settings settings;
        try {
            settings =
                    new Dashboard.Settings(
                            bind,
                            port,
                            mixee.commandLine()
                                    .getParseResult()
                                    .hasMatchedOption("--dashboard-port"),
                            token(),
                            DashboardTls.loadIfGiven(tlsKeyStore, tlsPasswordFile));
        } catch (final IOException | IllegalArgumentException e) { // token, key store, password
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        return (kafka, bootstrap) -> {
            try {
                return Dashboard.startOrSkip(kafka, bootstrap, settings, NeuroStreamCli.lines(out));
            } catch (final IllegalArgumentException e) {
                throw new CliException(CliException.BAD_INPUT, e.getMessage());
            }
        };
    }

    /** The token the user gave: from the file, the environment, or (deprecated) the option. */
    private String token() throws IOException {
        if (token == null) {
            return DashboardAccess.token(tokenFile, System.getenv());
        }
        final PrintWriter err = mixee.commandLine().getErr();
        err.println(
                mixee.qualifiedName()
                        + ": warning: --dashboard-token shows the token to every user of this"
                        + " machine (ps); give it with --dashboard-token-file FILE or "
                        + TOKEN_VARIABLE
                        + " instead");
        err.flush();
        return token;
    }
}
