package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.deploy.MotifBackendLog;
import org.neurostream.operators.compute.OpenClDevices;

/**
 * {@code motifs detect --nms R --backend opencl} accumulates on the OpenCL device (PoCL's CPU
 * device in CI) and suppresses on the host: the file and the summary are those of {@code --backend
 * cpu} to the byte, and the log shows the device was used.
 */
class MotifsDetectSuppressionParityTest {
    @TempDir Path dir;

    @Test
    void shouldWriteTheCpuFileToTheByteWithSuppressionOnTheDevice() throws IOException {
        assumeTrue(
                !OpenClDevices.all().isEmpty() || System.getenv("CI") != null,
                "skipped: no OpenCL device (install pocl-opencl-icd)");
        final List<String> common =
                MotifDraw.detect(
                        MotifDraw.save(dir.resolve("draw")), "--threshold", "-1", "--nms", "3");
        final Path cpu = dir.resolve("cpu.csv");
        final Path openCl = dir.resolve("opencl.csv");
        final CommandRun onCpu = detect(common, "cpu", cpu);
        final CommandRun onOpenCl;
        try (MotifBackendLog log = MotifBackendLog.open()) {
            onOpenCl = detect(common, "opencl", openCl);
            log.assertMotifOnDeviceWithSuppression(3);
        }
        assertEquals(0, onCpu.exitCode(), onCpu.err());
        assertEquals(0, onOpenCl.exitCode(), onOpenCl.err());
        final List<String> expected = Files.readAllLines(cpu);
        assertTrue(expected.size() > 10, "some detections: " + expected.size());
        assertEquals(expected, Files.readAllLines(openCl));
        assertEquals(
                onCpu.out().replace(cpu.toString(), "X"),
                onOpenCl.out().replace(openCl.toString(), "X"),
                "the same summary");
    }

    private static CommandRun detect(
            final List<String> common, final String backend, final Path out) {
        final List<String> args = new ArrayList<>(common);
        args.addAll(List.of("--backend", backend, "--out", out.toString()));
        return CommandRun.of(args.toArray(new String[0]));
    }
}
