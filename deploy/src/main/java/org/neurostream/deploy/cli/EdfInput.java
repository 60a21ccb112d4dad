package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.neurostream.ingest.edf.EdfFormatException;
import org.neurostream.ingest.edf.EdfReader;

/** Opening EDF/BDF input for commands: unusable files become one-line errors with exit code 2. */
final class EdfInput {
    private EdfInput() {}

    static EdfReader open(final Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(CliException.BAD_INPUT, file + ": no such file");
        }
        try {
            return EdfReader.open(file);
        } catch (final EdfFormatException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        } catch (final NoSuchFileException e) {
            throw new CliException(CliException.BAD_INPUT, file + ": no such file");
        } catch (final IOException e) {
            throw new CliException(
                    CliException.BAD_INPUT, file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * The samples per channel of the span that starts {@code start} seconds into the recording and
     * lasts {@code duration} seconds (null: to the end), clipped to the recording; positions the
     * reader at its first sample.
     *
     * @throws CliException (exit 2) when the start lies outside the recording
     */
    static long seekSpan(final EdfReader reader, final double start, final Double duration) {
        final double fs = reader.sampleRate();
        final long total = reader.totalSamplesPerChannel();
        final long first = Math.round(start * fs);
        if (start < 0 || first >= total) {
            throw new CliException(
                    CliException.BAD_INPUT,
                    String.format(
                            "--start %s s is outside the recording (0 to %.3f s)",
                            start, total / fs));
        }
        reader.seekSample(first);
        return duration == null
                ? total - first
                : Math.min(total - first, Math.round(duration * fs));
    }

    /**
     * Warns about a truncated file and returns the exit code the command should end with: 3 when
     * only the complete records were used, else 0.
     */
    static int warnIfTruncated(
            final EdfReader reader, final PrintWriter err, final String command) {
        if (!reader.isTruncated()) {
            return 0;
        }
        err.printf(
                "neurostream %s: warning: %s: byte %d: truncated, read %d of %d declared records%n",
                command,
                reader.file(),
                reader.truncationOffset(),
                reader.recordsAvailable(),
                reader.recordsDeclared());
        return CliException.PARTIAL_INPUT;
    }
}
