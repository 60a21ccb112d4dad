package org.neurostream.monitoring.dashboard;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import org.neurostream.core.kafka.KafkaClients;
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
     * Where and how a dashboard serves.
     *
     * @param bind the address to listen on; anything but loopback needs {@code tls}
     * @param port the port, 0: any free one
     * @param portNamed whether the user named the port (then it must be free)
     * @param token the token requests must carry; null: none on loopback, else a random one
     * @param tls HTTPS with this context ({@link DashboardTls#load}); null: plain HTTP
     */
    public record Settings(
            String bind, int port, boolean portNamed, String token, SSLContext tls) {}

    /**
     * Starts the server on {@code bind}:{@code port} (0: any free port) and the feed from the
     * broker at {@code bootstrapServers}, made by {@code kafka}, read from the topics' start when
     * {@code fromEarliest}. Bound off loopback, it serves only over TLS, and requests need {@code
     * token}, or a random one when it is null (see {@link #url()}).
     *
     * @throws java.net.BindException when the port is taken
     * @throws IllegalArgumentException when bound off loopback without TLS
     */
    public static Dashboard start(
            final KafkaClients kafka,
            final String bootstrapServers,
            final InetAddress bind,
            final int port,
            final String token,
            final SSLContext tls,
            final boolean fromEarliest)
            throws IOException {
        if (!bind.isLoopbackAddress() && tls == null) {
            throw new IllegalArgumentException(
                    "--dashboard-bind "
                            + bind.getHostAddress()
                            + " is not loopback: off this machine the dashboard serves over TLS"
                            + " only, so that its token and data never cross the network in clear"
                            + " (--dashboard-tls-keystore FILE --dashboard-tls-password-file FILE)");
        }
        final DashboardState state = new DashboardState();
        final DashboardServer server =
                DashboardServer.start(
                        new InetSocketAddress(bind, port),
                        DashboardAccess.forBind(bind, token),
                        state,
                        tls);
        try {
            return new Dashboard(
                    state,
                    server,
                    OutputConsumer.start(
                            kafka,
                            bootstrapServers,
                            "dashboard-feed",
                            fromEarliest,
                            state::accept));
        } catch (final RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Starts the dashboard as a job host offers it and says where ({@code dashboard: URL}) through
     * {@code say}: as {@code settings} say, reading the outputs from their start. A token the user
     * gave is not printed (they have it); a random one is, in the address. A port that is taken
     * costs only the dashboard when the user did not name it: {@code say} is told so and null comes
     * back.
     *
     * @throws IllegalArgumentException when the port is no port, the address is unknown or not
     *     loopback without TLS, or the port the user named is taken
     */
    public static Dashboard startOrSkip(
            final KafkaClients kafka,
            final String bootstrapServers,
            final Settings settings,
            final java.util.function.Consumer<String> say)
            throws IOException {
        final int port = settings.port();
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--dashboard-port: not a port: " + port);
        }
        final InetAddress address;
        try {
            address = InetAddress.getByName(settings.bind());
        } catch (final java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--dashboard-bind: unknown: " + settings.bind());
        }
        try {
            final Dashboard dashboard =
                    start(
                            kafka,
                            bootstrapServers,
                            address,
                            port,
                            settings.token(),
                            settings.tls(),
                            true);
            say.accept(
                    "dashboard: "
                            + (settings.token() != null ? dashboard.address() : dashboard.url()));
            return dashboard;
        } catch (final java.net.BindException e) {
            final String why = "dashboard: " + e.getMessage();
            if (settings.portNamed()) {
                throw new IllegalArgumentException(why);
            }
            say.accept(
                    why
                            + "; running without it (--dashboard-port P picks another port, 0 any"
                            + " free one)");
            return null;
        }
    }

    /** The address to open without the token ({@link #url()} carries it where one is needed). */
    public String address() {
        final String url = server.url();
        final int query = url.indexOf("?token=");
        return query < 0 ? url : url.substring(0, query);
    }

    /**
     * Why the dashboard's feed stopped (the broker refused its consumer, in one line), or null
     * while it reads.
     */
    public Exception feedFailure() {
        return feed.failure();
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
