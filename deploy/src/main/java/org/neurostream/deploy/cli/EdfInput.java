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
