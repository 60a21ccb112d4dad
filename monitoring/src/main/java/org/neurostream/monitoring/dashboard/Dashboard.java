package org.neurostream.monitoring.dashboard;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.neurostream.monitoring.outputs.OutputConsumer;

/**
 * The dashboard as a job host runs it: an {@link OutputConsumer} of the job's output topics feeding
 * one {@link DashboardState}, shown by a {@link DashboardServer}. The dashboard therefore reads
 * what any other consumer reads, whether the job runs embedded or on a cluster. Close it to stop
 * both.
 */
public final class Dashboard implements AutoCloseable {
    /** The port a dashboard listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 8080;

    /** The address a dashboard binds to unless told otherwise: loopback only. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    private final DashboardState state;
    private final DashboardServer server;
    private final OutputConsumer feed;

    private Dashboard(
            final DashboardState state, final DashboardServer server, final OutputConsumer feed) {
        this.state = state;
        this.server = server;
        this.feed = feed;
    }

    /**
     * Starts the server on {@code bind}:{@code port} (0: any free port) and the feed from the
     * broker at {@code bootstrapServers}, read from the topics' start when {@code fromEarliest}.
     * Bound off loopback, requests need {@code token}, or a random one when it is null (see {@link
     * #url()}).
     *
     * @throws java.net.BindException when the port is taken
     */
    public static Dashboard start(
            final String bootstrapServers,
            final InetAddress bind,
            final int port,
            final String token,
            final boolean fromEarliest)
            throws IOException {
        final DashboardState state = new DashboardState();
        final DashboardServer server =
                DashboardServer.start(
                        new InetSocketAddress(bind, port),
                        DashboardAccess.forBind(bind, token),
                        state);
        try {
            return new Dashboard(
                    state,
                    server,
                    OutputConsumer.start(
                            bootstrapServers, "dashboard-feed", fromEarliest, state::accept));
        } catch (final RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Starts the dashboard as a job host offers it and says where ({@code dashboard: URL}) through
     * {@code say}: on {@code bind}:{@code port}, reading the outputs from their start. A port that
     * is taken costs only the dashboard when the user did not name it ({@code portNamed} false):
     * {@code say} is told so and null comes back.
     *
     * @throws IllegalArgumentException when the port is no port, the address is unknown, or the
     *     port the user named is taken
     */
    public static Dashboard startOrSkip(
            final String bootstrapServers,
            final String bind,
            final int port,
            final boolean portNamed,
            final String token,
            final java.util.function.Consumer<String> say)
            throws IOException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--dashboard-port: not a port: " + port);
        }
        final InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (final java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--dashboard-bind: unknown: " + bind);
        }
        try {
            final Dashboard dashboard = start(bootstrapServers, address, port, token, true);
            say.accept("dashboard: " + dashboard.url());
            return dashboard;
        } catch (final java.net.BindException e) {
            final String why = "dashboard: " + e.getMessage();
            if (portNamed) {
                throw new IllegalArgumentException(why);
            }
            say.accept(
                    why
                            + "; running without it (--dashboard-port P picks another port, 0 any"
                            + " free one)");
            return null;
        }
    }

    /** The address to open, with the token when one is needed. */
    public String url() {
        return server.url();
    }

    /** The server, for its port and client figures. */
    public DashboardServer server() {
        return server;
    }

    /** What the dashboard has taken in so far. */
    public DashboardState state() {
        return state;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            feed.close();
        } finally {
            server.close();
        }
    }
}
