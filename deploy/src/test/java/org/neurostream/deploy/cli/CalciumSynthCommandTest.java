package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** calcium-synth regenerates the shipped demo session, whose spikes calcium finds. */
class CalciumSynthCommandTest {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path SHIPPED = HOME.resolve("replay-data/calcium");

    @TempDir Path dir;

    @Test
    void shouldRegenerateTheShippedDemoSessionByteForByte() throws IOException {
        assumeTrue(Files.isDirectory(SHIPPED), "no replay-data/calcium under " + HOME);
        final CommandRun run = CommandRun.of("calcium-synth", "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(
                run.out().contains("40 ROIs x 3600 frames at 30 Hz, 680 true spikes"), run.out());
        for (final String name : List.of("synthetic-gcamp.npy", "synthetic-gcamp-spikes.csv")) {
            assertArrayEquals(
                    Files.readAllBytes(SHIPPED.resolve(name)),
                    Files.readAllBytes(dir.resolve(name)),
                    name);
        }
    }

    @Test
    void shouldLetCalciumWithTheJobOptionsFindTheDemoSessionsTrueSpikes() throws IOException {
        // the demo session (the shipped one, byte for byte, as the test above checks)
        assertEquals(0, CommandRun.of("calcium-synth", "--out", dir.toString()).exitCode());
        final Path out = dir.resolve("out");
        final CommandRun run =
                CommandRun.of(
                        "calcium",
                        "--input",
                        dir.resolve("synthetic-gcamp.npy").toString(),
                        "--fs",
                        "30",
                        "--tau",
                        "1",
                        "--oasis-baseline",
                        "0.14",
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        final Set<Long> truth = read(dir.resolve("synthetic-gcamp-spikes.csv"));
        final Set<Long> found = read(out.resolve("events.csv"));
        assertEquals(680, truth.size(), "true spikes " + truth.size());
        final double precision = matched(found, truth) / (double) found.size();
        final double recall = matched(truth, found) / (double) truth.size();
        assertTrue(
                precision > 0.9 && recall > 0.9, "precision " + precision + ", recall " + recall);
    }

    @Test
    void shouldRefuseAProbabilityAboveOne() {
        final CommandRun run =
                CommandRun.of("calcium-synth", "--out", dir.toString(), "--recruitment", "2");
        assertEquals(CliException.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("out of range"), run.err());
    }

    /** (ROI, frame) keys of a t_us,address,... file at 30 Hz. */
    private static Set<Long> read(final Path file) throws IOException {
        final List<String> lines = Files.readAllLines(file);
        final Set<Long> keys = new HashSet<>();
        for (final String line : lines.subList(1, lines.size())) {
            final String[] f = line.split(",");
            final long frame = Math.round(Long.parseLong(f[0]) * 30 / 1e6);
            keys.add(Long.parseLong(f[1]) * 1_000_000L + frame);
        }
        return keys;
    }

    /** How many keys of a have one of b within one frame. */
    private static int matched(final Set<Long> a, final Set<Long> b) {
        int n = 0;
        for (final long k : a) {
            n += b.contains(k - 1) || b.contains(k) || b.contains(k + 1) ? 1 : 0;
        }
        return n;
    }
}
