package org.neurostream.ingest.nwb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HDF5 files of {@link Hdf5Writer} read back with jhdf, an HDF5 reader written by others. */
class Hdf5WriterTest {
    @TempDir Path dir;

    @Test
    void shouldWriteAttributesOfEveryTypeAndResolveReferencesToTheTargetsHeader()
            throws IOException {
        final Path file = dir.resolve("attrs.h5");
        try (Hdf5Writer w = new Hdf5Writer(file)) {
            final Hdf5Writer.Group g = w.root().group("tables").group("electrodes");
            final Hdf5Writer.Dataset ids =
                    g.dataset("id", Hdf5Writer.Type.INT64, new long[] {3}, new long[] {7, 8, 9});
            w.root()
                    .group("region")
                    .attribute("text", "grün")
                    .attribute("names", new String[] {"a", "", "c,d"})
                    .attribute("f64", 1e-6)
                    .attribute("f32", 0.1f)
                    .attribute("i32", -5)
                    .attribute("table", g)
                    .attribute("ids", ids);
            w.root().dataset("scalar", Hdf5Writer.Type.STRING, null, new String[] {"one line"});
            w.root()
                    .dataset(
                            "refs",
                            Hdf5Writer.Type.REFERENCE,
                            new long[] {2},
                            new Hdf5Writer.Node[] {ids, g});
            w.root()
                    .dataset(
                            "bytes",
                            Hdf5Writer.Type.UINT8,
                            new long[] {2, 2},
                            new byte[] {1, 2, (byte) 200, 4});
            w.root().dataset("empty", Hdf5Writer.Type.FLOAT64, new long[] {0}, new double[0]);
        }
        try (HdfFile h = new HdfFile(file)) {
            final var region = h.getByPath("/region");
            assertEquals("grün", region.getAttribute("text").getData());
            assertArrayEquals(
                    new String[] {"a", "", "c,d"},
                    (String[]) region.getAttribute("names").getData());
            assertEquals(1e-6, region.getAttribute("f64").getData());
            assertEquals(0.1f, region.getAttribute("f32").getData());
            assertEquals(-5, region.getAttribute("i32").getData());
            assertEquals(
                    h.getByPath("/tables/electrodes").getAddress(),
                    region.getAttribute("table").getData());
            assertEquals(
                    h.getByPath("/tables/electrodes/id").getAddress(),
                    region.getAttribute("ids").getData());
            assertArrayEquals(
                    new long[] {
                        h.getByPath("/tables/electrodes/id").getAddress(),
                        h.getByPath("/tables/electrodes").getAddress()
                    },
                    (long[]) h.getDatasetByPath("/refs").getData());
            assertEquals("one line", h.getDatasetByPath("/scalar").getData());
            assertArrayEquals(
                    new int[][] {{1, 2}, {200, 4}},
                    (int[][]) h.getDatasetByPath("/bytes").getData());
            assertEquals(0, h.getDatasetByPath("/empty").getDimensions()[0]);
        }
    }

    @Test
    void shouldSpreadManyStringsOverSeveralHeapCollections() throws IOException {
        final Path file = dir.resolve("strings.h5");
        final int n = 70_000; // more objects than one collection may index (65535)
        try (Hdf5Writer w = new Hdf5Writer(file)) {
            final Hdf5Writer.Appendable a = w.root().appendable("words", Hdf5Writer.Type.STRING, 0);
            for (int i = 0; i < n; i++) {
                a.add("word " + i);
                a.endRow();
            }
            final Hdf5Writer.Appendable m = w.root().appendable("matrix", Hdf5Writer.Type.INT32, 3);
            for (int i = 0; i < 50_000; i++) {
                m.add(i);
                m.add(-i);
                m.add(i * 2L);
                m.endRow();
            }
        }
        try (HdfFile h = new HdfFile(file)) {
            final String[] words = (String[]) h.getDatasetByPath("/words").getData();
            assertEquals(n, words.length);
            for (int i = 0; i < n; i += 997) {
                assertEquals("word " + i, words[i]);
            }
            assertEquals("word " + (n - 1), words[n - 1]);
            final Dataset matrix = h.getDatasetByPath("/matrix");
            assertArrayEquals(new int[] {50_000, 3}, matrix.getDimensions());
            final int[][] values = (int[][]) matrix.getData();
            assertArrayEquals(new int[] {49_999, -49_999, 99_998}, values[49_999]);
        }
    }

    @Test
    void shouldIndexThousandsOfDeflatedChunksWithABTreeOfSeveralLevels() throws Exception {
        final Path file = dir.resolve("probe.nwb");
        // 3000 rows in bands of 16, 10 columns in chunks of 4: 188 x 3 = 564 chunks, 9 leaves
        SyntheticNwb.write(file, 10, 30000, 3000, 16, 4, 1, 11L);
        long sum = 0;
        try (HdfFile h = new HdfFile(file)) {
            final short[][] all =
                    (short[][]) h.getDatasetByPath("/acquisition/ElectricalSeries/data").getData();
            assertEquals(3000, all.length);
            for (final short[] row : all) {
                for (final short v : row) {
                    sum += v;
                }
            }
        }
        try (NwbFile nwb = NwbFile.open(file)) {
            final NwbSeries series = nwb.series().get(0);
            final NwbSeriesReader reader = nwb.openSeries(series);
            final double[] values = new double[100 * 10];
            long fromReader = 0;
            int n;
            while ((n = reader.read(values, null, 100)) > 0) {
                for (int i = 0; i < n * 10; i++) {
                    fromReader += Math.round(values[i] / 0.195e-6);
                }
            }
            assertEquals(sum, fromReader);
            assertEquals(
                    List.of("ch0", "ch1", "ch2", "ch3", "ch4", "ch5", "ch6", "ch7", "ch8", "ch9"),
                    series.labels());
        }
        PythonCheck.run(
                NwbTestFiles.file("check_chunks.py"),
                file.toString(),
                "/acquisition/ElectricalSeries/data",
                "3000",
                "10",
                "16",
                "4",
                "564",
                Long.toString(sum));
    }
}
