package org.neurostream.deploy.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads event CSV files whose first two columns are {@code t_us} and an integer id ({@code address}
 * for spikes, {@code motif} for labels); further columns are ignored, blank lines skipped. Rows go
 * to a primitive callback, so millions of events make no objects. A row that cannot be read stops
 * the read with one line naming the file, the line and the fault (exit code 2).
 */
final class EventCsv {
    /** Receives the rows in file order. */
    interface Handler {
        void onRow(long timeUs, int id);
    }

    private EventCsv() {}

    /**
     * Reads the file.
     *
     * @param file the CSV file
     * @param idColumn the expected name of the second column
     * @param handler receives every row
     * @return the number of rows
     * @throws CliException (exit 2) for a missing file, a wrong header or a bad row
     */
    static long read(Path file, String idColumn, Handler handler) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            String[] names = header == null ? new String[0] : header.split(",", 3);
            if (names.length < 2
                    || !names[0].strip().equals("t_us")
                    || !names[1].strip().equals(idColumn)) {
                throw bad(
                        file,
                        1,
                        "the header must start with t_us,"
                                + idColumn
                                + "; found '"
                                + (header == null ? "" : header)
                                + "'");
            }
            long rows = 0;
            long lineNumber = 1;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                if (comma < 0) {
                    throw bad(
                            file,
                            lineNumber,
                            "expected t_us," + idColumn + "; found '" + line + "'");
                }
                int end = line.indexOf(',', comma + 1);
                end = end < 0 ? line.length() : end;
                long time;
                int id;
                try {
                    time = Long.parseLong(line.substring(0, comma).strip());
                } catch (NumberFormatException e) {
                    throw bad(
                            file,
                            lineNumber,
                            "t_us '"
                                    + line.substring(0, comma)
                                    + "' is not a whole number of microseconds");
                }
                try {
                    id = Integer.parseInt(line.substring(comma + 1, end).strip());
                } catch (NumberFormatException e) {
                    throw bad(
                            file,
                            lineNumber,
                            idColumn
                                    + " '"
                                    + line.substring(comma + 1, end)
                                    + "' is not a whole number");
                }
                handler.onRow(time, id);
                rows++;
            }
            return rows;
        } catch (NoSuchFileException e) {
            throw new CliException(CliException.BAD_INPUT, file + ": no such file");
        }
    }

    private static CliException bad(Path file, long line, String what) {
        return new CliException(CliException.BAD_INPUT, file + ": line " + line + ": " + what);
    }
}
