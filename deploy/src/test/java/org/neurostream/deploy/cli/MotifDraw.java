package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A drawn motif benchmark for the {@code motifs detect} tests: {@code motifs bench} with 8 motifs
 * over 20000 bins, its generating kernel, biases and events saved, and the arguments that detect on
 * them.
 */
final class MotifDraw {
    private MotifDraw() {}

    /** Draws and saves the benchmark into {@code draw}; returns it. */
    static Path save(final Path draw) {
        assertEquals(
                0,
                CommandRun.of(
                                "motifs",
                                "bench",
                                "--motifs",
                                "8",
                                "--bins",
                                "20000",
                                "--train-bins",
                                "0",
                                "--sweep",
                                "none",
                                "--save",
                                draw.toString())
                        .exitCode());
        return draw;
    }

    /** {@code motifs detect} on the draw's kernel, biases and events, then {@code more}. */
    static List<String> detect(final Path draw, final String... more) {
        final List<String> args =
                new ArrayList<>(
                        List.of(
                                "motifs",
                                "detect",
                                "--kernel",
                                draw.resolve("generating.kernel.npy").toString(),
                                "--bias",
                                draw.resolve("generating.bias.npy").toString(),
                                "--events",
                                draw.resolve("events.csv").toString()));
        args.addAll(List.of(more));
        return args;
    }
}
