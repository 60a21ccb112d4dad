package org.neurostream.deploy.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample sessions of a replay-data folder, as the demo streams them: {@code eeg/*.edf|bdf} (at
 * least one), {@code calcium/*.npy|csv} (leaving out the true spikes of generated sessions, {@code
 * *spikes*}) and {@code dvs/*.raw|aedat4|dat|bin}; each list sorted by name.
 */
public record DemoSessions(List<Path> eeg, List<Path> calcium, List<Path> events) {

    /**
     * The sessions in {@code data}.
     *
     * @throws IOException naming the folder when it has no {@code eeg} folder or no EEG session
     */
    public static DemoSessions find(final Path data) throws IOException {
        final Path calcium = data.resolve("calcium");
        final Path dvs = data.resolve("dvs");
        return new DemoSessions(
                files(data.resolve("eeg"), "(?i).*\\.(edf|bdf)"),
                Files.isDirectory(calcium)
                        ? files(calcium, "(?i).*\\.(npy|csv)").stream()
                                .filter(p -> !p.getFileName().toString().contains("spikes"))
                                .toList()
                        : List.of(),
                Files.isDirectory(dvs) ? files(dvs, "(?i).*\\.(raw|aedat4|dat|bin)") : List.of());
    }

    /** EEG, then calcium, then event sessions: the order the demo starts them in. */
    public List<Path> all() {
        final List<Path> all = new ArrayList<>(eeg);
        all.addAll(calcium);
        all.addAll(events);
        return all;
    }

    /** The files in {@code dir} whose names match {@code pattern}, sorted; at least one. */
    private static List<Path> files(final Path dir, final String pattern) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such folder (sample sessions are expected there)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            final List<Path> found =
                    files.filter(p -> p.getFileName().toString().matches(pattern))
                            .sorted()
                            .toList();
            if (found.isEmpty()) {
                throw new IOException(dir + ": no session files (" + pattern + ")");
            }
            return found;
        }
    }
}
