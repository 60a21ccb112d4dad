package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.*;
import static org.neurostream.deploy.replay.ReplayParity.list;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.deploy.cli.CliRun;

/**
 * The same recordings replayed from journals at different speeds and parallelisms, and recorded at
 * different paces (so arrival times and the interleaving of streams differ), and with band power
 * split by channel group, give files equal to the byte (the resting-state descriptors' too, which
 * run on whole streams): nothing in the outputs depends on wall-clock time or on scheduling, and
 * merged channel groups give the whole stream's records.
 */
class ReplayDeterminismIT {
    private static final Path EEG = ReplayParity.DATA.resolve("eeg");
    private static final Path MODEL = ReplayParity.DATA.resolve("models/rest-vs-imagery.json");

    @TempDir Path tmp;

    @Test
    void shouldGiveByteIdenticalOutputsAcrossSpeedsParallelismsAndRecordingPaces()
            throws Exception {
        final Path fast = record("fast", "max");
        final Path paced = record("paced", "100");

        final Path reference = replay(fast, "max", 1, "a");
        final List<String> files = list(reference);
        // S001R01: 61 s -> 237 windows; S001R04: 125 s -> 493 windows (2 s window, 0.25 s step);
        // EDF annotations are journaled as markers, so the windows are labelled too (S001R04: all
        // but the 3 that end after the last annotation)
        assertEquals(
                List.of(
                        "alpha_S001R01_eeg.csv",
                        "alpha_S001R04_eeg.csv",
                        "aperiodic_S001R01_eeg.csv",
                        "aperiodic_S001R04_eeg.csv",
                        "avalanches_S001R01_eeg.csv",
                        "avalanches_S001R04_eeg.csv",
                        "connectivity_S001R01_eeg.csv",
                        "connectivity_S001R04_eeg.csv",
                        "dfa_S001R01_eeg.csv",
                        "dfa_S001R04_eeg.csv",
                        "features_S001R01_eeg.csv",
                        "features_S001R04_eeg.csv",
                        "hjorth_S001R01_eeg.csv",
                        "hjorth_S001R04_eeg.csv",
                        "labelledwindows_S001R01_eeg.csv",
                        "labelledwindows_S001R04_eeg.csv",
                        "markers_S001R01_annotations.csv",
                        "markers_S001R04_annotations.csv",
                        "pac_S001R01_eeg.csv",
                        "pac_S001R04_eeg.csv",
                        "peaks_S001R01_eeg.csv",
                        "peaks_S001R04_eeg.csv",
                        "predictions_S001R01_eeg.csv",
                        "predictions_S001R04_eeg.csv"),
                files);
        assertEquals(
                1 + 237, Files.readAllLines(reference.resolve("features_S001R01_eeg.csv")).size());
        assertEquals(
                1 + 493,
                Files.readAllLines(reference.resolve("predictions_S001R04_eeg.csv")).size());
        assertEquals(
                1 + 490,
                Files.readAllLines(reference.resolve("labelledwindows_S001R04_eeg.csv")).size());

        for (final Path other :
                List.of(
                        replay(fast, "max", 2, "b"),
                        replay(paced, "1", 2, "c"),
                        replay(paced, "max", 1, "d"),
                        // 64 channels in groups of 24, 24 and 16 over two subtasks
                        replay(fast, "max", 2, "e", "--channel-group", "24"))) {
            assertEquals(files, list(other));
            for (final String f : files) {
                assertArrayEquals(
                        Files.readAllBytes(reference.resolve(f)),
                        Files.readAllBytes(other.resolve(f)),
                        other + "/" + f);
            }
        }
    }

    @Test
    void shouldGiveTheSameOutputsWhenFollowingAJournalWhileItIsRecorded() throws Exception {
        final Path journal = tmp.resolve("live");
        final java.util.concurrent.atomic.AtomicReference<CliRun> recorded =
                new java.util.concurrent.atomic.AtomicReference<>();
        final long[] recordingEnd = {0};
        final Thread recorder =
                new Thread(
                        () -> {
                            recorded.set(
                                    CliRun.of(
                                            "record",
                                            "--input",
                                            EEG.resolve("S001R01.edf").toString(),
                                            "--journal",
                                            journal.toString(),
                                            "--speed",
                                            "4"));
                            recordingEnd[0] = System.nanoTime();
                        });
        recorder.start();
        while (!Files.exists(journal.resolve("journal.json")) && recorder.isAlive()) {
            Thread.sleep(10);
        }
        final long replayStart = System.nanoTime();
        final Path live = replay(journal, "max", 1, "live", "--follow");
        recorder.join();
        // 61 s at 4x takes about 15 s; the replay started more than 5 s before the recording
        // ended, longer than its MiniCluster takes to start, so it tailed frames still coming
        assertTrue(
                recordingEnd[0] - replayStart > 5_000_000_000L,
                "replay started "
                        + (recordingEnd[0] - replayStart) / 1e9
                        + " s before the recording ended");
        assertEquals(0, recorded.get().exitCode(), recorded.get().err());
        final Path after = replay(journal, "max", 1, "after");
        assertEquals(
                List.of(
                        "alpha_S001R01_eeg.csv",
                        "aperiodic_S001R01_eeg.csv",
                        "avalanches_S001R01_eeg.csv",
                        "connectivity_S001R01_eeg.csv",
                        "dfa_S001R01_eeg.csv",
                        "features_S001R01_eeg.csv",
                        "hjorth_S001R01_eeg.csv",
                        "labelledwindows_S001R01_eeg.csv",
                        "markers_S001R01_annotations.csv",
                        "pac_S001R01_eeg.csv",
                        "peaks_S001R01_eeg.csv",
                        "predictions_S001R01_eeg.csv"),
                list(after));
        assertEquals(1 + 237, Files.readAllLines(after.resolve("features_S001R01_eeg.csv")).size());
        for (final String f : list(after)) {
            assertArrayEquals(
                    Files.readAllBytes(after.resolve(f)), Files.readAllBytes(live.resolve(f)), f);
        }
    }

    private Path record(final String name, final String speed) {
        return ReplayParity.record(
                tmp.resolve(name), speed, EEG.resolve("S001R01.edf"), EEG.resolve("S001R04.edf"));
    }

    private Path replay(
            final Path journal,
            final String speed,
            final int parallelism,
            final String name,
            final String... more) {
        final List<String> options =
                new ArrayList<>(
                        List.of(
                                "--speed",
                                speed,
                                "--parallelism",
                                Integer.toString(parallelism),
                                "--model",
                                MODEL.toString(),
                                // descriptors every 10 s, not 1 s: the same code on a tenth of
                                // the rows (connectivity alone is 10,080 rows a record)
                                "-D",
                                "neurostream.descriptor-step=10s"));
        options.addAll(List.of(more));
        return ReplayParity.replayInto(
                journal, tmp.resolve("out-" + name), options.toArray(new String[0]));
    }
}
