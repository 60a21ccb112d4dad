package org.neurostream.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium, driven over the DevTools protocol with the JDK's WebSocket client:
 * open one page, evaluate JavaScript in it, take a screenshot. Enough for a test to look at the
 * dashboard the way a person would, without a WebDriver dependency.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Process process;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(final Process process, final WebSocket page) {
        this.process = process;
        this.page = page;
    }

    /** Starts Chromium on {@code url} with a fresh profile in {@code profile}. */
    static HeadlessChromium open(final String url, final Path profile, final Path log)
            throws IOException, InterruptedException {
        final Process p =
                new ProcessBuilder(
                                List.of(
                                        BINARY.toString(),
                                        "--headless",
                                        "--no-sandbox",
                                        "--disable-gpu",
                                        "--disable-quic",
                                        "--no-first-run",
                                        "--disable-background-networking",
                                        "--disable-component-update",
                                        "--disable-sync",
                                        "--user-data-dir=" + profile,
                                        "--remote-debugging-port=0",
                                        "--remote-allow-origins=*",
                                        "--window-size=1500,1150",
                                        url))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            final String port = devToolsPort(profile, p);
            final HttpClient http = HttpClient.newHttpClient();
            final long deadline = System.nanoTime() + 30_000_000_000L;
            String ws = null;
            while (ws == null && System.nanoTime() < deadline) {
                final String list =
                        http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + port
                                                                        + "/json/list"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
                for (final JsonNode t : new ObjectMapper().readTree(list)) {
                    if ("page".equals(t.path("type").asText())) {
                        ws = t.path("webSocketDebuggerUrl").asText();
                    }
                }
                Thread.sleep(100);
            }
            if (ws == null) {
                throw new IOException("Chromium opened no page");
            }
            final HeadlessChromium[] self = new HeadlessChromium[1];
            final WebSocket socket =
                    http.newWebSocketBuilder()
                            .buildAsync(URI.create(ws), new Listener(self))
                            .get(10, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(p, socket);
            return self[0];
        } catch (final IOException | InterruptedException | RuntimeException e) {
            stop(p);
            throw e;
        } catch (final Exception e) {
            stop(p);
            throw new IOException("cannot reach Chromium's DevTools", e);
        }
    }

    /** The port Chromium's DevTools listen on, from the file it writes into its profile. */
    private static String devToolsPort(final Path profile, final Process p)
            throws IOException, InterruptedException {
        final Path file = profile.resolve("DevToolsActivePort");
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                final List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return lines.get(0).strip();
                }
            }
            if (!p.isAlive()) {
                throw new IOException("Chromium ended with " + p.exitValue());
            }
            Thread.sleep(100);
        }
        throw new IOException("Chromium wrote no DevToolsActivePort in 30 s");
    }

    /** Sends one DevTools command and waits for its result. */
    JsonNode call(final String method, final ObjectNode params) throws Exception {
        final int id = ids.incrementAndGet();
        final CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        final ObjectNode message = mapper.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params);
        page.sendText(mapper.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        final JsonNode reply = result.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IOException(method + ": " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** The value of a JavaScript expression in the page (JSON-able values only). */
    JsonNode evaluate(final String expression) throws Exception {
        final ObjectNode params = mapper.createObjectNode();
        params.put("expression", expression);
        params.put("returnByValue", true);
        return call("Runtime.evaluate", params).path("result").path("value");
    }

    /** A PNG of the page as it is now. */
    byte[] screenshot() throws Exception {
        final ObjectNode params = mapper.createObjectNode();
        params.put("format", "png");
        return Base64.getDecoder()
                .decode(call("Page.captureScreenshot", params).get("data").asText());
    }

    private void reply(final JsonNode message) {
        final JsonNode id = message.get("id");
        if (id != null) {
            final CompletableFuture<JsonNode> f = pending.remove(id.asInt());
            if (f != null) {
                f.complete(message);
            }
        }
    }

    /** Collects DevTools messages, which may come in several parts. */
    private static final class Listener implements WebSocket.Listener {
        private final HeadlessChromium[] owner;
        private final StringBuilder text = new StringBuilder();

        Listener(final HeadlessChromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(
                final WebSocket ws, final CharSequence data, final boolean last) {
            text.append(data);
            if (last) {
                try {
                    if (owner[0] != null) {
                        owner[0].reply(owner[0].mapper.readTree(text.toString()));
                    }
                } catch (final IOException e) {
                    // not a reply we wait for
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    /** Ends Chromium as a user closing it would: the page's connection goes away. */
    @Override
    public void close() {
        page.abort();
        stop(process);
    }

    private static void stop(final Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
