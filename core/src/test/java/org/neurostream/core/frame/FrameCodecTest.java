package org.neurostream.core.frame;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final byte[] STREAM = "S001R01/eeg".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SESSION = "S001R01".getBytes(StandardCharsets.UTF_8);

    static byte[] samplesFrame() {
        final int channels = 3;
        final int samples = 2;
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.SAMPLES,
                                channels,
                                samples,
                                STREAM.length,
                                SESSION.length)];
        final float[] block = {1.5f, -2f, 3.25f, 4f, 5f, -6.5f};
        final int length =
                new FrameEncoder()
                        .wrap(new UnsafeBuffer(bytes), 0)
                        .kind(FrameKind.SAMPLES)
                        .modality(Modality.EEG)
                        .flags(0)
                        .sequence(7)
                        .deviceTimeNs(1_000_000_000L)
                        .periodNs(6_250_000L)
                        .ingestTimeNs(1_700_000_000_123_456_789L)
                        .counts(channels, samples)
                        .ids(STREAM, SESSION)
                        .putSamples(block, 0)
                        .finish();
        assertEquals(bytes.length, length);
        return bytes;
    }

    static byte[] eventsFrame() {
        final byte[] bytes =
                new byte
                        [FrameEncoder.frameLength(
                                FrameKind.EVENTS, 0, 2, STREAM.length, SESSION.length)];
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.EVENTS)
                .modality(Modality.DVS)
                .sequence(1)
                .deviceTimeNs(5_840_504_000L)
                .periodNs(1_000L)
                .counts(0, 2)
                .ids(STREAM, SESSION)
                .putEvent(0, 0, 707, (short) 297, (byte) 0, 1f)
                .putEvent(1, 12, 708, (short) 298, (byte) 1, 0.5f)
                .finish();
        return bytes;
    }

    @Test
    void shouldWriteTheVersionOneSamplesLayoutByteForByte() throws IOException {
        assertArrayEquals(golden("v1-samples.hex"), samplesFrame());
    }

    @Test
    void shouldWriteTheVersionOneEventsLayoutByteForByte() throws IOException {
        assertArrayEquals(golden("v1-events.hex"), eventsFrame());
    }

    @Test
    void shouldPlaceHeaderFieldsWhereTheDescriptorSaysInLittleEndian() {
        final ByteBuffer b = ByteBuffer.wrap(samplesFrame()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals('N', b.get(0));
        assertEquals('S', b.get(1));
        assertEquals('F', b.get(2));
        assertEquals('R', b.get(3));
        assertEquals(1, b.getShort(4));
        assertEquals(1, b.get(6));
        assertEquals(1, b.get(7));
        assertEquals(b.capacity(), b.getInt(8));
        assertEquals(7L, b.getLong(16));
        assertEquals(1_000_000_000L, b.getLong(24));
        assertEquals(6_250_000L, b.getLong(32));
        assertEquals(3, b.getInt(48));
        assertEquals(2, b.getInt(52));
        assertEquals(11, b.getShort(56));
        assertEquals(7, b.getShort(58));
        // 64 + 11 + 7 = 82, aligned to 88
        assertEquals(1.5f, b.getFloat(88));
        assertEquals(-6.5f, b.getFloat(88 + 5 * 4));
        assertEquals(88 + 24, b.capacity());
    }

    @Test
    void shouldReadBackEverySamplesField() {
        final FrameDecoder d = new FrameDecoder().wrap(new UnsafeBuffer(samplesFrame()), 0);
        assertEquals(FrameKind.SAMPLES, d.kind());
        assertEquals(Modality.EEG, d.modality());
        assertEquals(7, d.sequence());
        assertEquals(1_000_000_000L, d.deviceTimeNs());
        assertEquals(1_012_500_000L, d.endTimeNs());
        assertEquals(1_700_000_000_123_456_789L, d.ingestTimeNs());
        assertEquals("S001R01/eeg", d.streamId());
        assertEquals("S001R01", d.sessionId());
        assertEquals(3.25f, d.sample(0, 2));
        assertEquals(4f, d.sample(1, 0));
        final float[] copy = new float[7];
        d.copySamples(copy, 1);
        assertArrayEquals(new float[] {0f, 1.5f, -2f, 3.25f, 4f, 5f, -6.5f}, copy);
    }

    @Test
    void shouldReadBackEveryEventField() {
        final FrameDecoder d = new FrameDecoder().wrap(new UnsafeBuffer(eventsFrame()), 0);
        assertEquals(FrameKind.EVENTS, d.kind());
        assertEquals(Modality.DVS, d.modality());
        assertEquals(2, d.elementCount());
        assertEquals(12, d.eventTimeOffset(1));
        assertEquals(708, d.eventAddress(1));
        assertEquals(298, d.eventY(1));
        assertEquals(1, d.eventPolarity(1));
        assertEquals(0.5f, d.eventAmplitude(1));
        assertEquals(707, d.eventAddress(0));
    }

    @Test
    void shouldStampTheIngestTimeInPlace() {
        final byte[] bytes = samplesFrame();
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        FrameEncoder.stampIngestTime(buffer, 0, 42L);
        assertEquals(42L, new FrameDecoder().wrap(buffer, 0).ingestTimeNs());
    }

    private static byte[] golden(final String name) throws IOException {
        try (InputStream in = FrameCodecTest.class.getResourceAsStream("/frame/" + name)) {
            assertNotNull(in, "missing golden file " + name);
            final String hex =
                    new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                            .replaceAll("#[^\n]*", "")
                            .replaceAll("\\s+", "");
            return HexFormat.of().parseHex(hex);
        }
    }
}
