package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import org.neurostream.ingest.edf.EdfReader;

/** The commands' warning about a truncated EDF/BDF file, and the exit code it calls for. */
final class EdfInput {
    private EdfInput() {}

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
        if (reader.truncation() == null) {
            return 0;
        }
        err.println("neurostream " + command + ": warning: " + reader.truncation());
        return CliException.PARTIAL_INPUT;
    }
}
