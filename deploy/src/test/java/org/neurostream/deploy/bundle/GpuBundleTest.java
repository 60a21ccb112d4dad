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
    void shouldCountOnlyTheBundlesFilesNotThePayloadUnpackedBeside() throws Exception {
        // a folder a bundle was built into and run from: run.sh unpacked the payload there
        final Path dir = Files.createDirectories(tmp.resolve("job"));
        Files.write(dir.resolve("payload.tar.xz"), new byte[3_000]);
        Files.write(dir.resolve("run.sh"), new byte[200]);
        Files.write(dir.resolve("bundle-env.sh"), new byte[100]);
        final Path runtime = Files.createDirectories(dir.resolve("payload/runtime/lib"));
        Files.write(runtime.resolve("libjvm.so"), new byte[50_000]);
        Files.write(dir.resolve("payload/.complete"), new byte[0]);

        final GpuBundle.Report report =
                GpuBundle.report(dir, GpuBundle.Kind.JOB, 10, List.of("java.base"));

        assertEquals(
                Map.of("payload.tar.xz", 3_000L, "run.sh", 200L, "bundle-env.sh", 100L),
                report.files());
        assertEquals(3_300L, report.bytes());
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
