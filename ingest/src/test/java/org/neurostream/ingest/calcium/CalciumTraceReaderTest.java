package org.neurostream.ingest.calcium;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.bridge.SampleSource;
import org.neurostream.ingest.npy.NpyDtype;
import org.neurostream.ingest.npy.NpyFormatException;
import org.neurostream.ingest.npy.NpyWriter;

class CalciumTraceReaderTest {
    @TempDir Path dir;

    private Path text(final String name, final String content) throws IOException {
        final Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void shouldReadOneRowPerRoiByDefault() throws IOException {
        final Path csv = text("f.csv", "1,2,3,4\n5,6,7,8\n");
        final CalciumTraces t = CalciumTraceReader.read(csv, TraceFileOptions.DEFAULTS);
        assertEquals(2, t.roiCount());
        assertEquals(4, t.frameCount());
        assertEquals(7f, t.value(1, 2));
        assertEquals(List.of("roi0", "roi1"), t.labels());
        final float[] frame = new float[2];
        t.copyFrame(3, frame);
        assertArrayEquals(new float[] {4, 8}, frame);
    }

    @Test
    void shouldReadFramesAsRowsWithAHeaderNamingTheRois() throws IOException {
        final Path csv = text("f.tsv", "cellA\tcellB\n1\t5\n2\t6\n3\t7\n");
        final CalciumTraces t =
                CalciumTraceReader.read(
                        csv,
                        TraceFileOptions.DEFAULTS
                                .withFramesAsRows(true)
                                .withHeader(true)
                                .withDelimiter('\t'));
        assertEquals(2, t.roiCount());
        assertEquals(3, t.frameCount());
        assertEquals(List.of("cellA", "cellB"), t.labels());
        assertArrayEquals(new float[] {5, 6, 7}, t.trace(1));
    }

    @Test
    void shouldSkipAHeaderInTheDefaultLayoutAndSplitOnRunsOfBlanks() throws IOException {
        final Path csv = text("f.txt", "t0 t1 t2\n  1.5  2.5\t3.5\n\n-1e-3 0 7\n\n");
        final CalciumTraces t =
                CalciumTraceReader.read(
                        csv, TraceFileOptions.DEFAULTS.withHeader(true).withDelimiter(' '));
        assertEquals(2, t.roiCount());
        assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f}, t.trace(0));
        assertArrayEquals(new float[] {-1e-3f, 0, 7}, t.trace(1));
    }

    @Test
    void shouldKeepNanInfinitiesAndEmptyFieldsForTheOperatorsToFlag() throws IOException {
        final Path csv = text("f.csv", "nan,1,,inf\n-Infinity,NaN,2,3\n");
        final CalciumTraces t = CalciumTraceReader.read(csv, TraceFileOptions.DEFAULTS);
        assertTrue(Float.isNaN(t.value(0, 0)));
        assertTrue(Float.isNaN(t.value(0, 2)));
        assertEquals(Float.POSITIVE_INFINITY, t.value(0, 3));
        assertEquals(Float.NEGATIVE_INFINITY, t.value(1, 0));
        assertTrue(Float.isNaN(t.value(1, 1)));
    }

    @Test
    void shouldNameTheLineOfARaggedRow() throws IOException {
        final Path csv = text("f.csv", "1,2,3\n4,5,6\n\n7,8\n");
        final TraceFormatException e =
                assertThrows(
                        TraceFormatException.class,
                        () -> CalciumTraceReader.read(csv, TraceFileOptions.DEFAULTS));
        assertEquals(csv + ": line 4: has 2 values where line 1 has 3", e.getMessage());
        assertEquals(4, e.line());
    }

    @Test
    void shouldNameTheLineAndFieldOfAValueThatIsNotANumber() throws IOException {
        final Path csv = text("f.csv", "1,2,3\n4,five,6\n");
        final TraceFormatException e =
                assertThrows(
                        TraceFormatException.class,
                        () -> CalciumTraceReader.read(csv, TraceFileOptions.DEFAULTS));
        assertEquals(csv + ": line 2: field 2: 'five' is not a number", e.getMessage());
    }

    @Test
    void shouldRefuseAHeaderWhoseNamesDoNotMatchTheColumns() throws IOException {
        final Path csv = text("f.csv", "a,b,c\n1,2\n");
        final TraceFormatException e =
                assertThrows(
                        TraceFormatException.class,
                        () ->
                                CalciumTraceReader.read(
                                        csv,
                                        TraceFileOptions.DEFAULTS
                                                .withFramesAsRows(true)
                                                .withHeader(true)));
        assertEquals(
                csv + ": line 1: header has 3 names where the data lines have 2 values",
                e.getMessage());
    }

    @Test
    void shouldRefuseAFileWithoutData() throws IOException {
        final Path csv = text("f.csv", "\n\n");
        assertEquals(
                csv + ": holds no data lines",
                assertThrows(
                                TraceFormatException.class,
                                () -> CalciumTraceReader.read(csv, TraceFileOptions.DEFAULTS))
                        .getMessage());
    }

    @Test
    void shouldReadNpyInEitherLayoutWhateverItsMemoryOrder() throws IOException {
        final double[] rowMajor = {1, 2, 3, 4, 5, 6};
        final Path c = dir.resolve("c.npy");
        NpyWriter.write(
                c, rowMajor, new long[] {2, 3}, NpyDtype.FLOAT64, ByteOrder.LITTLE_ENDIAN, false);
        final Path f = dir.resolve("f.npy");
        NpyWriter.write(
                f, rowMajor, new long[] {2, 3}, NpyDtype.FLOAT32, ByteOrder.BIG_ENDIAN, true);
        for (final Path p : List.of(c, f)) {
            final CalciumTraces rois = CalciumTraceReader.read(p, TraceFileOptions.DEFAULTS);
            assertEquals(2, rois.roiCount());
            assertArrayEquals(new float[] {4, 5, 6}, rois.trace(1));
            final CalciumTraces frames =
                    CalciumTraceReader.read(p, TraceFileOptions.DEFAULTS.withFramesAsRows(true));
            assertEquals(3, frames.roiCount());
            assertArrayEquals(new float[] {2, 5}, frames.trace(1));
        }
    }

    @Test
    void shouldRefuseAThreeDimensionalArray() throws IOException {
        final Path p = dir.resolve("cube.npy");
        NpyWriter.write(
                p,
                new double[8],
                new long[] {2, 2, 2},
                NpyDtype.FLOAT32,
                ByteOrder.LITTLE_ENDIAN,
                false);
        assertEquals(
                p + ": array of shape (2, 2, 2) is not 2-d (ROIs x frames)",
                assertThrows(
                                TraceFormatException.class,
                                () -> CalciumTraceReader.read(p, TraceFileOptions.DEFAULTS))
                        .getMessage());
    }

    @Test
    void shouldPassOnTheNpyReadersNameOfAnUnsupportedDtype() throws IOException {
        final Path p = dir.resolve("complex.npy");
        final byte[] header =
                ("{'descr': '<c8', 'fortran_order': False, 'shape': (1, 2), }"
                                + " ".repeat(53)
                                + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        final byte[] file = new byte[10 + header.length + 16];
        System.arraycopy(
                new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0},
                0,
                file,
                0,
                10);
        System.arraycopy(header, 0, file, 10, header.length);
        Files.write(p, file);
        final NpyFormatException e =
                assertThrows(
                        NpyFormatException.class,
                        () -> CalciumTraceReader.read(p, TraceFileOptions.DEFAULTS));
        assertTrue(
                e.getMessage().startsWith(p + ": unsupported dtype '<c8' (complex64)"),
                e.getMessage());
    }

    @Test
    void shouldServeTheTracesAsASampleSourceAtTheGivenRate() throws IOException {
        final CalciumTraces t =
                CalciumTraceReader.read(text("f.csv", "1,2,3\n4,5,6\n"), TraceFileOptions.DEFAULTS);
        try (SampleSource s = t.asSource(30.0)) {
            assertEquals(2, s.channelCount());
            assertEquals(30.0, s.sampleRate());
            final float[] block = new float[4];
            assertEquals(2, s.read(block, 2));
            assertArrayEquals(new float[] {1, 4, 2, 5}, block);
            assertEquals(1, s.read(block, 2));
            assertEquals(0, s.read(block, 2));
        }
        assertThrows(IllegalArgumentException.class, () -> t.asSource(0));
    }

    @Test
    void shouldReadTheRealZebrafishMatrixAndSuite2pArrays() throws IOException {
        final String shared = System.getProperty("neurostream.shared.data");
        assumeTrue(
                shared != null, "neurostream.shared.data is not set: skipping real calcium files");
        final Path zf = Path.of(shared, "calcium", "zf_20170215-f3_activity_matrix.csv");
        final Path f = Path.of(shared, "calcium", "suite2p_F.npy");
        assumeTrue(
                Files.isRegularFile(zf) && Files.isRegularFile(f),
                "real calcium files absent: skipped");
        final CalciumTraces z = CalciumTraceReader.read(zf, TraceFileOptions.DEFAULTS);
        assertEquals(75, z.roiCount());
        assertEquals(5660, z.frameCount());
        // the first two values of the file's first line
        assertEquals(0.40005f, z.value(0, 0));
        assertEquals(0.33455f, z.value(0, 1));
        final CalciumTraces s = CalciumTraceReader.read(f, TraceFileOptions.DEFAULTS);
        assertEquals(219, s.roiCount());
        assertEquals(2000, s.frameCount());
        int zeroRows = 0;
        for (int r = 0; r < s.roiCount(); r++) {
            boolean zero = true;
            for (final float v : s.trace(r)) {
                zero &= v == 0;
            }
            zeroRows += zero ? 1 : 0;
        }
        assertEquals(47, zeroRows);
    }
}
