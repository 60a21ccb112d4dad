package org.neurostream.ingest.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading files NumPy wrote (src/test/resources/npy, made by make_golden_npy.py there) and writing
 * files NumPy would write. Every golden array holds a[i, j, k] = 100 i + 10 j + k + 1/3.
 */
class NpyArrayTest {
    @TempDir Path dir;

    private static Path golden(String name) throws URISyntaxException {
        return Path.of(NpyArrayTest.class.getResource("/npy/" + name).toURI());
    }

    private static double expected(int[] shape, int flat) {
        int[] weights =
                shape.length == 3
                        ? new int[] {100, 10, 1}
                        : shape.length == 2 ? new int[] {10, 1} : new int[] {1};
        double v = 1.0 / 3.0;
        for (int k = shape.length - 1; k >= 0; k--) {
            v += weights[k] * (flat % shape[k]);
            flat /= shape[k];
        }
        return v;
    }

    private static void assertGoldenValues(NpyArray a, int... shape) {
        assertArrayEquals(shape, a.shape());
        double[] values = a.toDoubleArray();
        assertEquals(a.size(), values.length);
        for (int i = 0; i < values.length; i++) {
            double e =
                    a.dtype() == NpyDtype.FLOAT32 ? (float) expected(shape, i) : expected(shape, i);
            assertEquals(e, values[i], 0.0, "element " + i);
        }
    }

    @Test
    void shouldReadCOrderFloat32AndFloat64AsNumpyWroteThem() throws Exception {
        NpyArray f4 = NpyArray.read(golden("c_f4_2x3x4.npy"));
        NpyArray f8 = NpyArray.read(golden("c_f8_2x3x4.npy"));

        assertEquals(NpyDtype.FLOAT32, f4.dtype());
        assertEquals(NpyDtype.FLOAT64, f8.dtype());
        assertGoldenValues(f4, 2, 3, 4);
        assertGoldenValues(f8, 2, 3, 4);
        assertEquals(123.0 + 1.0 / 3.0, f8.toDoubleArray()[23], 0.0);
    }

    @Test
    void shouldReturnFortranOrderFilesInCOrder() throws Exception {
        assertGoldenValues(NpyArray.read(golden("fortran_f4_2x3x4.npy")), 2, 3, 4);
        assertGoldenValues(NpyArray.read(golden("fortran_f8_2x3x4.npy")), 2, 3, 4);
        NpyArray twoD = NpyArray.read(golden("fortran_f4_3x5.npy"));
        assertGoldenValues(twoD, 3, 5);
        assertEquals(24.0f + 1.0f / 3.0f, twoD.toFloatArray()[14], 1e-6f);
    }

    @Test
    void shouldReadOneDimensionalScalarAndVersion2Files() throws Exception {
        assertGoldenValues(NpyArray.read(golden("c_f4_7.npy")), 7);
        NpyArray scalar = NpyArray.read(golden("c_f8_scalar.npy"));
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.size());
        assertEquals(1.0 / 3.0, scalar.toDoubleArray()[0], 0.0);
        assertGoldenValues(NpyArray.read(golden("v2_f4_2x3.npy")), 2, 3);
    }

    @Test
    void shouldWriteTheSameBytesAsNumpy() throws Exception {
        for (String name :
                new String[] {
                    "c_f4_2x3x4.npy", "c_f8_2x3x4.npy", "c_f4_7.npy", "c_f8_scalar.npy"
                }) {
            NpyArray a = NpyArray.read(golden(name));
            Path out = dir.resolve(name);
            a.write(out);
            assertArrayEquals(Files.readAllBytes(golden(name)), Files.readAllBytes(out), name);
        }
    }

    @Test
    void shouldRoundTripWhatItWrites() throws IOException {
        float[] f = {1.5f, -2.25f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, -0.0f};
        double[] d = {Math.PI, -Math.E, Double.MIN_VALUE, 1e300, Double.NEGATIVE_INFINITY, 0.1};
        NpyArray.ofFloat32(f, 3, 2).write(dir.resolve("f.npy"));
        NpyArray.ofFloat64(d, 1, 2, 3).write(dir.resolve("d.npy"));

        NpyArray f2 = NpyArray.read(dir.resolve("f.npy"));
        NpyArray d2 = NpyArray.read(dir.resolve("d.npy"));

        assertArrayEquals(new int[] {3, 2}, f2.shape());
        assertArrayEquals(f, f2.toFloatArray());
        assertArrayEquals(new int[] {1, 2, 3}, d2.shape());
        assertArrayEquals(d, d2.toDoubleArray());
        assertEquals(
                128 + 6 * 4, Files.size(dir.resolve("f.npy")), "header padded to 64-byte blocks");
    }

    @Test
    void shouldReadBigEndianFloatsAndIntegersAsNumpyWroteThem() throws Exception {
        NpyArray big = NpyArray.read(golden("big_endian_f4.npy"));
        assertArrayEquals(new int[] {2, 3}, big.shape());
        // make_golden_npy.py: a[i, j] = 10 i + j + 1/3, stored as '>f4'
        float[] expected = new float[6];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                expected[i * 3 + j] = (float) (10 * i + j + 1.0 / 3.0);
            }
        }
        assertArrayEquals(expected, big.toFloatArray());

        NpyArray ints = NpyArray.read(golden("int64.npy"));
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, ints.toDoubleArray());
    }

    @Test
    void shouldRejectTruncatedDataAndNonNpyFiles() throws Exception {
        NpyFormatException e =
                assertThrows(
                        NpyFormatException.class, () -> NpyArray.read(golden("truncated_f4.npy")));
        assertEquals(
                "truncated: shape (2, 3, 4) float32 needs 96 bytes of data, the file holds 91",
                e.reason());

        Path text = dir.resolve("text.npy");
        Files.writeString(text, "t_us,address\n1,2\n");
        e = assertThrows(NpyFormatException.class, () -> NpyArray.read(text));
        assertEquals("not a .npy file (no \\x93NUMPY magic string)", e.reason());
    }

    @Test
    void shouldRefuseAShapeThatDoesNotMatchTheData() {
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloat32(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloat64(new double[0], -1));
    }
}
