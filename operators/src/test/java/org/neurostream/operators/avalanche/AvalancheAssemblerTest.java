package org.neurostream.operators.avalanche;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AvalancheAssemblerTest {

    private final AvalancheTable table = new AvalancheTable();

    @Test
    void shouldCountBinsFromTimeZeroNotFromTheFirstEvent() {
        AvalancheAssembler a = new AvalancheAssembler(10.0, table, null);
        // Events at 25 and 31 lie in bins 2 and 3 (origin 0); with the first event as origin
        // they would share a bin.
        a.onEvent(25, 1.0);
        a.onEvent(31, 1.0);
        a.onEvent(55, 1.0);
        a.finish(100);
        assertEquals(2, table.size());
        assertEquals(2, table.startBin(0));
        assertEquals(2, table.duration(0));
        assertEquals(2, table.events(0));
        assertEquals(1, table.firstBinEvents(0));
        assertEquals(1, table.secondBinEvents(0));
        assertEquals(5, table.startBin(1));
        assertEquals(1, table.duration(1));
        assertEquals(0, table.secondBinEvents(1));
        assertEquals(10, a.binsClosed());
    }

    @Test
    void shouldEmitAnAvalancheOnlyWhenItsClosingEmptyBinHasClosed() {
        AvalancheAssembler a = new AvalancheAssembler(10.0, table, null);
        a.onEvent(12, 2.5);
        a.onEvent(18, 0.5);
        a.advanceTo(20);
        assertEquals(0, table.size(), "bin 2 may still receive events");
        a.advanceTo(29);
        assertEquals(0, table.size());
        a.advanceTo(30);
        assertEquals(1, table.size());
        assertEquals(2, table.events(0));
        assertEquals(3.0, table.amplitude(0), 0.0);
    }

    @Test
    void shouldDropARunHoldingBinZeroAndARunOpenAtTheEnd() {
        AvalancheAssembler a = new AvalancheAssembler(10.0, table, null);
        a.onEvent(3, 1.0);
        a.onEvent(14, 1.0);
        a.onEvent(40, 1.0);
        a.onEvent(95, 1.0);
        a.finish(100);
        assertEquals(1, table.size());
        assertEquals(4, table.startBin(0));
        assertEquals(1, a.droppedAtStart());
        assertEquals(1, a.droppedAtEnd());
        assertEquals(4, a.events());
    }

    @Test
    void shouldTreatAPartialLastBinAsObservedAndCloseTheRunBeforeIt() {
        AvalancheAssembler a = new AvalancheAssembler(10.0, table, null);
        a.onEvent(85, 1.0);
        a.finish(91); // bin 9 covers [90, 100) and is observed, empty, up to 91
        assertEquals(1, table.size());
        assertEquals(0, a.droppedAtEnd());
    }

    @Test
    void shouldAcceptEventsInAnyOrderAheadOfTheWatermarkAndCountLateOnes() {
        AvalancheAssembler a = new AvalancheAssembler(10.0, table, null);
        a.onEvent(5000, 1.0); // far ahead: the ring grows
        a.onEvent(35, 1.0);
        a.onEvent(22, 1.0);
        a.advanceTo(100);
        a.onEvent(50, 1.0);
        assertEquals(1, a.lateEvents());
        a.finish(6000);
        assertEquals(2, table.size());
        assertEquals(2, table.startBin(0));
        assertEquals(2, table.duration(0));
        assertEquals(500, table.startBin(1));
    }

    @Test
    void shouldFeedEveryClosedBinToTheRegressionIncludingRunsOfEmptyBins() {
        MultistepRegression mr = new MultistepRegression(2);
        AvalancheAssembler a = new AvalancheAssembler(1000.0, table, mr);
        a.onEvent(1500, 1.0);
        a.onEvent(1600, 1.0);
        a.onEvent(7_000_000, 1.0);
        a.finish(7_000_001);
        assertEquals(7001, mr.bins());
        assertEquals(7001, a.binsClosed());
    }

    @Test
    void shouldUseIntegerBinArithmeticForWholeWidthsAndFloorForFractionalOnes() {
        AvalancheAssembler whole = new AvalancheAssembler(3.0, table, null);
        assertEquals(3, whole.binOf(9));
        assertEquals(2, whole.binOf(8));
        AvalancheAssembler fractional = new AvalancheAssembler(2.5, table, null);
        assertEquals(4, fractional.binOf(10));
        assertEquals(3, fractional.binOf(9));
    }

    @Test
    void shouldRefuseEventsBeforeTimeZeroOrAfterTheEnd() {
        AvalancheAssembler a = new AvalancheAssembler(10.0, table, null);
        assertThrows(IllegalArgumentException.class, () -> a.onEvent(-1, 1.0));
        a.onEvent(150, 1.0);
        assertThrows(IllegalArgumentException.class, () -> a.finish(100));
        assertThrows(IllegalArgumentException.class, () -> new AvalancheAssembler(0, table, null));
    }

    @Test
    void shouldAssembleBinnedInputAndDropTheOpenRunAtItsEnd() {
        AvalancheAssembler a = new AvalancheAssembler(1.0, table, null);
        long[] bins = {0, 1, 3, 0, 0, 2, 0, 4, 4};
        for (long b : bins) {
            a.addBin(b, b);
        }
        a.finishBins();
        assertEquals(2, table.size());
        assertEquals(1, table.startBin(0));
        assertEquals(4, table.events(0));
        assertEquals(3, table.secondBinEvents(0));
        assertEquals(5, table.startBin(1));
        assertEquals(1, a.droppedAtEnd());
        assertEquals(14, a.events());
    }

    @Test
    void shouldStartAfreshAfterReset() {
        AvalancheAssembler a = new AvalancheAssembler(10.0, table, null);
        a.onEvent(25, 1.0);
        a.advanceTo(200);
        a.reset();
        a.onEvent(45, 1.0);
        a.finish(100);
        assertEquals(2, table.size());
        assertEquals(4, table.startBin(1));
        assertEquals(1, a.events());
        assertEquals(1, a.avalanches());
    }
}
