package org.neurostream.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamIdCacheTest {

    @Test
    void shouldGiveTheSameStringForTheSameBytesWherever() {
        final StreamIdCache cache = new StreamIdCache();
        final String first = cache.id(bytes("xxS001R01/eeg"), 2, 11);
        final String again = cache.id(bytes("S001R01/eeg"), 0, 11);
        assertEquals("S001R01/eeg", first);
        assertSame(first, again);
    }

    @Test
    void shouldTellStreamsApartAndKeepManyOfThem() {
        final StreamIdCache cache = new StreamIdCache();
        for (int round = 0; round < 3; round++) {
            for (int s = 0; s < 8; s++) {
                final byte[] b = bytes("bench/probe" + s + "#é");
                assertEquals("bench/probe" + s + "#é", cache.id(b, 0, b.length));
            }
        }
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
