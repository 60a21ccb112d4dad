package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NWB benchmarks run on small files and report figures that agree with what they read. */
class NwbBenchmarkTest {
    @TempDir Path dir;

    @Test
    void shouldReadTheWholeSyntheticSeriesAndCountItsSampleBytes() throws IOException {
        final NwbBenchmark.Read read = NwbBenchmark.read(dir, 0.5);
        assertEquals(0.5 * 30_000 * 384 * 2 / 1e6, read.storedMb(), 1e-9);
        assertTrue(
                read.fileMb() > 0.3 * read.storedMb() && read.fileMb() < read.storedMb(),
                "deflated: " + read.fileMb());
        assertTrue(read.mbPerCpuSecond() > 0 && read.mbPerWallSecond() > 0);
    }

    @Test
    void shouldListAFileOfTheAskedSizeWithoutTheLauncher() throws Exception {
        final NwbBenchmark.Info info = NwbBenchmark.info(dir, 20_000_000L, null);
        assertEquals(0.02, info.fileGb(), 0.002);
        assertTrue(info.firstOpenMs() > 0 && info.firstOpenCpuMs() > 0 && info.medianOpenMs() > 0);
        assertTrue(Double.isNaN(info.processSeconds()));
    }
}
