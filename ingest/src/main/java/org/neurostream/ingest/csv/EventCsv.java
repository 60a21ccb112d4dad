package org.neurostream.ingest.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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
     * are ignored. Lines are read as bytes: the usual {@code digits,digits} rows without building a
     * string, any other line decoded (strict UTF-8) and read as text.
     *
     * @return the number of rows
     */
    public static long read(final Path file, final String idColumn, final Handler handler)
            throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            final Lines lines = new Lines(in);
            final String header = lines.next() ? lines.text() : null;
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
            while (lines.next()) {
                lineNumber++;
                if (lines.readPlainRow()) {
                    handler.onRow(lines.time, lines.id);
                    rows++;
                    continue;
                }
                final String line = lines.text();
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

    /**
     * The lines of a byte stream as {@link BufferedReader#readLine} splits them (at {@code \n},
     * {@code \r} or {@code \r\n}; a last line without an end), each either read as a plain row
     * ({@link #readPlainRow}) or decoded ({@link #text}).
     */
    private static final class Lines {
        private final InputStream in;
        private byte[] buffer = new byte[1 << 16];
        private int filled;
        private int next;
        private int start;
        private int end;
        private boolean ascii;
        private boolean skipNewline;
        private boolean eof;

        /** The row {@link #readPlainRow} read. */
        long time;

        int id;

        Lines(final InputStream in) {
            this.in = in;
        }

        /** Moves to the next line; false at the end of the stream. */
        boolean next() throws IOException {
            int i = next;
            int high = 0;
            while (true) {
                if (i == filled) {
                    final int shift = next;
                    if (!fill()) {
                        if (filled == next) {
                            return false;
                        }
                        start = next;
                        end = filled;
                        next = filled;
                        ascii = high < 0x80;
                        return true;
                    }
                    i -= shift;
                    continue;
                }
                final byte b = buffer[i];
                if (skipNewline) {
                    skipNewline = false;
                    if (b == '\n') {
                        next = ++i;
                        continue;
                    }
                }
                if (b == '\n' || b == '\r') {
                    start = next;
                    end = i;
                    next = i + 1;
                    skipNewline = b == '\r';
                    ascii = high < 0x80;
                    return true;
                }
                high |= b & 0xFF;
                i++;
            }
        }

        /** Reads more bytes after those of the current line onwards; false at the end. */
        private boolean fill() throws IOException {
            if (eof) {
                return false;
            }
            if (next > 0) {
                System.arraycopy(buffer, next, buffer, 0, filled - next);
                filled -= next;
                next = 0;
            }
            if (filled == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            final int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                eof = true;
                return false;
            }
            filled += n;
            return true;
        }

        /**
         * Reads the line as {@code T,I} or {@code T,I,...} with T 1 to 18 digits and I an optional
         * minus and 1 to 9 digits, all ASCII (what {@link Long#parseLong} and {@link
         * Integer#parseInt} read the same way); false for any other line, which is left as it was.
         */
        boolean readPlainRow() {
            if (!ascii) {
                return false;
            }
            int i = start;
            long t = 0;
            while (i < end && i - start < 18 && isDigit(buffer[i])) {
                t = t * 10 + (buffer[i++] - '0');
            }
            if (i == start || i == end || buffer[i] != ',') {
                return false;
            }
            i++;
            final boolean negative = i < end && buffer[i] == '-';
            if (negative) {
                i++;
            }
            final int digits = i;
            int a = 0;
            while (i < end && i - digits < 9 && isDigit(buffer[i])) {
                a = a * 10 + (buffer[i++] - '0');
            }
            if (i == digits || (i < end && buffer[i] != ',')) {
                return false;
            }
            time = t;
            id = negative ? -a : a;
            return true;
        }

        private static boolean isDigit(final byte b) {
            return b >= '0' && b <= '9';
        }

        /** The line as text, decoded strictly as UTF-8 (as a {@link BufferedReader} would). */
        String text() throws CharacterCodingException {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(buffer, start, end - start))
                    .toString();
        }
    }

    private static EventCsvException bad(final Path file, final long line, final String what) {
        return new EventCsvException(file + ": line " + line + ": " + what);
    }
}
