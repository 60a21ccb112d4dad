package org.neurostream.ingest.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads event tables in CSV: rows of a time in whole microseconds ({@code t_us}) and an integer id
 * (an {@code address} for spikes, a {@code motif} for labels), optionally an amplitude. Rows go to
 * a primitive callback, so millions of events make no objects; blank lines are skipped. A row that
 * cannot be read stops the read with an {@link EventCsvException} naming the file, the line and the
 * fault.
 */
public final class EventCsv {
    /** Receives the rows in file order. */
    @FunctionalInterface
    public interface Handler {
        void onRow(long timeUs, int id);
    }

    /** Receives the rows of a table with amplitudes (1 where the file has none), in file order. */
    @FunctionalInterface
    public interface AmplitudeHandler {
        void onRow(long timeUs, int address, double amplitude);
    }

    /** A file, line and reason: {@code "<file>: line <n>: <reason>"}, or a missing file. */
    public static final class EventCsvException extends IOException {
        private static final long serialVersionUID = 1L;

        EventCsvException(final String message) {
            super(message);
        }
    }

    private EventCsv() {}

    /** Whether {@code file} is an event table: its name ends in .csv, or it starts with t_us. */
    public static boolean isEventTable(final Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            return true;
        }
        if (!Files.isRegularFile(file)) {
            return false;
        }
        final byte[] head = new byte[4];
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 4) == 4
                    && new String(head, StandardCharsets.US_ASCII).equals("t_us");
        }
    }

    /**
     * Reads a table whose first two columns are {@code t_us} and {@code idColumn}; further columns
     * are ignored.
     *
     * @return the number of rows
     */
    public static long read(final Path file, final String idColumn, final Handler handler)
            throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            final String header = in.readLine();
            final String[] names = header == null ? new String[0] : header.split(",", 3);
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
                final int comma = line.indexOf(',');
                if (comma < 0) {
                    throw bad(
                            file,
                            lineNumber,
                            "expected t_us," + idColumn + "; found '" + line + "'");
                }
                int end = line.indexOf(',', comma + 1);
                end = end < 0 ? line.length() : end;
                final long time;
                final int id;
                try {
                    time = Long.parseLong(line.substring(0, comma).strip());
                } catch (final NumberFormatException e) {
                    throw bad(
                            file,
                            lineNumber,
                            "t_us '"
                                    + line.substring(0, comma)
                                    + "' is not a whole number of microseconds");
                }
                try {
                    id = Integer.parseInt(line.substring(comma + 1, end).strip());
                } catch (final NumberFormatException e) {
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
        } catch (final NoSuchFileException e) {
            throw new EventCsvException(file + ": no such file");
        }
    }

    /**
     * Reads a table with the header {@code t_us,address} or {@code t_us,address,amplitude}: t_us a
     * whole number of microseconds &gt;= 0, address an integer, amplitude a finite number.
     */
    public static void readWithAmplitudes(final Path input, final AmplitudeHandler events)
            throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new EventCsvException(input + ": no such file");
        }
        try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            final String header = r.readLine();
            final String h = header == null ? "" : header.replace(" ", "").strip();
            final boolean withAmplitude = h.equals("t_us,address,amplitude");
            if (!withAmplitude && !h.equals("t_us,address")) {
                throw bad(
                        input,
                        1,
                        "expected the header t_us,address or t_us,address,amplitude, got '"
                                + (header == null ? "" : header)
                                + "'");
            }
            final int fields = withAmplitude ? 3 : 2;
            String line;
            long number = 1;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                final String[] f = line.split(",", -1);
                if (f.length != fields) {
                    throw bad(input, number, "expected " + fields + " fields, got " + f.length);
                }
                final long t;
                final int address;
                double amplitude = 1.0;
                try {
                    t = Long.parseLong(f[0].strip());
                } catch (final NumberFormatException e) {
                    throw bad(
                            input,
                            number,
                            "t_us '" + f[0] + "' is not a whole number of" + " microseconds");
                }
                if (t < 0) {
                    throw bad(input, number, "t_us " + t + " is before the start of the recording");
                }
                try {
                    address = Integer.parseInt(f[1].strip());
                } catch (final NumberFormatException e) {
                    throw bad(input, number, "address '" + f[1] + "' is not an integer");
                }
                if (withAmplitude) {
                    try {
                        amplitude = Double.parseDouble(f[2].strip());
                    } catch (final NumberFormatException e) {
                        amplitude = Double.NaN;
                    }
                    if (!Double.isFinite(amplitude)) {
                        throw bad(input, number, "amplitude '" + f[2] + "' is not a finite number");
                    }
                }
                events.onRow(t, address, amplitude);
            }
        }
    }

    private static EventCsvException bad(final Path file, final long line, final String what) {
        return new EventCsvException(file + ": line " + line + ": " + what);
    }
}
