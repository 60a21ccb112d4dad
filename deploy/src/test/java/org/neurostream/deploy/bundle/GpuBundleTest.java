package org.neurostream.deploy.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks before a bundle is built and the lines printed after. */
class GpuBundleTest {
    @TempDir Path tmp;

    @Test
    void shouldListFilesOverOneHundredKilobytesThenTheTotalAgainstTheLimit() {
        final Map<String, Long> files = new LinkedHashMap<>();
        files.put("payload.tar.xz", 31_400_000L);
        files.put("run.sh", 4_000L);
        final GpuBundle.Report report =
                new GpuBundle.Report(Path.of("/b"), files, 31_404_000L, 10, List.of("java.base"));
        assertEquals(
                List.of(
                        "gpu-bundle: payload.tar.xz" + " ".repeat(17) + "31.4 MB",
                        "gpu-bundle: /b: 31.4 MB in 2 files (limit 45.0 MB); run it with /b/run.sh"),
                report.summary(45));
    }

    @Test
    void shouldRefuseAJobBundleWhenHomeHoldsNoReplayData() throws Exception {
        final Path jar = Files.createFile(tmp.resolve("cli.jar"));
        final PrintWriter log = new PrintWriter(new StringWriter());
        final IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                GpuBundle.settings(
                                        GpuBundle.Kind.JOB, tmp.resolve("out"), jar, tmp, 45, log));
        assertEquals(
                "no replay-data in " + tmp + " (set NEUROSTREAM_HOME to the NeuroStream folder)",
                e.getMessage());
    }

    @Test
    void shouldTakeTheLimitInBytesAndTheFolderAsAnAbsolutePath() throws Exception {
        final Path jar = Files.createFile(tmp.resolve("cli.jar"));
        final GpuBundle.Settings s =
                GpuBundle.settings(
                        GpuBundle.Kind.BENCH,
                        Path.of("rel"),
                        jar,
                        tmp,
                        1.5,
                        new PrintWriter(new StringWriter()));
        assertEquals(1_500_000L, s.maxBytes());
        assertEquals(Path.of("rel").toAbsolutePath(), s.out());
    }
}
