package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurostream.deploy.cli.NeuroStreamCli;

/** The {@code calcium} command run with the job's calcium options, for the job's tests to match. */
final class OfflineCalcium {
    private OfflineCalcium() {}

    /**
     * The rows of {@code events.csv} ({@code t_us,address,amplitude}, file order) that {@code
     * calcium --fs 30 --tau 1 --oasis-baseline 0.14} writes for {@code session} into {@code out},
     * before frame {@code end} (the job never emits the last lag frames of a stream).
     */
    static List<String> events(final Path session, final Path out, final int end)
            throws IOException {
        assertEquals(
                0,
                NeuroStreamCli.commandLine()
                        .execute(
                                "calcium",
                                "--input",
                                session.toString(),
                                "--fs",
                                "30",
                                "--tau",
                                "1",
                                "--oasis-baseline",
                                "0.14",
                                "--out",
                                out.toString()));
        final long endUs = Math.round(end * 1e6 / 30);
        final List<String> lines = Files.readAllLines(out.resolve("events.csv"));
        final List<String> rows = new ArrayList<>();
        for (final String line : lines.subList(1, lines.size())) {
            if (Long.parseLong(line.substring(0, line.indexOf(','))) < endUs) {
                rows.add(line);
            }
        }
        return rows;
    }
}
