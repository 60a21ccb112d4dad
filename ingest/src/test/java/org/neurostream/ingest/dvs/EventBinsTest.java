package org.neurostream.ingest.dvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EventBinsTest {

    @Test
    void shouldBinTimesByFloorFromTimeZero() {
        final EventBins bins = new EventBins(1000);
        assertEquals(0, bins.bin(0));
        assertEquals(0, bins.bin(999));
        assertEquals(1, bins.bin(1000));
        assertEquals(-1, bins.bin(-1));
        assertEquals(5840, bins.bin(5840504));
        assertEquals(5840000, bins.startUs(5840));
        assertThrows(IllegalArgumentException.class, () -> new EventBins(0));
    }
}
