package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.operators.spectral.Band;
import picocli.CommandLine.Option;

/**
 * The options of the offline analyses of a span of an EDF/BDF file ({@code bandpower}, {@code
 * descriptors}), a picocli mixin: {@code --input}, {@code --start}, {@code --duration}, {@code
 * --bands}; and the warning about a truncated file that every EDF command gives.
 */
final class EdfInput {
    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE.edf",
            descriptionKey = "edf.input")
    Path input;

    @Option(names = "--start", paramLabel = "SEC", defaultValue = "0")
    double start;

    @Option(names = "--duration", paramLabel = "SEC", descriptionKey = "edf.duration")
    Double duration;

    @Option(
            names = "--bands",
            paramLabel = "NAME:LO-HI,...",
            defaultValue = "delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45")
    String bands;

    /** Opens the input file. */
    EdfReader open() throws java.io.IOException {
        return EdfReader.open(input);
    }

    /**
     * The samples per channel of the span (clipped to the recording); positions the reader at its
     * first sample.
     *
     * @throws CliException (exit 2) when the start lies outside the recording
     */
    long seekSpan(final EdfReader reader) {
        try {
            return reader.seekSpan(start, duration);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, "--" + e.getMessage());
        }
    }

    /** The span's samples, channel-major. */
    float[][] readSpan(final EdfReader reader) throws java.io.IOException {
        return reader.readChannelMajor(Math.toIntExact(seekSpan(reader)));
    }

    /**
     * The bands of {@code --bands}.
     *
     * @throws CliException (exit 2) naming the input and what is wrong
     */
    List<Band> bands() {
        try {
            return Band.parseList(bands);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, input + ": " + e.getMessage());
        }
    }

    /**
     * Warns about a truncated file and returns the exit code the command should end with: 3 when
     * only the complete records were used, else 0.
     */
    static int warnIfTruncated(
            final EdfReader reader, final PrintWriter err, final String command) {
        if (reader.truncation() == null) {
            return 0;
        }
        err.println("neurostream " + command + ": warning: " + reader.truncation());
        return CliException.PARTIAL_INPUT;
    }
}
