package org.neurostream.models.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.compute.OpenClDevices;
import org.neurostream.operators.spectral.BandPowerOptions;

/**
 * The training windows of train-decoder on the OpenCL band-power backend against the CPU path, on
 * the real motor-imagery run S001R04: the same windows, labels and groups, and log10 band powers
 * within 1e-4 (a relative power error of 1e-4 moves log10 by 4.3e-5). Skips when the recording is
 * absent, and when no OpenCL platform exists unless the CI environment variable is set.
 */
class AnnotatedWindowsBackendTest {

    @Test
    void shouldGiveTheSameTrainingSetOnOpenClAsOnTheCpu() throws IOException {
        final Path file =
                Path.of(
                        System.getProperty("neurostream.shared.data", "../shared/data"),
                        "eeg",
                        "S001R04.edf");
        assumeTrue(Files.isRegularFile(file), "real recording " + file + " absent: skipped");
        if (OpenClDevices.all().isEmpty()) {
            if (System.getenv("CI") != null || OpenClDevices.platformExists()) {
                fail("no OpenCL device: " + OpenClDevices.absenceReason());
            }
            Assumptions.abort(
                    "skipped: no OpenCL platform exists on this machine ("
                            + OpenClDevices.absenceReason()
                            + ")");
        }
        final Map<String, Integer> classOf = Map.of("T0", 0, "T1", 1, "T2", 1);
        final AnnotatedWindows cpu;
        final AnnotatedWindows openCl;
        try (EdfReader reader = EdfReader.open(file)) {
            cpu =
                    AnnotatedWindows.extract(
                            reader, classOf, BandPowerOptions.defaults(), BackendKind.CPU);
        }
        try (EdfReader reader = EdfReader.open(file)) {
            openCl =
                    AnnotatedWindows.extract(
                            reader, classOf, BandPowerOptions.defaults(), BackendKind.OPENCL);
        }
        assertTrue(cpu.labels.length > 20, "windows: " + cpu.labels.length);
        assertArrayEquals(cpu.labels, openCl.labels);
        assertArrayEquals(cpu.groups, openCl.groups);
        assertEquals(cpu.epochs, openCl.epochs);
        for (int w = 0; w < cpu.features.length; w++) {
            assertArrayEquals(cpu.features[w], openCl.features[w], 1e-4, "window " + w);
        }
    }
}
