package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neurostream events} on the real recordings and on unusable, truncated and bare files. */
class EventsCommandTest {
    @TempDir Path dir;

    /**
     * The order-sensitive hash of ingest's make_golden.py over a t_us,x,y,p CSV: sum over rows i of
     * (i + 1) * ((t - t_first) * 1000003 + x * 8191 + y * 2 + p), modulo 2^64.
     */
    private static long[] countAndHash(final Path csv) throws IOException {
        long count = 0;
        long hash = 0;
        long first = 0;
        try (BufferedReader in = Files.newBufferedReader(csv)) {
            assertEquals("t_us,x,y,p", in.readLine());
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                final String[] f = line.split(",");
                final long t = Long.parseLong(f[0]);
                if (count == 0) {
                    first = t;
                }
                count++;
                hash +=
                        count
                                * ((t - first) * 1000003L
                                        + Long.parseLong(f[1]) * 8191L
                                        + Long.parseLong(f[2]) * 2L
                                        + Long.parseLong(f[3]));
            }
        }
        return new long[] {count, hash};
    }

    @Test
    void shouldWriteEveryEvt2EventInFileOrder() throws IOException {
        final Path out = dir.resolve("evt2.csv");
        final CommandRun run =
                CommandRun.of(
                        "events",
                        "--input",
                        SharedData.dvs("evt2_sample.raw").toString(),
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        // count and hash from ingest/src/test/resources/dvs/golden.json (independent Python
        // decoder)
        assertEquals(539481, countAndHash(out)[0]);
        assertEquals(7835601771300135742L, countAndHash(out)[1]);
        try (BufferedReader in = Files.newBufferedReader(out)) {
            in.readLine();
            assertEquals("1317888,237,121,1", in.readLine());
        }
    }

    @Test
    void shouldWriteThePedestrianEventsStartingAtTheTrueFirstEvent() throws IOException {
        final Path out = dir.resolve("ped.csv");
        final CommandRun run =
                CommandRun.of(
                        "events",
                        "--input",
                        SharedData.dvs("evt3_test_pedestrians.raw").toString(),
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        final List<String> lines = Files.readAllLines(out);
        assertEquals(5001, lines.size());
        assertEquals("t_us,x,y,p", lines.get(0));
        assertEquals("5840504,707,297,0", lines.get(1));
        assertEquals(362574146351584854L, countAndHash(out)[1]);
    }

    @Test
    void shouldWriteDownsampledAddresses() throws IOException {
        final Path out = dir.resolve("addr.csv");
        final CommandRun run =
                CommandRun.of(
                        "events",
                        "--input",
                        SharedData.dvs("evt3_test_pedestrians.raw").toString(),
                        "--addresses",
                        "--shift",
                        "3",
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        final List<String> lines = Files.readAllLines(out);
        assertEquals(5001, lines.size());
        assertEquals("t_us,address", lines.get(0));
        // 1280x720 at shift 3: Ws = 160; (x, y, p) = (707, 297, 0) -> 37 * 160 + 88
        assertEquals("5840504,6008", lines.get(1));
    }

    @Test
    void shouldSummariseTheEvt2Sample() {
        final CommandRun run =
                CommandRun.of(
                        "events",
                        "--input",
                        SharedData.dvs("evt2_sample.raw").toString(),
                        "--summary");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                List.of(
                        "file: " + SharedData.dvs("evt2_sample.raw"),
                        "format: evt2 (Prophesee RAW EVT 2.0)",
                        "geometry: 640x480",
                        "count: 539481",
                        "on: 367855",
                        "off: 171626",
                        "t_first_us: 1317888",
                        "t_last_us: 1367888",
                        "span_us: 50000",
                        "time_order: drop",
                        "backwards: 0"),
                run.out().lines().toList());
    }

    @Test
    void shouldSummariseTheAedat4SampleWithItsDeclaredCount() {
        final CommandRun run =
                CommandRun.of(
                        "events",
                        "--input",
                        SharedData.dvs("sample.aedat4").toString(),
                        "--summary");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("format: aedat4 (AEDAT 4.0)\n"), run.out());
        assertTrue(run.out().contains("geometry: 320x240\n"), run.out());
        assertTrue(run.out().contains("count: 111954\n"), run.out());
        assertTrue(run.out().contains("declared_count: 111954\n"), run.out());
    }

    @Test
    void shouldSummariseTheNmnistSample() {
        final CommandRun run =
                CommandRun.of(
                        "events",
                        "--input",
                        SharedData.dvs("sample_nmnist.bin").toString(),
                        "--summary");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("geometry: 34x34\ncount: 4325\n"), run.out());
        assertTrue(run.out().contains("t_last_us: 311175\n"), run.out());
    }

    @Test
    void shouldWriteTheEventsBeforeTheFaultOfATruncatedFileAndExitWithThree() throws IOException {
        final byte[] whole = Files.readAllBytes(SharedData.dvs("evt3_test_pedestrians.raw"));
        final Path cut = dir.resolve("cut.raw");
        Files.write(cut, Arrays.copyOf(whole, 20_001));
        final Path out = dir.resolve("cut.csv");
        final CommandRun run =
                CommandRun.of("events", "--input", cut.toString(), "--out", out.toString());
        assertEquals(3, run.exitCode());
        final List<String> lines = Files.readAllLines(out);
        assertTrue(lines.size() > 1000, "rows " + lines.size());
        assertEquals(
                "neurostream events: warning: "
                        + cut
                        + ": byte 20000: truncated: the last 1 byte(s)"
                        + " do not form a whole 2-byte word (the "
                        + (lines.size() - 1)
                        + " events before it were kept)",
                run.err().strip());
    }

    @Test
    void shouldRefuseAFileThatIsNoEventFileWithOneLineAndWriteNothing() throws IOException {
        final Path notes = dir.resolve("notes.raw");
        Files.writeString(notes, "hello, this is not a recording\n");
        final Path out = dir.resolve("x.csv");
        final CommandRun run =
                CommandRun.of("events", "--input", notes.toString(), "--out", out.toString());
        assertEquals(2, run.exitCode());
        assertEquals(
                "neurostream events: "
                        + notes
                        + ": byte 0: not an event file this reader knows: no '%'"
                        + " header, no AEDAT 4.0 magic, and not an N-MNIST .bin",
                run.err().strip());
        assertFalse(Files.exists(out));
    }

    @Test
    void shouldAskForTheSensorSizeWhenAddressingAFileWithoutOne() throws IOException {
        final Path bare = dir.resolve("bare.raw");
        // "% evt 2.0", a TIME_HIGH of 1, then one ON event at x = 3, y = 2 with time LSBs 5
        final byte[] words = {0x01, 0x00, 0x00, (byte) 0x80, 0x02, 0x18, 0x40, 0x11};
        final byte[] header = "% evt 2.0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final byte[] file = Arrays.copyOf(header, header.length + words.length);
        System.arraycopy(words, 0, file, header.length, words.length);
        Files.write(bare, file);
        final Path out = dir.resolve("bare.csv");
        final CommandRun refused =
                CommandRun.of(
                        "events",
                        "--input",
                        bare.toString(),
                        "--addresses",
                        "--out",
                        out.toString());
        assertEquals(2, refused.exitCode());
        assertEquals(
                "neurostream events: "
                        + bare
                        + ": the file does not give the sensor size; pass --width"
                        + " and --height",
                refused.err().strip());

        final CommandRun run =
                CommandRun.of(
                        "events",
                        "--input",
                        bare.toString(),
                        "--addresses",
                        "--width",
                        "8",
                        "--height",
                        "4",
                        "--out",
                        out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("t_us,address", "69,51"), Files.readAllLines(out)); // 32 + 2 * 8 + 3
    }

    @Test
    void shouldRefuseToRunWithNothingToDo() {
        final CommandRun run = CommandRun.of("events", "--input", "whatever.raw");
        assertEquals(2, run.exitCode());
        assertEquals(
                "neurostream events: nothing to do: give --out FILE.csv, --summary, or both",
                run.err().strip());
    }
}
