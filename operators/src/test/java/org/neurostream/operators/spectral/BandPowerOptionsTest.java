package org.neurostream.operators.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The streaming options' extras: periodogram averaging and the entropy's log base. */
class BandPowerOptionsTest {

    @Test
    void shouldKeepAveragingOffAndEntropyInNatsByDefault() {
        BandPowerOptions options = BandPowerOptions.defaults();

        assertEquals(0.0, options.averagingSeconds);
        assertEquals(Math.E, options.entropyLogBase);
        assertEquals(1.0, options.averagingWeight(160));
        assertEquals(Math.E, options.entropyKernel(160).logBase());
    }

    @Test
    void shouldWeighTheNewestPeriodogramByOneMinusExpOfMinusHopOverTau() {
        BandPowerOptions options = BandPowerOptions.defaults().withAveraging(2.0);

        // hop 0.25 s = 64 samples at 256 Hz
        assertEquals(1 - Math.exp(-0.125), options.averagingWeight(256), 1e-15);
        assertEquals(2.0, options.withEntropyLogBase(2).averagingSeconds);
        assertEquals(2.0, options.withEntropyLogBase(2).entropyLogBase);
    }

    @Test
    void shouldRefuseNegativeAveragingAndAUselessLogBase() {
        BandPowerOptions options = BandPowerOptions.defaults();

        assertThrows(IllegalArgumentException.class, () -> options.withAveraging(-1));
        assertThrows(IllegalArgumentException.class, () -> options.withAveraging(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> options.withEntropyLogBase(1));
        assertThrows(IllegalArgumentException.class, () -> options.withEntropyLogBase(0));
    }
}
