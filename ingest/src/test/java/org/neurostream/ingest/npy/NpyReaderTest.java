package org.neurostream.ingest.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads .npy files written by NumPy 1.24 ({@code src/test/resources/npy/make_golden.py}): every
 * array holds (i * 0.5 - 3) at C-order index i, cast to its dtype.
 */
class NpyReaderTest {
    @TempDir Path dir;

    static Path golden(final String name) {
        try {
            return Path.of(NpyReaderTest.class.getResource("/npy/" + name).toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] ramp(final int n, final boolean integer) {
        final double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = integer ? (long) (i * 0.5 - 3) : i * 0.5 - 3;
        }
        return v;
    }

    @Test
    void shouldReadLittleEndianFloat32InCOrder() throws IOException {
        final NpyArray a = NpyReader.read(golden("f4_c_2x3.npy"));
        assertEquals(NpyDtype.FLOAT32, a.dtype());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertFalse(a.fortranOrder());
        assertArrayEquals(ramp(6, false), a.toDoubleArray());
        assertEquals(5 * 0.5 - 3, a.getDouble(1, 2), "row 1 col 2 is index 5");
        assertEquals(3 * 0.5 - 3, a.getDouble(1, 0), "row 1 col 0 is index 3");
    }

    @Test
    void shouldReadFortranOrderThroughLogicalIndices() throws IOException {
        final NpyArray a = NpyReader.read(golden("f8_fortran_3x4.npy"));
        assertTrue(a.fortranOrder());
        assertEquals(NpyDtype.FLOAT64, a.dtype());
        assertArrayEquals(ramp(12, false), a.toDoubleArray());
        // element (2, 1) is C index 9
        assertEquals(9 * 0.5 - 3, a.getDouble(2, 1));
        assertEquals(9 * 0.5 - 3, a.getDouble(9));
    }

    @Test
    void shouldReadBigEndianFloat64() throws IOException {
        final NpyArray a = NpyReader.read(golden("f8_big_2x3.npy"));
        assertEquals(ByteOrder.BIG_ENDIAN, a.byteOrder());
        assertArrayEquals(ramp(6, false), a.toDoubleArray());
    }

    @Test
    void shouldReadABigEndianFortranOrderThreeDimensionalArray() throws IOException {
        final NpyArray a = NpyReader.read(golden("f4_big_fortran_2x3x2.npy"));
        assertArrayEquals(new int[] {2, 3, 2}, a.shape());
        assertTrue(a.fortranOrder());
        assertArrayEquals(ramp(12, false), a.toDoubleArray());
        final float[] f = a.toFloatArray();
        assertEquals(11 * 0.5f - 3, f[11]);
    }

    @Test
    void shouldReadSignedAndUnsignedIntegersOfEveryWidth() throws IOException {
        assertArrayEquals(ramp(5, true), NpyReader.read(golden("i2_c_5.npy")).toDoubleArray());
        assertArrayEquals(ramp(4, true), NpyReader.read(golden("i4_big_2x2.npy")).toDoubleArray());
        assertArrayEquals(ramp(4, true), NpyReader.read(golden("i8_c_2x2.npy")).toDoubleArray());
        assertArrayEquals(
                new double[] {0, 50, 100, 150, 200, 250},
                NpyReader.read(golden("u1_c_2x3.npy")).toDoubleArray());
        assertArrayEquals(
                new double[] {0, 1, 65535}, NpyReader.read(golden("u2_big_3.npy")).toDoubleArray());
        assertArrayEquals(
                new double[] {0, 7, 4294967295.0},
                NpyReader.read(golden("u4_c_3.npy")).toDoubleArray());
        assertArrayEquals(
                new double[] {1, 0, 0, 1}, NpyReader.read(golden("b1_c_4.npy")).toDoubleArray());
    }

    @Test
    void shouldReadScalarsEmptyArraysAndVersionTwoHeaders() throws IOException {
        final NpyArray scalar = NpyReader.read(golden("f8_scalar.npy"));
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.size());
        assertEquals(2.5, scalar.getDouble(0));
        final NpyArray empty = NpyReader.read(golden("f4_empty_0x3.npy"));
        assertArrayEquals(new int[] {0, 3}, empty.shape());
        assertEquals(0, empty.toDoubleArray().length);
        final NpyArray v2 = NpyReader.read(golden("f4_v2_2x2.npy"));
        assertEquals(2, v2.header().majorVersion());
        assertArrayEquals(ramp(4, false), v2.toDoubleArray());
    }

    @Test
    void shouldNameTheUnsupportedDtypeAndTheFile() {
        final Path c16 = golden("c16_2.npy");
        final NpyFormatException e =
                assertThrows(NpyFormatException.class, () -> NpyReader.read(c16));
        assertEquals(
                c16 + ": unsupported dtype '<c16' (complex128); supported: " + NpyDtype.SUPPORTED,
                e.getMessage());
        assertTrue(
                assertThrows(NpyFormatException.class, () -> NpyReader.read(golden("f2_2.npy")))
                        .getMessage()
                        .contains("unsupported dtype '<f2' (float16)"));
        assertTrue(
                assertThrows(NpyFormatException.class, () -> NpyReader.read(golden("U3_2.npy")))
                        .getMessage()
                        .contains("unsupported dtype '<U3' (unicode string)"));
        assertTrue(
                assertThrows(
                                NpyFormatException.class,
                                () -> NpyReader.read(golden("structured_2.npy")))
                        .getMessage()
                        .contains("(structured record type)"));
    }

    @Test
    void shouldRefuseATruncatedFileSayingHowManyBytesItNeeds() {
        final Path cut = golden("f4_truncated_2x3.npy");
        final NpyFormatException e =
                assertThrows(NpyFormatException.class, () -> NpyReader.read(cut));
        assertEquals(
                cut + ": truncated: shape (2, 3) float32 needs 24 bytes of data, the file holds 20",
                e.getMessage());
    }

    @Test
    void shouldRefuseAFileWithoutTheMagicString() throws IOException {
        final Path text = dir.resolve("table.npy");
        Files.writeString(text, "1,2,3\n4,5,6\n");
        final NpyFormatException e =
                assertThrows(NpyFormatException.class, () -> NpyReader.read(text));
        assertEquals(text + ": not a .npy file (no \\x93NUMPY magic string)", e.getMessage());
    }

    @Test
    void shouldWriteTheBytesNumpyWrites() throws IOException {
        final Path c = dir.resolve("c.npy");
        NpyWriter.write(
                c,
                ramp(6, false),
                new long[] {2, 3},
                NpyDtype.FLOAT32,
                ByteOrder.LITTLE_ENDIAN,
                false);
        assertArrayEquals(Files.readAllBytes(golden("writer_f4_c_2x3.npy")), Files.readAllBytes(c));
        final Path f = dir.resolve("f.npy");
        NpyWriter.write(
                f, ramp(6, false), new long[] {3, 2}, NpyDtype.FLOAT64, ByteOrder.BIG_ENDIAN, true);
        assertArrayEquals(
                Files.readAllBytes(golden("writer_f8_big_fortran_3x2.npy")), Files.readAllBytes(f));
    }

    @Test
    void shouldReadBackWhatItWritesForEveryDtype() throws IOException {
        final double[] data = {0, 1, 2, 3, 4, 5};
        for (final NpyDtype t : NpyDtype.values()) {
            final Path p = dir.resolve(t.numpyName() + ".npy");
            NpyWriter.write(p, data, new long[] {3, 2}, t, ByteOrder.BIG_ENDIAN, true);
            final NpyArray a = NpyReader.read(p);
            assertEquals(t, a.dtype());
            final double[] expected = t == NpyDtype.BOOL ? new double[] {0, 1, 1, 1, 1, 1} : data;
            assertArrayEquals(expected, a.toDoubleArray(), t.numpyName());
        }
    }

    @Test
    void shouldBuildFloatArraysInMemoryAndSaveThemAsNumpyDoes() throws IOException {
        final double[] values = ramp(6, false);
        final float[] floats = new float[6];
        for (int i = 0; i < 6; i++) {
            floats[i] = (float) values[i];
        }
        final NpyArray a = NpyArray.ofFloat32(floats, 2, 3);
        assertEquals("NpyArray[<f4 (2, 3)]", a.toString());
        final Path p = dir.resolve("a.npy");
        a.write(p);
        assertArrayEquals(Files.readAllBytes(golden("writer_f4_c_2x3.npy")), Files.readAllBytes(p));
        final NpyArray d = NpyArray.ofFloat64(values, 3, 2);
        assertEquals(NpyDtype.FLOAT64, d.dtype());
        assertEquals(2, d.dim(1));
        assertEquals(6, d.size());
        assertArrayEquals(values, NpyArray.read(write(d)).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloat32(floats, 4, 2));
        assertEquals("<f8", NpyDtype.FLOAT64.descr());
        assertEquals("|u1", NpyDtype.UINT8.descr());
    }

    private Path write(final NpyArray a) throws IOException {
        final Path p = dir.resolve("d.npy");
        a.write(p);
        return p;
    }
}
