package org.neurostream.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StreamIdTest {

    @Test
    void shouldJoinSessionAndStreamWithASlash() {
        assertEquals("S001R01/eeg", StreamId.of("S001R01", "eeg"));
    }

    @Test
    void shouldSplitAtTheFirstSlash() {
        assertEquals("S001R01", StreamId.session("S001R01/probe/0"));
        assertEquals("probe/0", StreamId.stream("S001R01/probe/0"));
    }

    @Test
    void shouldTakeAnIdWithoutSlashAsBothParts() {
        assertEquals("lonely", StreamId.session("lonely"));
        assertEquals("lonely", StreamId.stream("lonely"));
    }

    @Test
    void shouldRejectASessionThatCouldNotBeSplitBack() {
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> StreamId.of("a/b", "eeg"));
        assertEquals("session \"a/b\" must not contain '/'", e.getMessage());
    }

    @Test
    void shouldRejectEmptyParts() {
        assertThrows(IllegalArgumentException.class, () -> StreamId.of("", "eeg"));
        assertThrows(IllegalArgumentException.class, () -> StreamId.of("s", ""));
        assertThrows(IllegalArgumentException.class, () -> StreamId.of(null, "eeg"));
        assertNull(StreamId.check("s", "eeg"));
    }
}
