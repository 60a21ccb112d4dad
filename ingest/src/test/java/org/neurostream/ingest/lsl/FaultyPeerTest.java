package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that break the protocol: each fault gives one line naming the peer and the reason, the
 * faulty stream is dropped, and a healthy stream read at the same time is untouched.
 */
class FaultyPeerTest {
    static final LslConfig CONFIG = LslTests.loopback();
    static final long SECOND = 1_000_000_000L;
    static final byte[] OK_HEAD =
            ("LSL/110 200 OK\r\nUID: fake-uid\r\nByte-Order: 1234\r\nSuppress-Subnormals: 0\r\n"
                            + "Data-Protocol-Version: 110\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);

    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    LslOutlet healthy;
    LslInlet healthyInlet;

    @BeforeEach
    void startAHealthyStream() throws Exception {
        healthy =
                LslOutlet.open(
                        StreamInfo.builder("healthy", "EEG", 1, 100, ChannelFormat.FLOAT32, "h")
                                .build(),
                        CONFIG,
                        problems::add);
        healthyInlet =
                LslInlet.open(
                        LslLoopbackTest.resolve("healthy", problems),
                        CONFIG,
                        2,
                        true,
                        problems::add);
        assertTrue(healthy.waitForConsumers(3 * SECOND));
    }

    @AfterEach
    void checkTheHealthyStreamIsUntouched() {
        healthy.pushSample(new float[] {42}, 0);
        final float[] got = {0};
        assertEquals(1, healthyInlet.pull(s -> got[0] = s.floatValue(0), 1, 5 * SECOND));
        assertEquals(42f, got[0]);
        assertEquals(LslInlet.State.CONNECTED, healthyInlet.state());
        healthyInlet.close();
        healthy.close();
    }

    /**
     * A fake outlet of a 2-channel float32 stream: serves {@code fullInfo} (null: its own), then
     * {@code feed} after each feed request, closing the connection after it.
     */
    static ScriptedOutlet fake(final String fullInfo, final byte[] feed) throws Exception {
        return new ScriptedOutlet(
                StreamInfo.builder("fake", "EEG", 2, 100, ChannelFormat.FLOAT32, "fake-src")
                        .build(),
                "fake-uid",
                fullInfo,
                feed,
                (out, bytes) -> out.write(bytes),
                false);
    }

    static byte[] feed(final byte[] head, final byte[] after, final int channels) {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[head.length + 200 + after.length]);
        b.putBytes(0, head);
        int at = head.length;
        for (final int offset : SampleDescriptor.TEST_PATTERN_OFFSETS) {
            at += SampleDescriptor.writeTestPattern(b, at, ChannelFormat.FLOAT32, channels, offset);
        }
        b.putBytes(at, after);
        at += after.length;
        return java.util.Arrays.copyOf(b.byteArray(), at);
    }

    /** Reads the fake stream until it is dropped; returns the problems it reported. */
    private List<String> readUntilDropped(final ScriptedOutlet fake) throws Exception {
        problems.clear();
        try (LslInlet inlet = LslInlet.open(fake.info, CONFIG, 2, false, problems::add)) {
            int n;
            final long end = System.nanoTime() + 10 * SECOND;
            while ((n = inlet.pull(s -> {}, 100, SECOND)) >= 0 && System.nanoTime() < end) {
                // drain
            }
            assertEquals(-1, n, "the stream is dropped");
            assertEquals(LslInlet.State.DROPPED, inlet.state());
        }
        return new ArrayList<>(problems);
    }

    private static void assertOneLine(final List<String> lines, final String reason) {
        assertEquals(1, lines.size(), lines.toString());
        final String line = lines.get(0);
        assertTrue(line.startsWith("LSL outlet 'fake' at 127.0.0.1:"), line);
        assertTrue(line.contains(reason), line);
        assertTrue(
                line.endsWith("stream dropped (recovery is off)")
                        || line.contains("stream dropped"),
                line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void shouldDropAPeerOfAnotherProtocolVersion() throws Exception {
        final byte[] head =
                "LSL/200 200 OK\r\nUID: fake-uid\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (ScriptedOutlet fake = fake(null, feed(head, new byte[0], 2))) {
            assertOneLine(
                    readUntilDropped(fake),
                    "answers with protocol version 200, newer than the 1.10 we speak");
        }
    }

    @Test
    void shouldDropAPeerThatRefusesTheVersion() throws Exception {
        final byte[] head =
                "LSL/110 505 Version not supported\r\n".getBytes(StandardCharsets.US_ASCII);
        try (ScriptedOutlet fake = fake(null, head)) {
            assertOneLine(
                    readUntilDropped(fake),
                    "refused the stream feed: 'LSL/110 505 Version not supported'");
        }
    }

    @Test
    void shouldDropAPeerWhoseTestPatternDoesNotMatch() throws Exception {
        // three channels of test pattern for a stream that says two
        try (ScriptedOutlet fake = fake(null, feed(OK_HEAD, new byte[0], 3))) {
            assertOneLine(readUntilDropped(fake), "test pattern does not match");
        }
    }

    @Test
    void shouldReportATruncatedSample() throws Exception {
        final UnsafeBuffer sample = new UnsafeBuffer(new byte[17]);
        sample.putByte(0, SampleDescriptor.TAG_TRANSMITTED_TIMESTAMP);
        sample.putDouble(1, 5.0, java.nio.ByteOrder.LITTLE_ENDIAN);
        sample.putFloat(9, 1f, java.nio.ByteOrder.LITTLE_ENDIAN);
        sample.putFloat(13, 2f, java.nio.ByteOrder.LITTLE_ENDIAN);
        final byte[] oneAndAHalf = new byte[17 + 9];
        sample.getBytes(0, oneAndAHalf, 0, 17);
        sample.getBytes(0, oneAndAHalf, 17, 9);
        try (ScriptedOutlet fake = fake(null, feed(OK_HEAD, oneAndAHalf, 2))) {
            assertOneLine(
                    readUntilDropped(fake),
                    "truncated sample: the connection closed 9 bytes into sample 1");
        }
    }

    @Test
    void shouldReportGarbageInTheFeed() throws Exception {
        try (ScriptedOutlet fake =
                fake(null, feed(OK_HEAD, "GARBAGE!".getBytes(StandardCharsets.US_ASCII), 2))) {
            assertOneLine(
                    readUntilDropped(fake),
                    "garbage in the stream feed: sample tag 0x47 after 0 samples");
        }
    }

    @Test
    void shouldFallBackToTheShortInfoWhenTheFullInfoIsMalformed() throws Exception {
        try (ScriptedOutlet fake = fake("<info><name>oops", feed(OK_HEAD, new byte[0], 2))) {
            final List<String> lines = readUntilDropped(fake);
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("LSL outlet 'fake' at 127.0.0.1:"), lines.get(0));
            assertTrue(lines.get(0).contains("malformed stream info XML"), lines.get(0));
            assertTrue(lines.get(0).endsWith("; using the short info"), lines.get(0));
            assertTrue(lines.get(1).contains("connection closed"), lines.get(1));
        }
    }

    @Test
    void shouldIgnoreAMalformedDiscoveryAnswerAndNameItsPeer() throws Exception {
        try (DatagramSocket liar = new DatagramSocket(null)) {
            final int port = Ports.bind(liar, CONFIG, InetAddress.getLoopbackAddress());
            final Thread t =
                    new Thread(
                            () -> {
                                final byte[] buf = new byte[65536];
                                try {
                                    while (true) {
                                        final DatagramPacket p =
                                                new DatagramPacket(buf, buf.length);
                                        liar.receive(p);
                                        final String[] lines =
                                                new String(
                                                                buf,
                                                                0,
                                                                p.getLength(),
                                                                StandardCharsets.UTF_8)
                                                        .split("\r\n");
                                        final String[] tail = lines[2].split(" ");
                                        final byte[] reply =
                                                (tail[1] + "\r\n<info><name>broken</info>")
                                                        .getBytes(StandardCharsets.UTF_8);
                                        liar.send(
                                                new DatagramPacket(
                                                        reply,
                                                        reply.length,
                                                        p.getAddress(),
                                                        Integer.parseInt(tail[0])));
                                    }
                                } catch (final Exception e) {
                                    // closed
                                }
                            });
            t.setDaemon(true);
            t.start();
            problems.clear();
            final List<StreamInfo> found =
                    new LslResolver(CONFIG, problems::add)
                            .resolve(StreamQuery.of(""), 0, 2 * SECOND);
            assertTrue(found.stream().anyMatch(s -> s.name().equals("healthy")));
            assertTrue(
                    problems.stream()
                            .anyMatch(
                                    p ->
                                            p.startsWith(
                                                            "LSL peer 127.0.0.1:"
                                                                    + port
                                                                    + ": malformed stream info XML")
                                                    && p.endsWith("; answer ignored")),
                    problems.toString());
        }
    }
}
