package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The dashboard as a user sees it: {@code neurostream demo} runs, headless Chromium opens the
 * address it prints, the plots fill with the job's outputs (the connectivity matrix of the
 * resting-state descriptors among them), an alert the example rules raise in the job shows up, and
 * closing the browser leaves the demo to finish normally. Skipped without /usr/bin/chromium, except
 * on CI (env CI set), where that is a failure.
 */
class DemoDashboardIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Pattern DASHBOARD = Pattern.compile("dashboard: (http://\\S+)");

    @TempDir Path tmp;

    @Test
    void shouldShowTheJobsOutputsAndAnAlertInTheBrowser() throws Exception {
        if (!Files.isExecutable(HeadlessChromium.BINARY)) {
            final String why = HeadlessChromium.BINARY + " is missing (apt-get install chromium)";
            assertNull(System.getenv("CI"), "on CI the browser must be there: " + why);
            Assumptions.abort(why);
        }
        final Output output = new Output();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread demo =
                new Thread(
                        () -> {
                            final CommandLine cli = NeuroStreamCli.commandLine();
                            cli.setOut(new PrintWriter(output, true));
                            cli.setErr(new PrintWriter(output, true));
                            exit.set(
                                    cli.execute(
                                            "demo",
                                            "--duration",
                                            "40s",
                                            "--speed",
                                            "4",
                                            "--warmup",
                                            "1s",
                                            "--dashboard-port",
                                            "0",
                                            "--alerts",
                                            HOME.resolve("replay-data/alerts/example.yaml")
                                                    .toString(),
                                            "--replay-data",
                                            HOME.resolve("replay-data").toString(),
                                            // off in the demo by default; this test shows them
                                            "-D",
                                            "neurostream.descriptors=true"));
                        },
                        "demo");
        demo.start();
        final String url = output.await(DASHBOARD, 120);
        assertTrue(url.startsWith("http://127.0.0.1:"), url);
        assertFalse(url.contains("token"), "no token on loopback: " + url);

        try (HeadlessChromium browser =
                HeadlessChromium.open(url, tmp.resolve("profile"), tmp.resolve("chromium.log"))) {
            final JsonNode shown =
                    until(
                            browser,
                            "JSON.stringify({"
                                    + "status: document.getElementById('status').textContent,"
                                    + "bandpower: +document.getElementById('count-bandpower')"
                                    + ".textContent,"
                                    + "prediction: +document.getElementById('count-prediction')"
                                    + ".textContent,"
                                    + "avalanche: +document.getElementById('count-avalanche')"
                                    + ".textContent,"
                                    + "motif: +document.getElementById('count-motif').textContent,"
                                    + "connectivity: +document.getElementById("
                                    + "'count-connectivity').textContent,"
                                    + "aperiodic: +document.getElementById('count-aperiodic')"
                                    + ".textContent,"
                                    + "alpha: +document.getElementById('count-alpha').textContent,"
                                    + "cells: +document.getElementById('conn-matrix').dataset"
                                    + ".cells,"
                                    + "latency: document.getElementById('latency-now').textContent,"
                                    + "streams: [...document.getElementById('stream').options]"
                                    + ".map(o => o.value),"
                                    + "predicted: document.getElementById('pred-table')"
                                    + ".tBodies[0].rows.length})",
                            s ->
                                    s.path("bandpower").asLong() > 0
                                            && s.path("prediction").asLong() > 0
                                            && s.path("avalanche").asLong() > 0
                                            && s.path("motif").asLong() > 0
                                            && s.path("connectivity").asLong() > 0
                                            && s.path("aperiodic").asLong() > 0
                                            && s.path("alpha").asLong() > 0
                                            && s.path("cells").asInt() > 0
                                            && s.path("latency").asText().startsWith("p50")
                                            && s.path("predicted").asInt() > 0,
                            90);
            assertEquals("live", shown.path("status").asText(), shown.toString());
            final String stream = shown.path("streams").get(0).asText();
            assertTrue(stream.endsWith("/eeg"), "an EEG stream is on show: " + shown);
            // the chosen EEG stream's connectivity matrix: 64 x 64 channels less the diagonal
            assertEquals(64 * 63, shown.path("cells").asInt(), shown.toString());

            // the example rules: relative gamma above its threshold on S001R04 fires in the job
            final JsonNode alerted =
                    until(
                            browser,
                            "JSON.stringify({"
                                    + "alerts: document.getElementById('alerts').textContent,"
                                    + "count: +document.getElementById('count-alert').textContent,"
                                    + "banner: document.getElementById('alert-banner').hidden ?"
                                    + " '' : document.getElementById('alert-banner').textContent})",
                            s -> s.path("alerts").asText().contains("gamma-high"),
                            60);
            assertTrue(alerted.path("count").asLong() >= 1, alerted.toString());
            assertTrue(alerted.path("alerts").asText().contains("S001R04/eeg"), alerted.toString());
            assertFalse(alerted.path("banner").asText().isEmpty(), alerted.toString());

            // let the plots draw the latest update, then keep a picture of them
            Thread.sleep(1_000);
            final Path png = Path.of("target", "dashboard-it.png");
            Files.write(png, browser.screenshot());
            assertTrue(Files.size(png) > 20_000, "a screenshot with plots on it");
        }

        // the browser is gone: the server notices, and the demo goes on to its summary
        assertEquals(0, health(url).path("clients").asInt(-1), "the closed page is forgotten");
        demo.join(120_000);
        assertFalse(demo.isAlive(), "the demo ends on time");
        assertEquals(0, exit.get(), output.toString());
        final String last = output.toString().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("summary: frames="), last);
    }

    /** Evaluates {@code js} until {@code ok}, for up to {@code seconds}; the last value. */
    private static JsonNode until(
            final HeadlessChromium browser,
            final String js,
            final Predicate<JsonNode> ok,
            final int seconds)
            throws Exception {
        final long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            final JsonNode v = browser.evaluate(js);
            last = v.isTextual() ? new ObjectMapper().readTree(v.asText()) : v;
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        fail("the page did not get there in " + seconds + " s: " + last);
        return last;
    }

    /** The server's /health figures, once its client count has settled (up to 15 s). */
    private static JsonNode health(final String url) throws Exception {
        final HttpClient http = HttpClient.newHttpClient();
        final long deadline = System.nanoTime() + 15_000_000_000L;
        JsonNode h;
        do {
            Thread.sleep(200);
            h =
                    new ObjectMapper()
                            .readTree(
                                    http.send(
                                                    HttpRequest.newBuilder(
                                                                    URI.create(url + "health"))
                                                            .build(),
                                                    HttpResponse.BodyHandlers.ofString())
                                            .body());
        } while (h.path("clients").asInt() > 0 && System.nanoTime() < deadline);
        return h;
    }

    /** What the demo printed so far, for a test thread to wait on. */
    private static final class Output extends Writer {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(final char[] c, final int off, final int len) {
            text.append(c, off, len);
            notifyAll();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        synchronized String await(final Pattern p, final int seconds)
                throws InterruptedException, IOException {
            final long deadline = System.currentTimeMillis() + seconds * 1000L;
            Matcher m;
            while (!(m = p.matcher(text)).find()) {
                final long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new IOException("the demo did not print " + p + ":\n" + text);
                }
                wait(left);
            }
            return m.group(1);
        }

        @Override
        public synchronized String toString() {
            return text.toString();
        }
    }
}
