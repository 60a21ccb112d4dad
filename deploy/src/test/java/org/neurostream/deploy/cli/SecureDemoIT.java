package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.deploy.embedded.ListeningSockets;
import org.neurostream.deploy.embedded.TestCertificates;
import picocli.CommandLine;

/**
 * {@code demo --secure} as a user runs it: the broker with TLS, SASL/SCRAM and ACLs, each client as
 * its role's principal, predictions arriving, {@code security=SASL_SSL} in the summary; the
 * dashboard over HTTPS answering only with its token; every port the process opens on 127.0.0.1,
 * read from the kernel's tables while the demo runs; no secret in what it prints.
 */
class SecureDemoIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Pattern DASHBOARD = Pattern.compile("dashboard: (\\S+)");
    private static final Pattern REPLAYING = Pattern.compile("demo: replaying ");
    private static final String TOKEN = "a-token-of-this-test-only";

    @TempDir Path tmp;

    @Test
    void shouldRunSecurelyOnLoopbackWithTheDashboardBehindTlsAndItsToken() throws Exception {
        final TestCertificates tls = TestCertificates.issue(tmp);
        final Path tokenFile = Files.writeString(tmp.resolve("token"), TOKEN + "\n");
        final List<String> before =
                ListeningSockets.available() ? ListeningSockets.of("self") : List.of();
        final StringWriter output = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread demo =
                new Thread(
                        () -> {
                            final CommandLine cli = NeuroStreamCli.commandLine();
                            final PrintWriter w = new PrintWriter(output, true);
                            cli.setOut(w);
                            cli.setErr(w);
                            exit.set(
                                    cli.execute(
                                            "demo",
                                            "--secure",
                                            "--duration",
                                            "20s",
                                            "--speed",
                                            "4",
                                            "--warmup",
                                            "1s",
                                            "--replay-data",
                                            HOME.resolve("replay-data").toString(),
                                            "--dashboard-port",
                                            "0",
                                            "--dashboard-token-file",
                                            tokenFile.toString(),
                                            "--dashboard-tls-keystore",
                                            tls.keyStore().toString(),
                                            "--dashboard-tls-password-file",
                                            tls.passwordFile().toString()));
                        },
                        "secure-demo");
        demo.start();
        final String url = await(output, DASHBOARD, demo);
        await(output, REPLAYING, demo);
        assertTrue(url.startsWith("https://127.0.0.1:"), url);

        if (ListeningSockets.available()) {
            final List<String> open = ListeningSockets.of("self");
            open.removeAll(before);
            // the broker's three listeners, Flink's REST, RPC, blob and data ports, the dashboard
            assertTrue(open.size() >= 5, "the demo listens: " + open);
            assertTrue(open.contains(url.replaceAll("https://|/.*", "")), url + " in " + open);
            for (final String socket : open) {
                assertTrue(socket.startsWith("127.0.0.1:"), "not on loopback: " + socket + open);
            }
        }

        final HttpClient https = HttpClient.newBuilder().sslContext(tls.trusting()).build();
        assertEquals(401, get(https, url + "state", null));
        assertEquals(401, get(https, url + "state", "not-" + TOKEN));
        assertEquals(200, get(https, url + "state", TOKEN));
        assertThrows(
                IOException.class,
                () -> get(HttpClient.newHttpClient(), url.replace("https:", "http:"), TOKEN),
                "no plain HTTP beside HTTPS");
        assertThrows(
                IOException.class,
                () ->
                        get(
                                HttpClient.newBuilder().sslContext(SSLContext.getDefault()).build(),
                                url + "state",
                                TOKEN),
                "a client that does not trust the certificate is refused");

        demo.join(180_000);
        assertFalse(demo.isAlive(), "the demo ends on time");
        final String out = output.toString();
        assertEquals(0, exit.get(), out);
        final String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("summary: frames="), last);
        assertTrue(last.endsWith(" security=SASL_SSL"), last);
        final Matcher predictions = Pattern.compile(" predictions=(\\d+) ").matcher(last);
        assertTrue(predictions.find() && Long.parseLong(predictions.group(1)) > 0, last);
        assertTrue(last.contains(" deadletter=0 "), last);
        assertFalse(out.contains(TOKEN), "the token is never printed");
        assertFalse(out.contains("test-store-password"), "nor the key store's password");
    }

    private static int get(final HttpClient client, final String url, final String token)
            throws IOException, InterruptedException {
        final HttpRequest.Builder r =
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The first group of {@code p} (or the match) once the demo has printed it, within 3 min. */
    private static String await(final StringWriter output, final Pattern p, final Thread demo)
            throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            final Matcher m;
            synchronized (output.getBuffer()) {
                m = p.matcher(output.toString());
            }
            if (m.find()) {
                return m.groupCount() > 0 ? m.group(1) : m.group();
            }
            if (!demo.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the demo did not print " + p + ":\n" + output);
    }
}
