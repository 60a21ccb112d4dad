package org.neurostream.ingest.nwb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NwbWriterTest {
    @TempDir Path dir;

    private static final OffsetDateTime START =
            OffsetDateTime.of(2024, 3, 1, 9, 30, 0, 0, ZoneOffset.UTC);
    private static final String DESCRIPTION =
            "NeuroStream replay outputs\ncommand: replay --journal S001R04 --out-nwb out.nwb\nversion: test";
    private static final List<NwbWriter.Column> COLUMNS =
            List.of(
                    new NwbWriter.Column(
                            "start_s", "window start, s", NwbWriter.ColumnType.FLOAT64),
                    new NwbWriter.Column("seq", "sequence number", NwbWriter.ColumnType.INT64),
                    new NwbWriter.Column("label", "predicted class", NwbWriter.ColumnType.TEXT));
    private static final String[] LABELS = {"rest", "imagery, left", "", "ünïcode \"quoted\""};

    /**
     * Writes the reference file: two series (3 columns x 20000 samples, 1 column) and two tables.
     */
    private Map<String, Object> writeReference(final Path file) throws IOException {
        final Map<String, Object> series = new LinkedHashMap<>();
        final Map<String, Object> tables = new LinkedHashMap<>();
        try (NwbWriter w =
                NwbWriter.create(
                        file, new NwbWriter.Session("replay-S001R04", DESCRIPTION, START, START))) {
            final NwbWriter.ProcessingModule features =
                    w.processingModule("features", "band power per stream");
            final NwbWriter.SeriesAppender bp =
                    features.timeSeries(
                            "S001R04_eeg_bandpower",
                            "band power of Fz, Cz, Pz in 8-12 Hz",
                            "uV^2",
                            3);
            final List<List<Float>> data = new ArrayList<>();
            final List<Double> times = new ArrayList<>();
            final float[] row = new float[3];
            for (int i = 0; i < 20_000; i++) {
                row[0] = i * 0.001f;
                row[1] = (float) Math.sin(i);
                row[2] = -i;
                bp.append(i * 0.25, row, 0);
                data.add(List.of(row[0], row[1], row[2]));
                times.add(i * 0.25);
            }
            assertEquals(20_000, bp.rows());
            series.put(
                    "features/S001R04_eeg_bandpower",
                    Map.of(
                            "unit",
                            "uV^2",
                            "description",
                            "band power of Fz, Cz, Pz in 8-12 Hz",
                            "data",
                            data,
                            "timestamps",
                            times));
            final NwbWriter.SeriesAppender one =
                    features.timeSeries("alpha", "mean alpha power", "uV^2", 1);
            one.append(0.5, new float[] {9f, 7.25f}, 1);
            series.put(
                    "features/alpha",
                    Map.of(
                            "unit",
                            "uV^2",
                            "description",
                            "mean alpha power",
                            "data",
                            List.of(List.of(7.25f)),
                            "timestamps",
                            List.of(0.5)));

            final NwbWriter.TableAppender predictions =
                    w.processingModule("decoder", "decoder outputs")
                            .table("predictions", "one row per window", COLUMNS);
            final List<List<Object>> rows = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                predictions.set(2, LABELS[i % LABELS.length]).set(0, i * 0.5).set(1, (long) i - 3);
                predictions.endRow();
                rows.add(List.of(i * 0.5, i - 3, LABELS[i % LABELS.length]));
            }
            tables.put(
                    "decoder/predictions",
                    Map.of("columns", List.of("start_s", "seq", "label"), "rows", rows));
            w.processingModule("decoder", "decoder outputs").table("empty", "no rows yet", COLUMNS);
            tables.put(
                    "decoder/empty",
                    Map.of("columns", List.of("start_s", "seq", "label"), "rows", List.of()));
        }
        final Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("identifier", "replay-S001R04");
        expected.put("session_description", DESCRIPTION);
        expected.put("series", series);
        expected.put("tables", tables);
        return expected;
    }

    @Test
    void shouldWriteSeriesAndTablesThatPynwbReadsAndValidates() throws Exception {
        final Path file = dir.resolve("out.nwb");
        final Map<String, Object> expected = writeReference(file);
        final Path json = dir.resolve("expected.json");
        new ObjectMapper().writeValue(json.toFile(), expected);
        PythonCheck.run(NwbTestFiles.file("check_written.py"), file.toString(), json.toString());
    }

    @Test
    void shouldReadItsOwnSeriesBackThroughTheReader() throws IOException {
        final Path file = dir.resolve("out.nwb");
        writeReference(file);
        try (NwbFile nwb = NwbFile.open(file)) {
            assertEquals(NwbWriter.NWB_VERSION, nwb.nwbVersion());
            assertFalse(nwb.isTruncated());
            assertEquals(
                    List.of(
                            "/processing/features/S001R04_eeg_bandpower",
                            "/processing/features/alpha"),
                    nwb.series().stream().map(NwbSeries::path).toList());
            final NwbSeries bp = nwb.series().get(0);
            assertEquals("TimeSeries", bp.type());
            assertEquals("ProcessingModule", bp.parentType());
            assertEquals(
                    List.of(
                            "S001R04_eeg_bandpower_0",
                            "S001R04_eeg_bandpower_1",
                            "S001R04_eeg_bandpower_2"),
                    bp.labels());
            assertFalse(bp.isRegular());
            assertEquals("uV^2", bp.unit());
            final List<double[]> rows = NwbFileTest.readAll(nwb, bp, 777);
            assertEquals(20_000, rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertArrayEquals(
                        new double[] {i * 0.25, i * 0.001f, (float) Math.sin(i), -i},
                        rows.get(i),
                        0.0);
            }
            assertEquals(List.of("alpha"), nwb.series().get(1).labels());
        }
    }

    @Test
    void shouldStoreTableColumnsAsVectorDataWithTextAsVariableLengthStrings() throws IOException {
        final Path file = dir.resolve("out.nwb");
        writeReference(file);
        try (HdfFile h = new HdfFile(file)) {
            assertEquals(
                    "DynamicTable",
                    h.getByPath("/processing/decoder/predictions")
                            .getAttribute("neurodata_type")
                            .getData());
            assertArrayEquals(
                    new String[] {"start_s", "seq", "label"},
                    (String[])
                            h.getByPath("/processing/decoder/predictions")
                                    .getAttribute("colnames")
                                    .getData());
            final String[] labels =
                    (String[])
                            h.getDatasetByPath("/processing/decoder/predictions/label").getData();
            for (int i = 0; i < 9; i++) {
                assertEquals(LABELS[i % LABELS.length], labels[i]);
            }
            assertArrayEquals(
                    new long[] {-3, -2, -1, 0, 1, 2, 3, 4, 5},
                    (long[]) h.getDatasetByPath("/processing/decoder/predictions/seq").getData());
            assertArrayEquals(
                    new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8},
                    (long[]) h.getDatasetByPath("/processing/decoder/predictions/id").getData());
            assertEquals(
                    0, h.getDatasetByPath("/processing/decoder/empty/label").getDimensions()[0]);
            assertEquals(DESCRIPTION, h.getDatasetByPath("/session_description").getData());
            assertArrayEquals(
                    new String[] {"2024-03-01T09:30:00+00:00"},
                    (String[]) h.getDatasetByPath("/file_create_date").getData());
        }
    }

    @Test
    void shouldWriteTheSameBytesForTheSameOutputsAndLeaveNoSpillFiles() throws IOException {
        final Path a = Files.createDirectories(dir.resolve("a")).resolve("out.nwb");
        final Path b = Files.createDirectories(dir.resolve("b")).resolve("out.nwb");
        writeReference(a);
        writeReference(b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        try (Stream<Path> left = Files.list(a.getParent())) {
            assertEquals(List.of(a), left.toList());
        }
    }

    @Test
    void shouldRefuseRowsWithAColumnMissingOrSetTwice() throws IOException {
        try (NwbWriter w =
                NwbWriter.create(
                        dir.resolve("bad.nwb"), new NwbWriter.Session("x", "x", START, START))) {
            final NwbWriter.TableAppender t = w.processingModule("m", "m").table("t", "t", COLUMNS);
            t.set(0, 1.0).set(1, 2L);
            final IllegalStateException missing =
                    assertThrows(IllegalStateException.class, t::endRow);
            assertEquals("column label not set in row 0", missing.getMessage());
            t.set(2, "a");
            assertThrows(IllegalStateException.class, () -> t.set(2, "b"));
            t.endRow();
            assertEquals(1, t.rows());
            assertThrows(IllegalArgumentException.class, () -> t.set(2, 1.0));
        }
        assertTrue(Files.exists(dir.resolve("bad.nwb")));
    }
}
