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
