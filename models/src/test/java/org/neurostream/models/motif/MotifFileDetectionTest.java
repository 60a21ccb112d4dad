package org.neurostream.models.motif;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.motif.MotifKernel;

/** Which backend offline motif detection makes without asking for an OpenCL device. */
class MotifFileDetectionTest {
    @TempDir Path dir;

    @Test
    void shouldTakeTheCpuForAutoOnlyWhileTheEventsFileIsSmallForTheKernel() throws IOException {
        // 3 nonzero weights over 2 addresses: 1.5 multiply-adds per event
        final MotifKernel kernel =
                MotifModel.of(new float[] {1, 0, 1, 1}, new float[] {0}, 1, 2, 2, Map.of())
                        .toKernel();
        final Path small = dir.resolve("small.csv");
        Files.writeString(small, "t_us,address\n1,0\n");
        final Path large = dir.resolve("large.csv");
        try (RandomAccessFile file = new RandomAccessFile(large.toFile(), "rw")) {
            file.setLength(2L << 30); // 2^28 events of 8 bytes: 1.5 x 2^28 multiply-adds
        }

        assertTrue(MotifFileDetection.onCpu(BackendKind.AUTO, kernel, small));
        assertFalse(MotifFileDetection.onCpu(BackendKind.AUTO, kernel, large));
        assertTrue(MotifFileDetection.onCpu(BackendKind.CPU, kernel, large));
        assertFalse(MotifFileDetection.onCpu(BackendKind.OPENCL, kernel, small));
        assertTrue(
                MotifFileDetection.onCpu(BackendKind.AUTO, kernel, dir.resolve("missing.csv")),
                "the read names the missing file");
    }
}
