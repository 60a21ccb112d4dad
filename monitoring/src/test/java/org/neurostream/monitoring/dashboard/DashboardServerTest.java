package org.neurostream.monitoring.dashboard;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neurostream.core.Topics;
import org.neurostream.core.time.WallClock;

class DashboardServerTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final DashboardState state = new DashboardState();
    private DashboardServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private DashboardServer start(final DashboardAccess access) throws IOException {
        server =
                DashboardServer.start(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), access, state);
        return server;
    }

    private HttpResponse<String> get(final String pathAndQuery, final String... headers)
            throws IOException, InterruptedException {
        final HttpRequest.Builder b =
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                        .timeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bandPower(final String stream, final int channels) {
        final StringBuilder power = new StringBuilder();
        for (int i = 0; i < channels * 5; i++) {
            power.append(i == 0 ? "" : ",").append(1.0 + i);
        }
        return String.format(
                        Locale.ROOT,
                        "{\"kind\":\"bandpower\",\"stream_id\":\"%s\",\"channels\":%d,"
                                + "\"bands\":[\"delta\",\"theta\",\"alpha\",\"beta\",\"gamma\"],"
                                + "\"band_power\":[%s],\"relative_power\":[%s]}",
                        stream,
                        channels,
                        power,
                        power)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldServeThePageAndItsAssetsFromItself() throws Exception {
        start(DashboardAccess.open());
        final HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"app.js\"></script>"));
        assertFalse(page.body().contains("http"), "no address outside this server");
        assertEquals(200, get("/app.js").statusCode());
        assertEquals(200, get("/app.css").statusCode());
        assertEquals(404, get("/nothing").statusCode());
        assertEquals(
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
                page.headers().firstValue("Content-Security-Policy").orElseThrow());
    }

    @Test
    void shouldServeTheDescriptorPlotsAndTheMatrixOfEveryBand() throws Exception {
        start(DashboardAccess.open());
        final String page = get("/").body();
        for (final String plot :
                new String[] {
                    "conn-matrix",
                    "conn-band",
                    "conn-measure",
                    "aperiodic-lines",
                    "alpha-lines",
                    "count-connectivity",
                    "count-aperiodic",
                    "count-alpha"
                }) {
            assertTrue(page.contains("id=\"" + plot + "\""), plot);
        }
        final String script = get("/app.js").body();
        assertTrue(script.contains("function connectivityMatrix("), "the heat map is drawn");
        assertTrue(script.contains("'conn-matrix'") && script.contains("'alpha-lines'"));

        state.accept(Topics.FEATURES, DescriptorRecords.connectivity("S001R01/eeg", 0.5), now());
        state.accept(Topics.FEATURES, DescriptorRecords.aperiodic("S001R01/eeg"), now());
        state.accept(Topics.FEATURES, DescriptorRecords.alpha("S001R01/eeg"), now());
        final HttpResponse<String> shown = get("/state");
        assertEquals(200, shown.statusCode());
        assertEquals("application/json", shown.headers().firstValue("Content-Type").orElseThrow());
        final JsonNode stream = new ObjectMapper().readTree(shown.body()).get("streams").get(0);
        assertEquals("S001R01/eeg", stream.get("id").asText());
        final JsonNode c = stream.get("connectivity");
        assertEquals(3, c.get("channels").asInt());
        assertEquals("[0.9,0.1,null,0.123,0.2,null]", c.get("wpli").toString());
        assertEquals(1.5, stream.get("aperiodic").get("exponent_mean").asDouble(), 1e-12);
        assertEquals(10.5, stream.get("alpha").get("peak_hz_mean").asDouble(), 1e-12);
    }

    private static long now() {
        return WallClock.epochNanos();
    }

    @Test
    void shouldStreamTheFullStateThenDeltasAsServerSentEvents() throws Exception {
        start(DashboardAccess.open());
        state.accept(Topics.FEATURES, bandPower("s/one", 2), WallClock.epochNanos());
        while (server.publishedUpdates() == 0) {
            // s/one's first delta goes out before this page connects
            Thread.sleep(10);
        }
        final HttpResponse<InputStream> events =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + server.port() + "/events"))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(
                "text/event-stream; charset=utf-8",
                events.headers().firstValue("Content-Type").orElseThrow());
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            final String first = nextData(in);
            assertTrue(first.contains("\"full\":true") && first.contains("s/one"), first);
            state.accept(Topics.FEATURES, bandPower("s/two", 2), WallClock.epochNanos());
            final String second = nextData(in);
            assertTrue(second.contains("\"full\":false") && second.contains("s/two"), second);
            assertFalse(second.contains("s/one"), "unchanged streams are not resent: " + second);
        }
    }

    private static String nextData(final BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return line.substring(6);
            }
        }
        throw new IOException("the event stream ended");
    }

    @Test
    void shouldAnswer401WithoutTheTokenAndSetACookieWithIt() throws Exception {
        start(DashboardAccess.withToken("s3cret"));
        assertEquals(401, get("/").statusCode());
        assertEquals(401, get("/events?token=wrong").statusCode());
        final HttpResponse<String> page = get("/?token=s3cret");
        assertEquals(200, page.statusCode());
        final String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("neurostream_token=s3cret;"), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertEquals(200, get("/state", "Cookie", "neurostream_token=s3cret").statusCode());
        assertEquals(200, get("/health", "Authorization", "Bearer s3cret").statusCode());
        assertTrue(server.url().endsWith("/?token=s3cret"), server.url());
    }

    @Test
    void shouldCarryATokenWithSeparatorsSafelyInItsCookie() throws Exception {
        start(DashboardAccess.withToken("a b;c=d"));
        final HttpResponse<String> page = get("/?token=a%20b%3Bc%3Dd");
        assertEquals(200, page.statusCode());
        final String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        final String value = cookie.substring(0, cookie.indexOf(';'));
        assertEquals("neurostream_token=a+b%3Bc%3Dd", value);
        assertEquals(200, get("/state", "Cookie", value).statusCode());
    }

    @Test
    void shouldRefuseAForeignHostNameWhenServedWithoutToken() throws Exception {
        start(DashboardAccess.open());
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.getOutputStream()
                    .write(
                            "GET / HTTP/1.1\r\nHost: rebound.example:80\r\nConnection: close\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
            final String status =
                    new BufferedReader(
                                    new InputStreamReader(
                                            s.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
            assertTrue(status.contains(" 403 "), status);
        }
        assertEquals(200, get("/").statusCode(), "127.0.0.1 is fine");
    }

    @Test
    void shouldSayWhichPortIsTaken() throws Exception {
        start(DashboardAccess.open());
        final java.net.BindException e =
                assertThrows(
                        java.net.BindException.class,
                        () ->
                                DashboardServer.start(
                                        new InetSocketAddress(
                                                InetAddress.getLoopbackAddress(), server.port()),
                                        DashboardAccess.open(),
                                        state));
        assertTrue(
                e.getMessage().startsWith("port " + server.port() + " on 127.0.0.1 is in use"),
                e.getMessage());
    }

    @Test
    void shouldKeepPublishingToOthersWhileOneClientStopsReading() throws Exception {
        start(DashboardAccess.open());
        // a page that connects, then never reads again: its socket buffers fill up
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            final OutputStream request = stalled.getOutputStream();
            request.write(
                    "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            final long deadline = System.nanoTime() + 20_000_000_000L;
            int stream = 0;
            while (server.droppedUpdates() == 0 && System.nanoTime() < deadline) {
                // about 200 kB per delta: 64 streams of 64 channels
                for (int i = 0; i < 64; i++) {
                    state.accept(Topics.FEATURES, bandPower("s/" + i, 64), WallClock.epochNanos());
                }
                stream++;
                Thread.sleep(20);
            }
            assertTrue(server.droppedUpdates() > 0, "the stalled client is behind");
            // the publisher is still going, and a reading client still gets fresh data
            final long published = server.publishedUpdates();
            state.accept(Topics.FEATURES, bandPower("s/fresh", 1), WallClock.epochNanos());
            Thread.sleep(3 * DashboardServer.TICK_MS);
            assertTrue(server.publishedUpdates() > published);
            assertTrue(get("/state").body().contains("s/fresh"));
            assertTrue(stream > 0);
        }
    }
}
