package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import org.neurostream.ingest.edf.EdfReader;

/** The commands' warning about a truncated EDF/BDF file, and the exit code it calls for. */
final class EdfInput {
    private EdfInput() {}

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
