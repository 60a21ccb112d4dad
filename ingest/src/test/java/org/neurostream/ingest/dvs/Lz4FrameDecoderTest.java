package org.neurostream.ingest.dvs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** LZ4 frames written by the reference lz4 tool ({@code src/test/resources/dvs/make_lz4.sh}). */
class Lz4FrameDecoderTest {
    private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "epsilon"};

    private static byte[] content() {
        final StringBuilder s = new StringBuilder();
        for (long i = 0; i < 40000; i++) {
            s.append(WORDS[(int) (i * i % 5)]).append(' ');
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] resource(final String name) throws IOException {
        try (InputStream in = Lz4FrameDecoderTest.class.getResourceAsStream("/dvs/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] decompress(final byte[] frame) throws MalformedDataException {
        final Lz4FrameDecoder decoder = new Lz4FrameDecoder();
        final int n = decoder.decompress(frame, 0, frame.length);
        return Arrays.copyOf(decoder.buffer(), n);
    }

    @Test
    void shouldDecodeLinkedBlocksThatReferToEarlierBlocks() throws Exception {
        assertArrayEquals(content(), decompress(resource("linked.lz4")));
    }

    @Test
    void shouldDecodeIndependentBlocksWithChecksumsAndContentSize() throws Exception {
        assertArrayEquals(content(), decompress(resource("independent.lz4")));
    }

    @Test
    void shouldDecodeTwoConcatenatedFramesIntoOneBuffer() throws Exception {
        final byte[] one = resource("linked.lz4");
        final byte[] two = Arrays.copyOf(one, 2 * one.length);
        System.arraycopy(one, 0, two, one.length, one.length);
        final byte[] expected = content();
        final byte[] got = decompress(two);
        assertEquals(2 * expected.length, got.length);
        assertArrayEquals(expected, Arrays.copyOfRange(got, expected.length, got.length));
    }

    @Test
    void shouldRejectAMatchThatReachesBeforeTheFrame() {
        final byte[] frame = {
            0x04, 0x22, 0x4D, 0x18, 0x40, 0x40, 0x00, // magic, FLG, BD, HC
            4, 0, 0, 0, 0x10, 'a', 5, 0, // one literal, then a match 5 bytes back
            0, 0, 0, 0
        };
        final MalformedDataException e =
                assertThrows(MalformedDataException.class, () -> decompress(frame));
        assertEquals("LZ4: match offset 5 points outside the data", e.getMessage());
    }

    @Test
    void shouldRejectAFrameCutInsideABlock() throws Exception {
        final byte[] frame = resource("linked.lz4");
        final MalformedDataException e =
                assertThrows(
                        MalformedDataException.class,
                        () -> decompress(Arrays.copyOf(frame, frame.length / 2)));
        assertEquals("LZ4: data ends inside the block", e.getMessage());
    }

    @Test
    void shouldRejectBadMagic() {
        final MalformedDataException e =
                assertThrows(
                        MalformedDataException.class,
                        () -> decompress(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        assertEquals("LZ4: bad frame magic 0x04030201", e.getMessage());
    }
}
