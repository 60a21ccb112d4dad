package org.neurostream.operators.motif;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MotifSuppressionTest {
    @Test
    void shouldLetAGreaterNeighbourSuppressOnEitherSide() {
        assertTrue(MotifSuppression.suppresses(9, 2.5, 10, 2.0));
        assertTrue(MotifSuppression.suppresses(11, 2.5, 10, 2.0));
    }

    @Test
    void shouldNeverLetALowerNeighbourSuppress() {
        assertFalse(MotifSuppression.suppresses(9, 1.5, 10, 2.0));
        assertFalse(MotifSuppression.suppresses(11, 1.5, 10, 2.0));
    }

    @Test
    void shouldLetTheEarliestOfTiedMaximaWin() {
        assertTrue(MotifSuppression.suppresses(9, 2.0, 10, 2.0));
        assertFalse(MotifSuppression.suppresses(11, 2.0, 10, 2.0));
        assertTrue(MotifSuppression.suppresses(9, 2f, 10, 2f));
        assertFalse(MotifSuppression.suppresses(11, 2f, 10, 2f));
        assertFalse(MotifSuppression.suppresses(10, 2f, 10, 2f), "a cell never suppresses itself");
    }

    @Test
    void shouldLetANaNNeighbourSuppressAsTheRingDoes() {
        assertTrue(MotifSuppression.suppresses(9, Double.NaN, 10, 2.0));
        assertTrue(MotifSuppression.suppresses(11, Double.NaN, 10, 2.0));
        assertTrue(MotifSuppression.suppresses(9, Float.NaN, 10, 2f));
        assertTrue(MotifSuppression.suppresses(11, Float.NaN, 10, 2f));
    }

    @Test
    void shouldKeepTheSurvivorsOfAListInTheirOrderWithinTheDecidedBins() {
        MotifSuppression suppression = new MotifSuppression(2);
        // motif 0: a tie at bins 3 and 5 (3 wins), 8 is beyond the radius of 5; motif 1 at bin 4
        // is greater than motif 0's cells but another motif; bin 12 is outside [0, 12).
        int[] motif = {0, 1, 0, 0, 0, 0};
        long[] bin = {3, 4, 5, 8, 11, 12};
        float[] potential = {2f, 9f, 2f, 1.5f, 1f, 3f};

        int end = suppression.keepSurvivors(motif, bin, potential, 0, 6, 0, 12);

        assertEquals(3, end);
        assertArrayEquals(new int[] {0, 1, 0}, Arrays.copyOf(motif, end));
        assertArrayEquals(new long[] {3, 4, 8}, Arrays.copyOf(bin, end));
        assertArrayEquals(new float[] {2f, 9f, 1.5f}, Arrays.copyOf(potential, end));
    }
}
