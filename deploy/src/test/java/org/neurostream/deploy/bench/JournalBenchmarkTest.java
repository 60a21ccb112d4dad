package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class JournalBenchmarkTest {
    @Test
    void shouldRecordAtTheStreamsPaceAndReportPlausibleFigures() throws Exception {
        // 32 channels at 2 kHz for 0.5 s in 50 ms frames: 10 frames, 256 kB/s of samples
        final JournalBenchmark.Figures f = JournalBenchmark.run(32, 2000, 0.5, 0.05);
        assertEquals(10, f.frames());
        // paced at speed 1: 0.5 s of data takes about 0.5 s, so about 0.256 MB/s
        assertEquals(0.256, f.recordMbPerS(), 0.1);
        // process CPU time advances in 10 ms ticks on Linux: a run this short may read 0
        assertTrue(
                f.processCpuFraction() >= 0 && Double.isFinite(f.processCpuFraction()),
                "cpu " + f.processCpuFraction());
        assertTrue(
                f.threadCpuFraction() > 0
                        && f.threadCpuFraction() <= f.processCpuFraction() + 0.05);
        assertTrue(f.readMbPerS() > 0 && f.sourceMbPerS() > 0);
        assertEquals(4, f.lines("small").size());
        assertTrue(f.lines("small").get(0).startsWith("journal.record.small.cpu_fraction="));
    }
}
