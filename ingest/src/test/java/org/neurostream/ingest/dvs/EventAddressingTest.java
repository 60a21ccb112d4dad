package org.neurostream.ingest.dvs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The polarity x downsampled-grid addresses and the time bins of
 * docs/features.md#event-camera-addresses.
 */
class EventAddressingTest {

    @Test
    void shouldMapTheSpecExampleToAddress271() {
        final EventAddressing a = new EventAddressing(128, 128, 3);
        assertEquals(271, a.address(127, 5, 1));
        assertEquals(16, a.gridWidth());
        assertEquals(512, a.addressCount());
    }

    @Test
    void shouldPutOffEventsFirstThenOnEvents() {
        final EventAddressing a = new EventAddressing(128, 128, 3);
        assertEquals(0, a.address(0, 0, 0));
        assertEquals(255, a.address(127, 127, 0));
        assertEquals(256, a.address(0, 0, 1));
        assertEquals(511, a.address(127, 127, 1));
    }

    @Test
    void shouldRoundTheGridUpForSizesThatAreNotMultiplesOfTheBlock() {
        final EventAddressing a = new EventAddressing(130, 9, 3);
        assertEquals(17, a.gridWidth());
        assertEquals(2, a.gridHeight());
        assertEquals(17 * 2 + 16 + 17, a.address(129, 8, 1));
    }

    @Test
    void shouldMarkEventsOutsideTheSensorAndCountThemInABatch() {
        final EventAddressing a = new EventAddressing(128, 128, 3);
        final EventBatch batch = new EventBatch(16);
        batch.add(0, 127, 5, 1);
        batch.add(1, 128, 5, 1);
        batch.add(2, 0, -1, 0);
        batch.add(3, 0, 0, 2);
        batch.add(4, 8, 8, 0);
        final int[] addresses = new int[16];
        assertEquals(3, a.map(batch, addresses));
        assertArrayEquals(new int[] {271, -1, -1, -1, 17}, java.util.Arrays.copyOf(addresses, 5));
    }

    @Test
    void shouldKeepFullResolutionAtShiftZero() {
        final EventAddressing a = new EventAddressing(640, 480, 0);
        assertEquals(2 * 640 * 480, a.addressCount());
        assertEquals(640 * 480 + 479 * 640 + 639, a.address(639, 479, 1));
    }

    @Test
    void shouldRejectImpossibleLayouts() {
        assertThrows(IllegalArgumentException.class, () -> new EventAddressing(0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new EventAddressing(10, 10, 16));
    }

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
