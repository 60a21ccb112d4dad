package org.neurostream.ingest.nwb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files the reader must refuse, each with one line that names the file, the HDF5 path and the
 * reason.
 */
class NwbBadInputTest {
    @TempDir Path dir;

    private static NwbFormatException refused(final Path file) {
        return assertThrows(NwbFormatException.class, () -> NwbFile.open(file).close());
    }

    @ParameterizedTest
    @CsvSource({
        "not_nwb.h5, HDF5 but not NWB: no nwb_version attribute on the root group",
        "nwb1.nwb, NWB version NWB-1.0.6 is not read here (NWB 2.x files only)",
        "future_version.nwb, NWB version 3.0.0 is not read here (NWB 2.x files only)",
        "missing_data.nwb, required dataset missing (a TimeSeries needs data)",
        "missing_index.nwb, required dataset missing (spike_times needs spike_times_index)",
        "dangling_reference.nwb, attribute table: object reference to address"
    })
    void shouldRefuseBadFileWithFilePathAndReason(final String name, final String reason)
            throws IOException {
        final JsonNode paths = NwbTestFiles.expected("bad.json");
        final Path file = NwbTestFiles.file("bad/" + name);
        final NwbFormatException e = refused(file);
        assertEquals(paths.get(name).asText(), e.hdf5Path());
        assertTrue(e.reason().startsWith(reason), e.reason());
        assertTrue(e.getMessage().startsWith(file + ": " + e.hdf5Path() + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e instanceof NwbTruncatedException);
    }

    @Test
    void shouldRefuseTextFileAsNotHdf5() throws IOException {
        final Path file = dir.resolve("notes.nwb");
        Files.writeString(file, "not HDF5 at all\n".repeat(100), StandardCharsets.US_ASCII);
        final NwbFormatException e = refused(file);
        assertEquals(
                file + ": /: not an HDF5 file (no HDF5 signature at byte 0, 512, 1024, 2048, ...)",
                e.getMessage());
    }

    @Test
    void shouldRefuseMissingAndEmptyFiles() throws IOException {
        assertEquals(
                dir.resolve("absent.nwb") + ": /: no such file",
                refused(dir.resolve("absent.nwb")).getMessage());
        final Path empty = Files.createFile(dir.resolve("empty.nwb"));
        assertTrue(refused(empty).reason().startsWith("not an HDF5 file"));
    }

    @Test
    void shouldRefuseHdf5FileCutInsideItsSuperblockOrRoot() throws IOException {
        final Path file = truncatedCopy(200);
        final NwbFormatException e = refused(file);
        assertEquals("/", e.hdf5Path());
    }

    @Test
    void shouldReadTruncatedFileUpToTheCutAndNameTheFirstMissingRows() throws IOException {
        final JsonNode cut = NwbTestFiles.expected("truncation.json");
        final NwbTestFiles.Csv expected = NwbTestFiles.expectedCsv("ephys__raw.csv");
        final Path file = truncatedCopy(cut.get("truncate_at").asLong());
        try (NwbFile nwb = NwbFile.open(file)) {
            assertTrue(nwb.isTruncated());
            assertEquals(cut.get("truncate_at").asLong(), nwb.length());
            assertTrue(nwb.declaredLength() > nwb.length());
            final NwbSeries raw = (NwbSeries) nwb.find(cut.get("series").asText());
            final NwbSeriesReader reader = nwb.openSeries(raw);
            final double[] values = new double[60 * 6];
            final double[] times = new double[60];
            int rows = 0;
            NwbTruncatedException end = null;
            try {
                int n;
                while ((n = reader.read(values, times, 60)) > 0) {
                    for (int r = 0; r < n; r++) {
                        assertEquals(expected.rows().get(rows + r)[0], times[r], 0.0);
                        assertEquals(expected.rows().get(rows + r)[6], values[r * 6 + 5], 0.0);
                    }
                    rows += n;
                }
            } catch (NwbTruncatedException e) {
                end = e;
            }
            assertEquals(cut.get("complete_rows").asInt(), rows);
            assertTrue(end != null, "the cut must end the reading");
            assertEquals(300, end.rowsRead());
            assertEquals("/acquisition/raw/data", end.hdf5Path());
            assertEquals(
                    "truncated: the chunk of rows 300-399 lies past the end of the file ("
                            + nwb.length()
                            + " bytes; the superblock declares "
                            + nwb.declaredLength()
                            + ")",
                    end.reason());
            // what lies before the cut stays readable: the other series and the units
            assertEquals(300, NwbFileTest.readAll(nwb, (NwbSeries) nwb.find("lfp"), 64).size());
        }
    }

    @Test
    void shouldRefuseAPathThatHoldsNoSeriesOrTable() throws IOException {
        final Path file = NwbTestFiles.file("ephys.nwb");
        try (NwbFile nwb = NwbFile.open(file)) {
            final NwbFormatException e =
                    assertThrows(NwbFormatException.class, () -> nwb.find("/acquisition/none"));
            assertEquals("/acquisition/none", e.hdf5Path());
            assertTrue(e.reason().startsWith("no series or table at this path"), e.reason());
        }
    }

    @Test
    void shouldRefuseADamagedObjectHeaderWithOneLineNotAStackTrace() throws IOException {
        // ophys.nwb has version 2 object headers, which carry checksums: damage each in turn
        final byte[] original = Files.readAllBytes(NwbTestFiles.file("ophys.nwb"));
        final byte[] signature = "OHDR".getBytes(StandardCharsets.US_ASCII);
        int damaged = 0;
        for (int at = 0; at + 16 < original.length; at++) {
            if (original[at] != signature[0]
                    || original[at + 1] != signature[1]
                    || original[at + 2] != signature[2]
                    || original[at + 3] != signature[3]) {
                continue;
            }
            final byte[] copy = original.clone();
            copy[at + 12] ^= 0x5A;
            final Path file = dir.resolve("damaged-" + at + ".nwb");
            Files.write(file, copy);
            try (NwbFile nwb = NwbFile.open(file)) {
                // a header whose damaged byte is not read (or only in data) may still open
                assertTrue(nwb.series().size() <= 5);
            } catch (NwbFormatException e) {
                assertTrue(e.getMessage().startsWith(file + ": /"), e.getMessage());
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
                damaged++;
            }
        }
        assertTrue(damaged > 10, "damaged headers refused: " + damaged);
    }

    private Path truncatedCopy(final long length) throws IOException {
        final Path copy = dir.resolve("truncated.nwb");
        Files.copy(NwbTestFiles.file("ephys.nwb"), copy);
        try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
            f.setLength(length);
        }
        return copy;
    }
}
