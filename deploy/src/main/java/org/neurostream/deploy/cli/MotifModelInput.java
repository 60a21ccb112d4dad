package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.neurostream.models.flink.MotifFunctions;
import org.neurostream.operators.flink.MotifFunction;

/** Reads a motif kernel model file for a command, or exits 2 naming the file and the fault. */
final class MotifModelInput {
    private MotifModelInput() {}

    static MotifFunction read(final Path file) {
        try {
            return MotifFunctions.fromJson(file);
        } catch (final IOException | IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, file + ": " + e.getMessage());
        }
    }
}
