package org.neurostream.models.regression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ContiguousKFoldTest {
    @Test
    void shouldGiveTheFirstFoldsOneMoreInTimeOrderAsKFoldWithoutShuffling() {
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 2}, ContiguousKFold.assign(7, 3));
    }

    @Test
    void shouldRefuseFewerObservationsThanFoldsOrOneFold() {
        assertThrows(IllegalArgumentException.class, () -> ContiguousKFold.assign(2, 3));
        assertThrows(IllegalArgumentException.class, () -> ContiguousKFold.assign(10, 1));
    }
}
