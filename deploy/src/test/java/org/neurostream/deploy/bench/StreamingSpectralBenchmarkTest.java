package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A short run of the streaming spectral benchmark: it measures, and refuses what it cannot. */
class StreamingSpectralBenchmarkTest {

    @Test
    void shouldReportAPositiveCoreFractionAndEveryRecordOfTheMeasuredStretch() {
        // 8 channels at 256 Hz, 4 s measured: a record every 64 samples, 16 in all
        StreamingSpectralBenchmark.Result r =
                StreamingSpectralBenchmark.coreFraction(8, 256, 16, 2, 4, 1L);

        assertEquals(16, r.records());
        // process CPU time ticks in 10 ms steps on Linux: a run this short may read 0
        assertTrue(r.coreFraction() >= 0 && Double.isFinite(r.coreFraction()), r.toString());
        assertTrue(r.threadCoreFraction() > 0 && r.threadCoreFraction() < 1, r.toString());
    }

    @Test
    void shouldRunTheAvalancheStreamOnTheSameSamples() {
        // noise crosses |z| > 3 in about 0.27 % of samples: once the 10 s running baseline has
        // settled (12 s of warm-up), 8 channels give avalanches in 20 s of signal
        StreamingSpectralBenchmark.Result r =
                StreamingSpectralBenchmark.coreFraction(8, 256, 16, 12, 20, 1L);
        assertTrue(r.avalanches() > 10, r.toString());
    }

    @Test
    void shouldRejectEmptyStreamsAndDurations() {
        assertThrows(
                IllegalArgumentException.class,
                () -> StreamingSpectralBenchmark.coreFraction(0, 256, 16, 1, 1, 1L));
        assertThrows(
                IllegalArgumentException.class,
                () -> StreamingSpectralBenchmark.coreFraction(8, 256, 0, 1, 1, 1L));
        assertThrows(
                IllegalArgumentException.class,
                () -> StreamingSpectralBenchmark.coreFraction(8, 256, 16, 1, 0, 1L));
    }
}
