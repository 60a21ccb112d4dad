package org.neurostream.core.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The polarity x downsampled-grid addresses of events. */
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
        final short[] xs = {127, 128, 0, 0, 8, 0};
        final short[] ys = {5, 5, -1, 0, 8, 0};
        final byte[] ps = {1, 1, 0, 2, 0, 0};
        final int[] addresses = new int[16];
        assertEquals(3, a.map(xs, ys, ps, 5, addresses));
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
}
