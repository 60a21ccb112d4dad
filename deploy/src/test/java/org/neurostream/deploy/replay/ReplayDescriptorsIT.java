package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.deploy.cli.CliRun;

/**
 * The job's resting-state descriptors, as {@code replay --out} writes them, are the offline {@code
 * descriptors} command's values on the same samples: the rows of the window ending at 25 s (the
 * last 10 s) and of the first DFA window (the first 60 s) of S001R01 equal, after their {@code
 * start_ns,end_ns}, the command's rows for that span of the EDF file, to the last digit.
 */
class ReplayDescriptorsIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path EDF = HOME.resolve("replay-data/eeg/S001R01.edf");

    @TempDir Path tmp;

    @Test
    void shouldWriteTheOfflineCommandsValuesForEveryWindowOfTheStream() throws Exception {
        final Path journal = tmp.resolve("journal");
        final CliRun record =
                CliRun.of(
                        "record",
                        "--input",
                        EDF.toString(),
                        "--journal",
                        journal.toString(),
                        "--speed",
                        "max");
        assertEquals(0, record.exitCode(), record.err());
        final Path out = tmp.resolve("out");
        final CliRun replay =
                CliRun.of(
                        "replay",
                        "--journal",
                        journal.toString(),
                        "--speed",
                        "max",
                        "--out",
                        out.toString());
        assertEquals(0, replay.exitCode(), replay.err());

        final Path window = offline("window", "--start", "15", "--duration", "10");
        final String at25 = "15000000000,25000000000,";
        for (final String kind :
                List.of("connectivity", "aperiodic", "peaks", "hjorth", "pac", "alpha")) {
            final List<String> streamed = Files.readAllLines(file(out, kind));
            final List<String> expected = Files.readAllLines(window.resolve(kind + ".csv"));
            assertEquals("start_ns,end_ns," + expected.get(0), streamed.get(0), kind);
            assertEquals(
                    expected.subList(1, expected.size()).stream().map(r -> at25 + r).toList(),
                    streamed.stream().filter(r -> r.startsWith(at25)).toList(),
                    kind);
        }
        // one record a second from 10 s to 61 s; 64 channels, 2016 pairs in 5 bands
        assertEquals(1 + 52 * 64, Files.readAllLines(file(out, "hjorth")).size());
        assertEquals(1 + 52 * 2016 * 5, Files.readAllLines(file(out, "connectivity")).size());

        final Path first60 = offline("dfa", "--duration", "60");
        final List<String> dfa = Files.readAllLines(file(out, "dfa"));
        final List<String> expected = Files.readAllLines(first60.resolve("dfa.csv"));
        assertEquals(
                expected.subList(1, expected.size()).stream()
                        .map(r -> "0,60000000000," + r)
                        .toList(),
                dfa.subList(1, dfa.size()),
                "one DFA window in 61 s");
        assertTrue(dfa.get(1).startsWith("0,60000000000,0,Fc5.,alpha,"), dfa.get(1));
    }

    private static Path file(final Path out, final String kind) {
        return out.resolve(kind + "_S001R01_eeg.csv");
    }

    private Path offline(final String name, final String... span) throws IOException {
        final Path dir = tmp.resolve(name);
        final String[] args = new String[5 + span.length];
        args[0] = "descriptors";
        args[1] = "--input";
        args[2] = EDF.toString();
        args[3] = "--out";
        args[4] = dir.toString();
        System.arraycopy(span, 0, args, 5, span.length);
        final CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return dir;
    }
}
