package org.neurostream.monitoring.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.time.WallClock;

/**
 * The descriptor plots as a browser draws them: headless Chromium (Debian's {@code chromium}) loads
 * the running dashboard and takes its event stream until the server closes (then the page has
 * nothing left to load), runs its script for a few more seconds of virtual time and prints the page
 * it ends with, in which the connectivity heat map says how many cells it coloured and the counts
 * show the records taken.
 */
class DashboardDescriptorsInBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void shouldDrawTheConnectivityMatrixOfTheChosenBandInTheBrowser(@TempDir final Path tmp)
            throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            assertNull(System.getenv("CI"), "on CI the browser must be there: " + CHROMIUM);
            assumeTrue(false, CHROMIUM + " is missing (apt-get install chromium)");
        }
        final DashboardState state = new DashboardState();
        final long now = WallClock.epochNanos();
        state.accept(Topics.FEATURES, DescriptorRecords.connectivity("S001R01/eeg", 0.5), now);
        state.accept(Topics.FEATURES, DescriptorRecords.aperiodic("S001R01/eeg"), now);
        state.accept(Topics.FEATURES, DescriptorRecords.alpha("S001R01/eeg"), now);
        final DashboardServer server =
                DashboardServer.start(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        DashboardAccess.open(),
                        state);
        final Process chromium;
        try {
            chromium = chromium("http://127.0.0.1:" + server.port() + "/", tmp);
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (server.clients() == 0 && chromium.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, server.clients(), "the page connected to the event stream");
            // the full state goes out as the page connects
            Thread.sleep(1_000);
        } finally {
            server.close();
        }
        {
            final String dom = dumpDom(chromium, tmp);
            // alpha is chosen first: of pairs (0,1), (0,2), (1,2), the last has no value
            assertEquals("4", attribute(dom, "conn-matrix", "data-cells"), dom);
            assertTrue(dom.contains("<option value=\"alpha\">alpha</option>"), dom);
            assertTrue(dom.contains("id=\"count-connectivity\">1<"), dom);
            assertTrue(dom.contains("id=\"count-aperiodic\">1<"), dom);
            assertTrue(dom.contains("id=\"count-alpha\">1<"), dom);
        }
    }

    /** Chromium loading {@code url}, to print its DOM once loaded and 4 s of virtual time on. */
    private static Process chromium(final String url, final Path tmp) throws Exception {
        return new ProcessBuilder(
                        List.of(
                                CHROMIUM.toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--user-data-dir=" + tmp.resolve("profile"),
                                "--virtual-time-budget=4000",
                                "--dump-dom",
                                url))
                .redirectOutput(tmp.resolve("dom.html").toFile())
                .redirectError(tmp.resolve("chromium.log").toFile())
                .start();
    }

    /** What {@code p} printed: the page's DOM. */
    private static String dumpDom(final Process p, final Path tmp) throws Exception {
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        return Files.readString(tmp.resolve("dom.html"), StandardCharsets.UTF_8);
    }

    /** The value of {@code name} on the element with id {@code id}; null when absent. */
    private static String attribute(final String dom, final String id, final String name) {
        final Matcher tag = Pattern.compile("<[^>]*id=\"" + id + "\"[^>]*>").matcher(dom);
        if (!tag.find()) {
            return null;
        }
        final Matcher value = Pattern.compile(name + "=\"([^\"]*)\"").matcher(tag.group());
        return value.find() ? value.group(1) : null;
    }
}
