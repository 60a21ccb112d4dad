package org.neurostream.ingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event tables read as bytes give the rows and the errors that reading them as text gives. */
class EventCsvTest {
    @TempDir Path dir;

    private Path write(final byte[] bytes) throws IOException {
        final Path file = dir.resolve("e.csv");
        Files.write(file, bytes);
        return file;
    }

    private Path write(final String text) throws IOException {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> rows(final Path file) throws IOException {
        final List<String> rows = new ArrayList<>();
        EventCsv.read(file, "address", (t, a) -> rows.add(t + "," + a));
        return rows;
    }

    private static String error(final Path file) {
        return assertThrows(EventCsv.EventCsvException.class, () -> rows(file)).getMessage();
    }

    @Test
    void shouldReadRowsWithEveryLineEndBlankLinesAndFurtherColumns() throws IOException {
        final Path file =
                write(
                        "t_us,address,note\r\n0,5\r\n\n 12 , -3 ,x\r7,+4\n\t\n"
                                + "000123456789012345678,2147483647,é\n9,-2147483648\r\n10,0");

        assertEquals(
                List.of(
                        "0,5",
                        "12,-3",
                        "7,4",
                        "123456789012345678,2147483647",
                        "9,-2147483648",
                        "10,0"),
                rows(file));
    }

    @Test
    void shouldReadLinesAcrossTheBufferAndLongerThanIt() throws IOException {
        final StringBuilder text = new StringBuilder("t_us,address\n");
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            text.append(i).append(',').append(i % 977).append(i % 7 == 0 ? "\r\n" : "\n");
            expected.add(i + "," + (i % 977));
        }
        text.append("5,6,").append("x".repeat(200_000)).append('\n');
        expected.add("5,6");

        assertEquals(expected, rows(write(text.toString())));
    }

    @Test
    void shouldNameTheLineAndTheFaultAsTheTextReaderDid() throws IOException {
        assertEquals(
                dir.resolve("e.csv") + ": line 3: t_us '1x' is not a whole number of microseconds",
                error(write("t_us,address\n1,2\n1x,2\n")));
        assertEquals(
                dir.resolve("e.csv") + ": line 4: address ' 2147483648' is not a whole number",
                error(write("t_us,address\n1,2\n\n1, 2147483648\n")));
        assertEquals(
                dir.resolve("e.csv") + ": line 2: expected t_us,address; found '12'",
                error(write("t_us,address\r\n12\r\n")));
        assertEquals(
                dir.resolve("e.csv")
                        + ": line 1: the header must start with t_us,address; found ''",
                error(write("")));
        assertEquals(
                dir.resolve("e.csv")
                        + ": line 1: the header must start with t_us,address; found 't_us'",
                error(write("t_us\n1,2\n")));
        assertEquals(
                dir.resolve("nowhere.csv") + ": no such file",
                assertThrows(
                                EventCsv.EventCsvException.class,
                                () -> rows(dir.resolve("nowhere.csv")))
                        .getMessage());
    }

    @Test
    void shouldRefuseBytesThatAreNotUtf8AfterTheRowsBefore() throws IOException {
        final Path file =
                write(
                        new byte[] {
                            't',
                            '_',
                            'u',
                            's',
                            ',',
                            'a',
                            'd',
                            'd',
                            'r',
                            'e',
                            's',
                            's',
                            '\n',
                            '1',
                            ',',
                            '2',
                            '\n',
                            '3',
                            ',',
                            '4',
                            ',',
                            (byte) 0xFF,
                            '\n'
                        });
        final List<String> rows = new ArrayList<>();

        assertThrows(
                MalformedInputException.class,
                () -> EventCsv.read(file, "address", (t, a) -> rows.add(t + "," + a)));
        assertEquals(List.of("1,2"), rows);
    }

    @Test
    void shouldGiveTheRowsAndCountAReaderOfTextLinesGives() throws IOException {
        final Path file = write("t_us,motif\n5,1\r\r\n6,2,\n\n7,3,4,5\r\n  \n8,-0\n" + "9,00012");
        final List<String> expected = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    final String[] f = line.split(",");
                    expected.add(
                            Long.parseLong(f[0].strip()) + "," + Integer.parseInt(f[1].strip()));
                }
            }
        }
        final List<String> rows = new ArrayList<>();

        final long count = EventCsv.read(file, "motif", (t, m) -> rows.add(t + "," + m));

        assertEquals(expected, rows);
        assertEquals(expected.size(), count);
    }
}
