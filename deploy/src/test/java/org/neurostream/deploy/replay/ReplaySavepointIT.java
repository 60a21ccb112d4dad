package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurostream.deploy.replay.ReplayParity.DATA;
import static org.neurostream.deploy.replay.ReplayParity.list;
import static org.neurostream.deploy.replay.ReplayParity.replayArgs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.deploy.cli.CliRun;
import org.neurostream.operators.flink.CalciumStateSerializer;

/**
 * A replay stopped with a savepoint and resumed from it: the two runs' files joined (the header
 * once, the first run's rows, then the second's) are, file for file and byte for byte, those of one
 * uninterrupted replay, on a session with an EEG, an event-camera and a calcium stream and every
 * output the job has (band power, predictions, avalanches, calcium events, motifs on both event
 * kinds, device-time alerts). A resume with fewer operators needs --allow-non-restored-state; bad
 * savepoints are refused with one line and exit 2 before anything starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplaySavepointIT {
    private Path tmp;
    private Path journal;
    private Path rules;
    private Path whole;
    private Path first;
    private Path savepoint;
    private long framesBefore;

    @BeforeAll
    void recordTheSessionAndStopAReplayWithASavepoint(@TempDir final Path dir) throws Exception {
        tmp = dir;
        journal = tmp.resolve("session");
        final CliRun record = CliRun.recordReplayDataSession(DATA, journal);
        assertEquals(0, record.exitCode(), record.err());
        // the example's rules that run on device time (latency and dead-letter rules run on the
        // wall clock: no replay repeats them)
        rules = tmp.resolve("rules.yaml");
        Files.writeString(
                rules,
                String.join(
                        "\n",
                        "rules:",
                        "  - name: gamma-high",
                        "    kind: feature",
                        "    severity: warning",
                        "    field: relative_power",
                        "    band: gamma",
                        "    channel: mean",
                        "    op: above",
                        "    threshold: 0.05",
                        "    for_seconds: 0.5",
                        "  - name: branching-off-critical",
                        "    kind: statistic",
                        "    severity: info",
                        "    field: branching_ratio",
                        "    min: 0.8",
                        "    max: 1.2",
                        ""));
        whole = replay("whole");
        savepoint = tmp.resolve("sp");
        first = tmp.resolve("first");
        final CliRun stop =
                run(job(first, "--stop-after", "25s", "--savepoint", savepoint.toString()));
        assertEquals(0, stop.exitCode(), stop.err());
        final String line =
                stop.out()
                        .lines()
                        .filter(l -> l.startsWith("replay: savepoint "))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(stop.out()));
        assertTrue(
                line.endsWith("(every stream read past device time 25.0 s)")
                        && line.contains(savepoint.toString()),
                line);
        framesBefore = Long.parseLong(line.replaceAll(".* after (\\d+) frames .*", "$1"));
    }

    @Test
    void shouldJoinTheStoppedAndTheResumedRunIntoTheFilesOfAnUninterruptedReplay()
            throws Exception {
        final Path second = tmp.resolve("second");
        final CliRun resume =
                run(job(second, "--from-savepoint", savepoint.toString(), "--speed", "max"));
        assertEquals(0, resume.exitCode(), resume.err());

        // a replay split by a savepoint writes no markers file (only an unsplit one writes the
        // journal's markers, whole); the labelled windows are joined like the other outputs
        // (the first run may have none yet: they wait for the markers' watermark)
        assertTrue(list(whole).contains("markers_S001R01_annotations.csv"), list(whole).toString());
        final List<String> files =
                list(whole).stream().filter(f -> !f.startsWith("markers_")).toList();
        for (final String kind :
                List.of(
                        "features_S001R01_eeg.csv",
                        "predictions_S001R01_eeg.csv",
                        "avalanches_S001R01_eeg.csv",
                        "avalanches_synthetic-gcamp_calcium.csv",
                        "calciumevents_synthetic-gcamp_calcium.csv",
                        "motifs_moving-bars_dvs.csv",
                        "motifs_synthetic-gcamp_calcium.csv",
                        "alerts_S001R01_eeg.csv")) {
            assertTrue(files.contains(kind), kind + " in " + files);
            // the cut is inside every stream: both runs wrote rows of every kind
            assertTrue(rows(first.resolve(kind)) > 0, "first run: " + kind);
            assertTrue(rows(second.resolve(kind)) > 0, "second run: " + kind);
        }
        final TreeSet<String> joinedNames = new TreeSet<>(list(first));
        joinedNames.addAll(list(second));
        assertEquals(files, List.copyOf(joinedNames));
        for (final String f : files) {
            assertArrayEquals(
                    Files.readAllBytes(whole.resolve(f)),
                    joined(first.resolve(f), second.resolve(f)),
                    f + ": the first run's rows then the second's");
        }
        final long total = Long.parseLong(resume.out().replaceAll("(?s).*: (\\d+) frames.*", "$1"));
        assertTrue(framesBefore > 0 && framesBefore < total, framesBefore + " of " + total);
    }

    @Test
    void shouldResumeWithoutTheMotifModelsAndWithOtherRulesOnlyWhenTheirStateMayBeDropped()
            throws Exception {
        final Path refusedOut = tmp.resolve("refused");
        final String[] fewer = {
            "--model",
            DATA.resolve("models/rest-vs-imagery.json").toString(),
            "--from-savepoint",
            savepoint.toString()
        };
        final CliRun refused = run(replayArgs(journal, refusedOut, fewer));
        assertEquals(2, refused.exitCode(), refused.out());
        assertOneLine(
                refused,
                "savepoint "
                        + savepoint
                        + ": holds state of operators this job does not have (alerts,"
                        + " calcium-motifs, motifs); give --allow-non-restored-state to drop it");
        assertFalse(Files.exists(refusedOut), "nothing started");

        // the band-power alert alone: the alert operator keeps its state, the motif detectors'
        // state is dropped
        final Path otherRules = tmp.resolve("other-rules.yaml");
        Files.writeString(
                otherRules,
                Files.readString(rules).replaceAll("(?s)  - name: branching-off-critical.*", ""));
        final Path out = tmp.resolve("fewer");
        final List<String> allowed = new ArrayList<>(List.of(fewer));
        allowed.addAll(List.of("--allow-non-restored-state", "--alerts", otherRules.toString()));
        ReplayParity.replayInto(journal, out, allowed.toArray(new String[0]));
        assertFalse(
                list(out).stream().anyMatch(f -> f.startsWith("motifs_")), list(out).toString());
        for (final String f :
                List.of(
                        "features_S001R01_eeg.csv",
                        "predictions_S001R01_eeg.csv",
                        "calciumevents_synthetic-gcamp_calcium.csv",
                        "avalanches_synthetic-gcamp_calcium.csv")) {
            assertArrayEquals(
                    Files.readAllBytes(whole.resolve(f)),
                    joined(first.resolve(f), out.resolve(f)),
                    f);
        }
        // the gamma rule's alerts go on as they would have
        final List<String> gamma =
                Files.readAllLines(whole.resolve("alerts_S001R01_eeg.csv")).stream()
                        .filter(l -> !l.contains("branching-off-critical"))
                        .toList();
        final List<String> joinedGamma =
                new ArrayList<>(
                        Files.readAllLines(first.resolve("alerts_S001R01_eeg.csv")).stream()
                                .filter(l -> !l.contains("branching-off-critical"))
                                .toList());
        if (Files.exists(out.resolve("alerts_S001R01_eeg.csv"))) {
            joinedGamma.addAll(
                    Files.readAllLines(out.resolve("alerts_S001R01_eeg.csv")).stream()
                            .skip(1)
                            .toList());
        }
        assertEquals(gamma, joinedGamma);
    }

    @Test
    void shouldRefuseMissingPartialForeignAndNewerSavepointsWithOneLineBeforeAnythingStarts()
            throws Exception {
        final Path missing = tmp.resolve("no-such-savepoint");
        assertRefused(missing, "savepoint " + missing + ": no such folder");

        final Path noFile = copy("partial-file");
        final Path largest = largestStateFile(noFile);
        Files.delete(largest);
        assertRefused(
                noFile,
                "savepoint "
                        + noFile
                        + ": state file "
                        + largest.getFileName()
                        + " is missing (a partial savepoint)");

        final Path truncated = copy("partial-metadata");
        final byte[] metadata = Files.readAllBytes(truncated.resolve("_metadata"));
        Files.write(
                truncated.resolve("_metadata"),
                java.util.Arrays.copyOf(metadata, metadata.length / 2));
        assertRefused(
                truncated,
                "savepoint " + truncated + ": _metadata is truncated (a partial savepoint)");

        final Path unfinished = copy("unfinished");
        Files.delete(unfinished.resolve("neurostream-savepoint.json"));
        assertRefused(
                unfinished,
                "savepoint "
                        + unfinished
                        + ": no neurostream-savepoint.json: not a NeuroStream savepoint, or one"
                        + " whose writing did not finish");

        // another job: the job on the cluster, or a replay of another journal
        final Path cluster = copy("cluster");
        edit(cluster, d -> d.put("kind", "CLUSTER"));
        assertRefused(
                cluster,
                "savepoint "
                        + cluster
                        + ": a savepoint of the job on the cluster, not of a journal replay");
        final Path otherJournal =
                ReplayParity.record(tmp.resolve("other-journal"), DATA.resolve("eeg/S001R04.edf"));
        final Path out = tmp.resolve("other-out");
        final CliRun other =
                run(replayArgs(otherJournal, out, "--from-savepoint", savepoint.toString()));
        assertEquals(2, other.exitCode(), other.out());
        assertTrue(
                other.err()
                        .startsWith(
                                "neurostream replay: savepoint "
                                        + savepoint
                                        + ": taken on another journal (session "),
                other.err());
        assertEquals(1, other.err().lines().count(), other.err());
        assertFalse(Files.exists(out));

        final Path newer = copy("newer");
        edit(newer, d -> d.put("version", 2));
        assertRefused(
                newer,
                "savepoint "
                        + newer
                        + ": written by a newer NeuroStream (savepoint format 2, this build reads 1"
                        + " to 1)");
        final Path newerState = copy("newer-state");
        final int layout = CalciumStateSerializer.VERSION;
        edit(newerState, d -> ((ObjectNode) d.get("state_layouts")).put("calcium", layout + 1));
        assertRefused(
                newerState,
                "savepoint "
                        + newerState
                        + ": its calcium state is in layout "
                        + (layout + 1)
                        + ", this build reads layouts 1 to "
                        + layout
                        + ": written by a newer NeuroStream");

        // and a savepoint is never written over another
        final CliRun taken =
                run(
                        job(
                                tmp.resolve("over"),
                                "--stop-after",
                                "5s",
                                "--savepoint",
                                savepoint.toString()));
        assertEquals(2, taken.exitCode(), taken.out());
        assertOneLine(
                taken,
                "savepoint " + savepoint + ": already exists; name a new folder for the savepoint");
    }

    private void assertRefused(final Path folder, final String message) throws Exception {
        final Path out = tmp.resolve("refused-" + folder.getFileName());
        final CliRun run = run(job(out, "--from-savepoint", folder.toString()));
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertOneLine(run, message);
        assertFalse(Files.exists(out), "nothing started for " + folder);
    }

    private static void assertOneLine(final CliRun run, final String message) {
        assertEquals("neurostream replay: " + message, run.err().strip(), "exactly this one line");
    }

    /** The job options of every run: every output, device-time alerts. */
    private List<String> job(final Path out, final String... more) {
        final List<String> options =
                new ArrayList<>(
                        List.of(
                                "--model",
                                DATA.resolve("models/rest-vs-imagery.json").toString(),
                                "--motif-model",
                                DATA.resolve("models/moving-bars.json").toString(),
                                "--calcium-motif-model",
                                DATA.resolve("models/calcium-bursts.json").toString(),
                                "--alerts",
                                rules.toString()));
        options.addAll(List.of(more));
        return replayArgs(journal, out, options.toArray(new String[0]));
    }

    private Path replay(final String name) {
        final Path out = tmp.resolve(name);
        final CliRun run = run(job(out));
        assertEquals(0, run.exitCode(), run.err());
        return out;
    }

    private static CliRun run(final List<String> args) {
        return CliRun.of(args.toArray(new String[0]));
    }

    /** The header once, the first file's rows, then the second's; an absent file has no rows. */
    private static byte[] joined(final Path a, final Path b) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<String> lines = new ArrayList<>();
        for (final Path p : List.of(a, b)) {
            if (Files.exists(p)) {
                final List<String> l = Files.readAllLines(p, StandardCharsets.UTF_8);
                lines.addAll(lines.isEmpty() ? l : l.subList(1, l.size()));
            }
        }
        for (final String l : lines) {
            out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static long rows(final Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file).size() - 1 : 0;
    }

    private Path copy(final String name) throws Exception {
        final Path to = tmp.resolve("sp-" + name);
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(savepoint)) {
            for (final Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static Path largestStateFile(final Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> !f.getFileName().toString().contains("_metadata"))
                    .filter(f -> !f.getFileName().toString().endsWith(".json"))
                    .max(Comparator.comparingLong(f -> f.toFile().length()))
                    .orElseThrow(() -> new AssertionError("no state file beside the metadata"));
        }
    }

    private static void edit(
            final Path folder, final java.util.function.Consumer<ObjectNode> change)
            throws Exception {
        final ObjectMapper json = new ObjectMapper();
        final Path file = folder.resolve("neurostream-savepoint.json");
        final ObjectNode d = (ObjectNode) json.readTree(file.toFile());
        change.accept(d);
        json.writeValue(file.toFile(), d);
    }
}
