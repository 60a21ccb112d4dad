package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Peers that are slow or vanish, as liblsl outlets on a loaded machine are: a string sample that
 * arrives a byte at a time with pauses (one longer than the socket's read timeout) is read whole;
 * an outlet that goes away with samples still owed (liblsl drops what it has queued when its outlet
 * is destroyed) ends a pull as {@link LslPull.End#LOST}, never as a quiet end of the stream.
 */
class UnsteadyPeerTest {
    static final LslConfig CONFIG = LslTests.loopback();
    static final long SECOND = 1_000_000_000L;
    static final int CHANNELS = 3;

    final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    /** Value of channel c of sample i, with a quote and a comma as the liblsl peer sends. */
    static String value(final int i, final int c) {
        return "s" + i + "-" + c + " \"q\",x";
    }

    /** The stream feed's answer, test pattern included, then samples 0..n-1 of a string stream. */
    static byte[] feed(final int samples) {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[64 * 1024]);
        final byte[] head =
                new String(FaultyPeerTest.OK_HEAD, StandardCharsets.US_ASCII)
                        .replace("fake-uid", "unsteady-uid")
                        .getBytes(StandardCharsets.US_ASCII);
        b.putBytes(0, head);
        int at = head.length;
        for (final int offset : SampleDescriptor.TEST_PATTERN_OFFSETS) {
            at += SampleDescriptor.writeTestPattern(b, at, ChannelFormat.STRING, CHANNELS, offset);
        }
        for (int i = 0; i < samples; i++) {
            b.putByte(at++, SampleDescriptor.TAG_TRANSMITTED_TIMESTAMP);
            b.putDouble(at, 1000.0 + i / 100.0, java.nio.ByteOrder.LITTLE_ENDIAN);
            at += Double.BYTES;
            for (int c = 0; c < CHANNELS; c++) {
                at += SampleDescriptor.writeString(b, at, value(i, c));
            }
        }
        return Arrays.copyOf(b.byteArray(), at);
    }

    /** A string outlet (with a source id) that serves one feed, as {@code writer} writes it. */
    static ScriptedOutlet unsteady(final byte[] feed, final ScriptedOutlet.FeedWriter writer)
            throws Exception {
        return new ScriptedOutlet(
                StreamInfo.builder("unsteady", "Markers", CHANNELS, 100, ChannelFormat.STRING, "u")
                        .build(),
                "unsteady-uid",
                null,
                feed,
                writer,
                true);
    }

    @Test
    void shouldReadAStringSampleThatArrivesAByteAtATimeWithPauses() throws Exception {
        final byte[] feed = feed(4);
        final int samplesStart = feed(0).length;
        final int longPauseAt = samplesStart + (feed.length - samplesStart) / 2;
        try (ScriptedOutlet outlet =
                        unsteady(
                                feed,
                                (out, bytes) -> {
                                    out.write(bytes, 0, samplesStart);
                                    out.flush();
                                    for (int i = samplesStart; i < bytes.length; i++) {
                                        out.write(bytes[i]);
                                        out.flush();
                                        // longer than the inlet's 1 s read timeout, inside a
                                        // sample: a stall, not a loss
                                        Thread.sleep(i == longPauseAt ? 1300 : 3);
                                    }
                                    Thread.sleep(60_000);
                                });
                LslInlet inlet = LslInlet.open(outlet.info, CONFIG, 2, true, problems::add)) {
            final List<String> got = new ArrayList<>();
            final List<Double> stamps = new ArrayList<>();
            final long end = System.nanoTime() + 20 * SECOND;
            while (got.size() < 4 * CHANNELS && System.nanoTime() < end) {
                inlet.pull(
                        s -> {
                            stamps.add(s.timestamp());
                            for (int c = 0; c < CHANNELS; c++) {
                                got.add(s.stringValue(c));
                            }
                        },
                        10,
                        SECOND);
            }
            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                for (int c = 0; c < CHANNELS; c++) {
                    expected.add(value(i, c));
                }
            }
            assertEquals(expected, got);
            assertEquals(List.of(1000.0, 1000.01, 1000.02, 1000.03), stamps);
            assertEquals(LslInlet.State.CONNECTED, inlet.state());
            assertEquals(0, inlet.reconnects());
            assertEquals(List.of(), problems);
        }
    }

    @Test
    void shouldEndAPullAsLostWhenTheOutletGoesAwayWithSamplesOwed() throws Exception {
        // 16 of 40 samples leave before the outlet is destroyed, as liblsl's transfer thread
        // left them behind on a loaded machine; the other 24 never come
        try (ScriptedOutlet outlet =
                        unsteady(
                                feed(16),
                                (out, bytes) -> {
                                    out.write(bytes);
                                    out.flush();
                                });
                LslInlet inlet = LslInlet.open(outlet.info, CONFIG, 2, true, problems::add)) {
            final StringWriter csv = new StringWriter();
            final LslPull.Result r = LslPull.read(inlet, 40, 2 * SECOND, 0, csv, () -> true);
            assertEquals(LslPull.End.LOST, r.end());
            assertEquals(16, r.samples());
            assertEquals(17, csv.toString().lines().count());
            assertEquals(LslInlet.State.RECOVERING, inlet.state());
            assertTrue(
                    problems.stream()
                            .anyMatch(
                                    p ->
                                            p.startsWith("LSL outlet 'unsteady' at 127.0.0.1:")
                                                    && p.endsWith(
                                                            ": connection closed; recovering")),
                    problems.toString());
        }
    }
}
