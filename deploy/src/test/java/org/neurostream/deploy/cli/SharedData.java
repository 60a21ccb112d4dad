package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real recordings in ../shared/data; tests skip, never fail, where they are absent. */
final class SharedData {
    private SharedData() {}

    static Path eeg(final String name) {
        return file("eeg", name);
    }

    static Path nwb(final String name) {
        return file("nwb", name);
    }

    static Path dvs(final String name) {
        return file("dvs", name);
    }

    private static Path file(final String folder, final String name) {
        final Path file =
                Path.of(
                        System.getProperty("neurostream.shared.data", "../shared/data"),
                        folder,
                        name);
        assumeTrue(Files.isRegularFile(file), "real recording " + file + " absent: skipped");
        return file;
    }
}
