package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real recordings in ../shared/data; tests skip, never fail, where they are absent. */
final class SharedData {
    private SharedData() {}

    static Path eeg(final String name) {
        final Path file =
                Path.of(
                        System.getProperty("neurostream.shared.data", "../shared/data"),
                        "eeg",
                        name);
        assumeTrue(Files.isRegularFile(file), "real recording " + file + " absent: skipped");
        return file;
    }

    static Path nwb(final String name) {
        final Path file =
                Path.of(
                        System.getProperty("neurostream.shared.data", "../shared/data"),
                        "nwb",
                        name);
        assumeTrue(Files.isRegularFile(file), "real recording " + file + " absent: skipped");
        return file;
    }

    static Path dvs(final String name) {
        final Path file =
                Path.of(
                        System.getProperty("neurostream.shared.data", "../shared/data"),
                        "dvs",
                        name);
        assumeTrue(Files.isRegularFile(file), "real recording " + file + " absent: skipped");
        return file;
    }
}
