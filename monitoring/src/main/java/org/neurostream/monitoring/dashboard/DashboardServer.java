package org.neurostream.monitoring.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.neurostream.core.time.WallClock;

/**
 * The dashboard's HTTP server (the JDK's {@code com.sun.net.httpserver}): one page with its script
 * and style from the classpath, and {@code /events}, a server-sent-event stream of {@link
 * DashboardState} updates. A publisher thread takes a coalesced delta every {@link #TICK_MS} ms and
 * offers it to every client without waiting; each client has a bounded queue and its own writer
 * thread, so a slow or gone browser costs only its own updates (see {@link DashboardClient}).
 * Access follows {@link DashboardAccess}: with a token, every request must carry it (query {@code
 * ?token=}, the cookie the page gets, or {@code Authorization: Bearer}); without one, only requests
 * addressed to a loopback host name are served, so that a web page cannot reach the dashboard
 * through a rebound DNS name. Given a TLS context it serves HTTPS only (the JDK's {@code
 * HttpsServer}), and the token's cookie is marked {@code Secure}.
 */
public final class DashboardServer implements AutoCloseable {
    /** Milliseconds between two published deltas. */
    public static final int TICK_MS = 100;

    /** Updates a client may have queued before it counts as behind. */
    public static final int CLIENT_QUEUE = 16;

    /** Pages served at once at most; more get 503. */
    public static final int MAX_CLIENTS = 32;

    private static final String COOKIE = "neurostream_token";
    private static final long KEEP_ALIVE_MS = 10_000;

    private final HttpServer http;
    private final boolean tls;
    private final DashboardState state;
    private final DashboardAccess access;
    private final ExecutorService handlers;
    private final ScheduledExecutorService publisher;
    private final List<DashboardClient> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong droppedByGone = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final Map<String, Asset> assets;

    private record Asset(String contentType, byte[] body) {}

    private DashboardServer(
            final HttpServer http, final DashboardState state, final DashboardAccess access)
            throws IOException {
        this.http = http;
        this.tls = http instanceof HttpsServer;
        this.state = state;
        this.access = access;
        this.assets =
                Map.of(
                        "/", asset("index.html", "text/html; charset=utf-8"),
                        "/app.js", asset("app.js", "text/javascript; charset=utf-8"),
                        "/app.css", asset("app.css", "text/css; charset=utf-8"));
        handlers = Executors.newCachedThreadPool(daemon("dashboard-http-"));
        publisher = Executors.newSingleThreadScheduledExecutor(daemon("dashboard-publisher-"));
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
    }

    /**
     * Starts a plain HTTP server on {@code bind} (port 0: any free port) showing {@code state}.
     *
     * @throws BindException when the port is taken, with a message that says which
     */
    public static DashboardServer start(
            final InetSocketAddress bind, final DashboardAccess access, final DashboardState state)
            throws IOException {
        return start(bind, access, state, null);
    }

    /**
     * Starts a server on {@code bind} (port 0: any free port) showing {@code state}: HTTPS with
     * {@code tls} (from {@link DashboardTls#load}), plain HTTP when it is null.
     *
     * @throws BindException when the port is taken, with a message that says which
     */
    public static DashboardServer start(
            final InetSocketAddress bind,
            final DashboardAccess access,
            final DashboardState state,
            final SSLContext tls)
            throws IOException {
        final HttpServer http;
        try {
            if (tls == null) {
                http = HttpServer.create(bind, 64);
            } else {
                final HttpsServer https = HttpsServer.create(bind, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                http = https;
            }
        } catch (final BindException e) {
            final BindException clear =
                    new BindException(
                            "port "
                                    + bind.getPort()
                                    + " on "
                                    + bind.getAddress().getHostAddress()
                                    + " is in use ("
                                    + e.getMessage()
                                    + ")");
            clear.initCause(e);
            throw clear;
        }
        final DashboardServer server = new DashboardServer(http, state, access);
        http.start();
        server.publisher.scheduleAtFixedRate(
                server::publish, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        return server;
    }

    /** The port the server listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Whether the server speaks HTTPS. */
    public boolean tls() {
        return tls;
    }

    /** The access policy, with the token when one is needed. */
    public DashboardAccess access() {
        return access;
    }

    /**
     * The address to open in a browser, with {@code ?token=} when one is needed; a server bound to
     * every interface is named by this machine's host name.
     */
    public String url() {
        final InetAddress a = http.getAddress().getAddress();
        String host;
        if (a.isAnyLocalAddress()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (final UnknownHostException e) {
                host = "localhost";
            }
        } else {
            host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        }
        final String base = (tls ? "https://" : "http://") + host + ":" + port() + "/";
        return access.requiresToken()
                ? base + "?token=" + URLEncoder.encode(access.token(), StandardCharsets.UTF_8)
                : base;
    }

    /** Pages connected now. */
    public int clients() {
        return (int) clients.stream().filter(c -> !c.isClosed()).count();
    }

    /** Updates dropped for slow or gone clients, all clients together. */
    public long droppedUpdates() {
        return droppedByGone.get() + clients.stream().mapToLong(DashboardClient::dropped).sum();
    }

    /** Deltas published since start. */
    public long publishedUpdates() {
        return published.get();
    }

    private void publish() {
        try {
            final byte[] delta = state.delta(WallClock.epochNanos());
            if (delta == null) {
                return;
            }
            published.incrementAndGet();
            final byte[] event = event(delta);
            for (final DashboardClient c : clients) {
                c.offer(event);
            }
        } catch (final RuntimeException e) {
            // a scheduled task that throws is never run again: keep publishing
        }
    }

    private void handle(final HttpExchange ex) throws IOException {
        try (ex) {
            final String method = ex.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                text(ex, 405, "only GET\n");
                return;
            }
            if (!authorized(ex)) {
                return;
            }
            final String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/events" -> events(ex);
                case "/state" -> send(ex, 200, "application/json", state.full(now()));
                case "/health" -> send(ex, 200, "application/json", health());
                default -> {
                    final Asset a = assets.get("/index.html".equals(path) ? "/" : path);
                    if (a == null) {
                        text(ex, 404, "not found\n");
                    } else {
                        send(ex, 200, a.contentType(), a.body());
                    }
                }
            }
        }
    }

    /** Checks the request's right to see the dashboard; answers it when it has none. */
    private boolean authorized(final HttpExchange ex) throws IOException {
        if (!access.requiresToken()) {
            final String host = hostName(ex.getRequestHeaders().getFirst("Host"));
            if (!isLoopbackName(host)) {
                text(ex, 403, "dashboard: only served to a loopback address (localhost)\n");
                return false;
            }
            return true;
        }
        final String fromQuery = queryParameter(ex.getRequestURI().getRawQuery(), "token");
        final String presented = fromQuery != null ? fromQuery : tokenFromHeaders(ex);
        if (!access.allows(presented)) {
            text(
                    ex,
                    401,
                    "dashboard: token required; open the address printed at start,"
                            + " http://HOST:PORT/?token=...\n");
            return false;
        }
        if (fromQuery != null) {
            // the page's script, style and event stream then carry it without a query
            ex.getResponseHeaders()
                    .add(
                            "Set-Cookie",
                            COOKIE
                                    + "="
                                    + URLEncoder.encode(fromQuery, StandardCharsets.UTF_8)
                                    + "; Path=/; HttpOnly; SameSite=Strict"
                                    + (tls ? "; Secure" : ""));
        }
        return true;
    }

    private static String tokenFromHeaders(final HttpExchange ex) {
        final String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        final List<String> cookies = ex.getRequestHeaders().get("Cookie");
        if (cookies != null) {
            for (final String header : cookies) {
                for (final String c : header.split(";")) {
                    final String kv = c.strip();
                    if (kv.startsWith(COOKIE + "=")) {
                        return URLDecoder.decode(
                                kv.substring(COOKIE.length() + 1), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        return null;
    }

    /** The value of {@code name} in a raw query string, decoded; null when absent. */
    static String queryParameter(final String rawQuery, final String name) {
        if (rawQuery == null) {
            return null;
        }
        for (final String pair : rawQuery.split("&")) {
            final int eq = pair.indexOf('=');
            final String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0
                        ? ""
                        : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The host part of a Host header, without port or IPv6 brackets, lower case. */
    static String hostName(final String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            final int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        final int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** Whether {@code host} names this machine's loopback interface. */
    static boolean isLoopbackName(final String host) {
        return host.equals("localhost")
                || host.endsWith(".localhost")
                || host.startsWith("127.")
                || host.equals("::1");
    }

    private void events(final HttpExchange ex) throws IOException {
        if (clients() >= MAX_CLIENTS) {
            text(ex, 503, "dashboard: too many pages open\n");
            return;
        }
        final DashboardClient client = new DashboardClient(CLIENT_QUEUE);
        clients.add(client);
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, 0);
            final OutputStream out = ex.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (!client.isClosed()) {
                if (client.needsFullState()) {
                    out.write(event(state.full(now())));
                    out.flush();
                    client.sent();
                }
                final byte[] update = client.take(KEEP_ALIVE_MS);
                if (client.isClosed()) {
                    break;
                }
                // a comment line on a quiet stream finds out whether the page is still there
                out.write(update == null ? KEEP_ALIVE : update);
                out.flush();
                if (update != null) {
                    client.sent();
                }
            }
        } catch (final IOException e) {
            // the page went away: nothing to do but forget it
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
            clients.remove(client);
            droppedByGone.addAndGet(client.dropped());
        }
    }

    private static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

    /** One server-sent event carrying {@code json} (which has no line breaks). */
    private static byte[] event(final byte[] json) {
        final byte[] e = new byte[DATA.length + json.length + 2];
        System.arraycopy(DATA, 0, e, 0, DATA.length);
        System.arraycopy(json, 0, e, DATA.length, json.length);
        e[e.length - 2] = '\n';
        e[e.length - 1] = '\n';
        return e;
    }

    private byte[] health() {
        return String.format(
                        Locale.ROOT,
                        "{\"clients\":%d,\"dropped_updates\":%d,\"published_updates\":%d,"
                                + "\"records\":%d}",
                        clients(),
                        droppedUpdates(),
                        publishedUpdates(),
                        state.records())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long now() {
        return WallClock.epochNanos();
    }

    private static void text(final HttpExchange ex, final int status, final String body)
            throws IOException {
        send(ex, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(
            final HttpExchange ex, final int status, final String type, final byte[] body)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        // nothing but this server: the page works offline and cannot leak data elsewhere
        ex.getResponseHeaders()
                .set(
                        "Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        final boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Asset asset(final String name, final String type) throws IOException {
        try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("dashboard asset missing from the classpath: " + name);
            }
            return new Asset(type, in.readAllBytes());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(final String prefix) {
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            final Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops publishing, ends every client's stream and closes the port. */
    @Override
    public void close() {
        publisher.shutdownNow();
        for (final DashboardClient c : clients) {
            c.close();
        }
        http.stop(0);
        handlers.shutdownNow();
    }
}
