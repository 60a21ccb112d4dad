package org.neurostream.deploy.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.neurostream.deploy.job.JobConfig;

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

    /**
     * The demo's defaults on {@code b}, for the job options the user did not give ({@code given} by
     * command-line name: {@code model}, {@code motif-model}, {@code calcium-motif-model}, {@code
     * alerts}): the sample models and alert rules of {@code data}. Motif kernels apply only where
     * there are sessions to detect in.
     */
    public JobConfig.Builder sampleDefaults(
            final JobConfig.Builder b, final Path data, final Predicate<String> given) {
        if (!given.test("--model")) {
            final Path decoder = data.resolve("models/left-right.json");
            b.modelFile(
                    Files.exists(decoder) ? decoder : data.resolve("models/rest-vs-imagery.json"));
        }
        if (events.isEmpty()) {
            b.motifs(null);
        } else if (!given.test("--motif-model")) {
            b.motifModelFile(data.resolve("models/moving-bars.json"));
        }
        final Path calciumModel = data.resolve("models/calcium-bursts.json");
        if (calcium.isEmpty()) {
            b.calciumMotifs(null);
        } else if (!given.test("--calcium-motif-model") && Files.exists(calciumModel)) {
            b.calciumMotifModelFile(calciumModel);
        }
        final Path rules = data.resolve("alerts/example.yaml");
        if (!given.test("--alerts") && Files.exists(rules)) {
            b.alertsFile(rules);
        }
        return b;
    }
}
