package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays the bytes of a real liblsl 1.17.7 session (the query, the short-info answer, the stream
 * feed handshake, the test pattern, the samples, the time data) against our code.
 */
class RecordedSessionTest {
    static RecordedSession session;
    static final LslConfig CONFIG = LslTests.loopback();

    @BeforeAll
    static void load() throws Exception {
        session = RecordedSession.load();
    }

    private static String text(final byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void shouldParseTheRecordedShortInfoAnswer() throws Exception {
        final String answer = text(session.answer().payload());
        assertTrue(answer.startsWith("6602191513596467870\r\n"));
        final StreamInfo info = StreamInfo.parse(answer.substring(answer.indexOf('\n') + 1));
        assertEquals("probe", info.name());
        assertEquals("EEG", info.type());
        assertEquals(2, info.channelCount());
        assertEquals(ChannelFormat.FLOAT32, info.channelFormat());
        assertEquals(100.0, info.nominalSrate());
        assertEquals("probe-src", info.sourceId());
        assertEquals(110, info.version());
        assertEquals(814.682387894, info.createdAt());
        assertEquals("3a14d8bb-f544-4178-83f9-5350e9a79a34", info.uid());
        assertEquals("default", info.sessionId());
        assertEquals("vm", info.hostname());
        assertEquals(16572, info.v4dataPort());
        assertEquals(16572, info.v4servicePort());
    }

    @Test
    void shouldWriteTheShortInfoByteForByteAsLiblslDid() throws Exception {
        final String answer = text(session.answer().payload());
        final String xml = answer.substring(answer.indexOf('\n') + 1);
        assertEquals(xml, StreamInfo.parse(xml).toShortInfoXml());
        final StreamInfo ours =
                StreamInfo.builder("probe", "EEG", 2, 100, ChannelFormat.FLOAT32, "probe-src")
                        .build()
                        .served(
                                "3a14d8bb-f544-4178-83f9-5350e9a79a34",
                                814.682387894,
                                "default",
                                "vm",
                                16572,
                                16572);
        assertEquals(xml, ours.toShortInfoXml());
    }

    @Test
    void shouldMatchTheRecordedQuery() {
        final String[] lines = text(session.query().payload()).split("\r\n");
        assertEquals("LSL:shortinfo", lines[0]);
        final StreamInfo probe =
                StreamInfo.builder("probe", "EEG", 2, 100, ChannelFormat.FLOAT32, "probe-src")
                        .build()
                        .served("u", 1, "default", "vm", 1, 1);
        assertTrue(StreamQuery.of(lines[1]).matches(probe));
        assertFalse(
                StreamQuery.of(lines[1])
                        .matches(
                                StreamInfo.builder(
                                                "probe", "EEG", 2, 100, ChannelFormat.FLOAT32, "")
                                        .build()
                                        .served("u", 1, "other", "vm", 1, 1)));
    }

    @Test
    void shouldAnswerTheRecordedQueryWithItsQueryId() throws Exception {
        final StreamInfo probe =
                StreamInfo.builder("probe", "EEG", 2, 100, ChannelFormat.FLOAT32, "probe-src")
                        .build();
        try (LslOutlet outlet = LslOutlet.open(probe, CONFIG, m -> {});
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // the recorded query, with its return port pointing at this test's socket
            final String query =
                    text(session.query().payload()).replace("16573 ", client.getLocalPort() + " ");
            final String reply = exchange(client, outlet, query.getBytes(StandardCharsets.UTF_8));
            assertEquals("6602191513596467870\r\n" + outlet.info().toShortInfoXml(), reply);
        }
    }

    @Test
    void shouldSendTheRecordedTestPatternBytes() {
        final byte[] feed = session.feed();
        final String head = text(feed);
        final int end = head.indexOf("\r\n\r\n") + 4;
        final byte[] recorded = Arrays.copyOfRange(feed, end, end + 34);
        final UnsafeBuffer ours = new UnsafeBuffer(new byte[34]);
        int at = 0;
        for (final int offset : SampleDescriptor.TEST_PATTERN_OFFSETS) {
            at += SampleDescriptor.writeTestPattern(ours, at, ChannelFormat.FLOAT32, 2, offset);
        }
        assertEquals(34, at);
        assertArrayEquals(recorded, ours.byteArray());
    }

    @Test
    void shouldAnswerTheRecordedFeedRequestAsLiblslDid() throws Exception {
        final StreamInfo probe =
                StreamInfo.builder("probe", "EEG", 2, 100, ChannelFormat.FLOAT32, "probe-src")
                        .build();
        try (LslOutlet outlet = LslOutlet.open(probe, CONFIG, m -> {});
                Socket s =
                        new Socket(InetAddress.getLoopbackAddress(), outlet.info().v4dataPort())) {
            final String request =
                    text(session.feedRequest())
                            .replace("3a14d8bb-f544-4178-83f9-5350e9a79a34", outlet.info().uid());
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            s.setSoTimeout(3000);
            final byte[] recorded = session.feed();
            final int headLength = text(recorded).indexOf("\r\n\r\n") + 4 + 34;
            final byte[] got = s.getInputStream().readNBytes(headLength);
            final String expected =
                    new String(recorded, 0, headLength, StandardCharsets.ISO_8859_1)
                            .replace("3a14d8bb-f544-4178-83f9-5350e9a79a34", outlet.info().uid());
            assertEquals(expected, new String(got, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void shouldReadTheRecordedFeedSampleForSample() throws Exception {
        final byte[] feed = session.feed();
        final String answer = text(session.answer().payload());
        final String xml = answer.substring(answer.indexOf('\n') + 1);
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
                DatagramSocket service = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            final Thread fake =
                    new Thread(
                            () -> {
                                try {
                                    for (int i = 0; i < 2; i++) {
                                        try (Socket c = server.accept()) {
                                            final InputStream in = c.getInputStream();
                                            final String first = readLine(in);
                                            final OutputStream out = c.getOutputStream();
                                            if (first.startsWith("LSL:fullinfo")) {
                                                out.write(xml.getBytes(StandardCharsets.UTF_8));
                                            } else {
                                                while (!readLine(in).isBlank()) {
                                                    // the request's headers
                                                }
                                                out.write(feed);
                                            }
                                            out.flush();
                                        }
                                    }
                                } catch (final Exception e) {
                                    // the test fails on what the inlet got
                                }
                            });
            fake.setDaemon(true);
            fake.start();
            final StreamInfo recorded = StreamInfo.parse(xml);
            final StreamInfo there =
                    recorded.served(
                                    recorded.uid(),
                                    recorded.createdAt(),
                                    "default",
                                    "vm",
                                    server.getLocalPort(),
                                    service.getLocalPort())
                            .withV4Address("127.0.0.1");
            final List<String> problems = new ArrayList<>();
            final List<double[]> got = new ArrayList<>();
            try (LslInlet inlet = LslInlet.open(there, CONFIG, 5.0, false, problems::add)) {
                while (true) {
                    final int n =
                            inlet.pull(
                                    s ->
                                            got.add(
                                                    new double[] {
                                                        s.timestamp(),
                                                        s.floatValue(0),
                                                        s.floatValue(1)
                                                    }),
                                    1000,
                                    3_000_000_000L);
                    if (n <= 0) {
                        break;
                    }
                }
            }
            // the recorded feed holds samples 47 ... 259 (value k, -k), stamps as sent
            assertEquals(259 - 47 + 1, got.size(), problems.toString());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(47.0 + i, got.get(i)[1]);
                assertEquals(-(47.0 + i), got.get(i)[2]);
            }
            assertEquals(815.162150514, got.get(0)[0]);
            assertEquals(817.308574342, got.get(got.size() - 1)[0]);
            // and as the session's own decoded transcript lists them, where it is at hand
            final List<double[]> listed = transcriptSamples();
            if (listed != null) {
                assertEquals(259 - 47 + 1, listed.size(), "samples listed in the transcript");
                for (int i = 0; i < got.size(); i++) {
                    assertArrayEquals(listed.get(i), got.get(i), "sample " + i);
                }
            }
            // the capture ends mid-session: the inlet reports the closed connection and drops
            // the stream, which has a source id but recovery was not asked for
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(
                    problems.get(0).contains("LSL outlet 'probe' at 127.0.0.1:"), problems.get(0));
        }
    }

    @Test
    void shouldEstimateTheOffsetFromTheRecordedTimeData() {
        final String[] request = text(session.datagram(35414, 16572).payload()).split("\r\n");
        assertEquals("LSL:timedata", request[0]);
        final long wave = Long.parseLong(request[1].split(" ")[0]);
        final double[] reply =
                ClockOffset.parseReply(text(session.datagram(16572, 35414).payload()), wave);
        assertArrayEquals(new double[] {815.155214074, 815.155248054, 815.155271489}, reply);
        assertNull(
                ClockOffset.parseReply(text(session.datagram(16572, 35414).payload()), wave + 1));
        // with t3 = t2 + 30 us: rtt = (t3 - t0) - (t2 - t1), offset = ((t1 - t0) + (t2 - t3)) / 2
        final double t3 = reply[2] + 30e-6;
        final double rtt = (t3 - reply[0]) - (reply[2] - reply[1]);
        final double offset = ((reply[1] - reply[0]) + (reply[2] - t3)) / 2;
        final ClockOffset.Estimate e =
                ClockOffset.best(
                        new double[] {rtt + 1e-3, rtt},
                        new double[] {5.0, offset},
                        new double[] {0, 816},
                        2,
                        2);
        assertEquals(-offset, e.correction());
        assertEquals(rtt, e.uncertainty());
        assertNull(ClockOffset.best(new double[] {1}, new double[] {1}, new double[] {1}, 1, 6));
    }

    @Test
    void shouldAnswerTimeDataInTheRecordedFormat() throws Exception {
        final StreamInfo probe =
                StreamInfo.builder("probe", "EEG", 2, 100, ChannelFormat.FLOAT32, "probe-src")
                        .build();
        try (LslOutlet outlet = LslOutlet.open(probe, CONFIG, m -> {});
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            final String reply = exchange(client, outlet, session.datagram(35414, 16572).payload());
            assertTrue(reply.startsWith(" 1804289383 815.155214074 "), reply);
            final double[] parsed = ClockOffset.parseReply(reply, 1804289383L);
            assertNotNull(parsed);
            assertTrue(parsed[1] <= parsed[2]);
        }
    }

    /** Sends {@code request} to the outlet's service port and returns the answer. */
    private static String exchange(
            final DatagramSocket client, final LslOutlet outlet, final byte[] request)
            throws java.io.IOException {
        client.send(
                new DatagramPacket(
                        request,
                        request.length,
                        new InetSocketAddress(
                                InetAddress.getLoopbackAddress(), outlet.info().v4servicePort())));
        client.setSoTimeout(3000);
        final DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        client.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldBeACopyOfTheSessionInSharedLsl() throws Exception {
        final java.nio.file.Path shared = sharedLsl().resolve("lsl_loopback.pcap");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isRegularFile(shared), shared + " absent: skipped");
        try (InputStream in = RecordedSession.class.getResourceAsStream("/lsl/lsl_loopback.pcap")) {
            assertArrayEquals(java.nio.file.Files.readAllBytes(shared), in.readAllBytes());
        }
    }

    /** {@code ../shared/lsl}, the sibling of the shared data folder. */
    private static java.nio.file.Path sharedLsl() {
        return java.nio.file.Path.of(
                        System.getProperty("neurostream.shared.data", "../shared/data"))
                .resolveSibling("lsl");
    }

    /**
     * The samples the transcript of the session lists ({@code t=... values=(a, b)}), each as
     * {timestamp, a, b}; null where the transcript is absent.
     */
    private static List<double[]> transcriptSamples() throws java.io.IOException {
        final java.nio.file.Path t = sharedLsl().resolve("lsl_protocol_transcript.txt");
        if (!java.nio.file.Files.isRegularFile(t)) {
            return null;
        }
        final List<double[]> out = new ArrayList<>();
        final java.util.regex.Pattern p =
                java.util.regex.Pattern.compile(
                        "sample tag=2 \\(timestamp follows\\) t=(\\S+) values=\\((\\S+), (\\S+)\\)");
        for (final String line : java.nio.file.Files.readAllLines(t)) {
            final java.util.regex.Matcher m = p.matcher(line);
            if (m.find()) {
                out.add(
                        new double[] {
                            Double.parseDouble(m.group(1)),
                            Double.parseDouble(m.group(2)),
                            Double.parseDouble(m.group(3))
                        });
            }
        }
        return out;
    }

    static String readLine(final InputStream in) throws java.io.IOException {
        final StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString().strip();
    }
}
