package org.neurostream.deploy.cli;

import java.nio.file.Path;

/** {@link CommandRun} for tests outside this package. */
public record CliRun(int exitCode, String out, String err) {
    /** Runs the command line in-process with {@code args}. */
    public static CliRun of(final String... args) {
        final CommandRun run = CommandRun.of(args);
        return new CliRun(run.exitCode(), run.out(), run.err());
    }

    /**
     * Records the replay-data session (an EEG, an event-camera and a calcium recording of {@code
     * replayData}) into the journal {@code journal}, paced at 40 times device time so that the
     * streams interleave in the journal as live ones do; the caller checks the exit code.
     */
    public static CliRun recordReplayDataSession(final Path replayData, final Path journal) {
        return of(
                "record",
                "--input",
                replayData.resolve("eeg/S001R01.edf").toString(),
                replayData.resolve("dvs/moving-bars.raw").toString(),
                replayData.resolve("calcium/synthetic-gcamp.npy").toString(),
                "--calcium-fs",
                "30",
                "--journal",
                journal.toString(),
                "--speed",
                "40");
    }
}
