package org.neurostream.ingest.nwb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads the pynwb-written test files and checks every value against what pynwb and h5py read back
 * ({@code src/test/resources/nwb/make_golden.py}).
 */
class NwbFileTest {

    /** Every sample of a series, read in blocks of {@code block} samples: time then values. */
    static List<double[]> readAll(final NwbFile file, final NwbSeries series, final int block)
            throws IOException {
        final NwbSeriesReader reader = file.openSeries(series);
        final int columns = reader.channelCount();
        final double[] values = new double[block * columns];
        final double[] times = new double[block];
        final List<double[]> rows = new ArrayList<>();
        int n;
        while ((n = reader.read(values, times, block)) > 0) {
            assertTrue(n <= block);
            for (int r = 0; r < n; r++) {
                final double[] row = new double[columns + 1];
                row[0] = times[r];
                System.arraycopy(values, r * columns, row, 1, columns);
                rows.add(row);
            }
        }
        return rows;
    }

    private static void assertSeriesEquals(
            final String fileName, final String path, final String csv, final int block)
            throws IOException {
        final NwbTestFiles.Csv expected = NwbTestFiles.expectedCsv(csv);
        try (NwbFile file = NwbFile.open(NwbTestFiles.file(fileName))) {
            final NwbSeries series = (NwbSeries) file.find(path);
            assertEquals(expected.header().subList(1, expected.header().size()), series.labels());
            final List<double[]> rows = readAll(file, series, block);
            assertEquals(expected.rows().size(), rows.size());
            for (int r = 0; r < rows.size(); r++) {
                assertArrayEquals(expected.rows().get(r), rows.get(r), 0.0, path + " row " + r);
            }
        }
    }

    /** Checks one object the expected values name. */
    private interface ExpectedObject {
        void check(NwbFile file, String path, JsonNode expected) throws IOException;
    }

    /**
     * For each file of an expected-values JSON ({@code {file: {path: values}}}): the file lists
     * exactly those paths, sorted, and each object passes the check.
     */
    private static void checkEachFile(
            final String json,
            final Function<NwbFile, List<? extends NwbObject>> listed,
            final ExpectedObject check)
            throws IOException {
        final JsonNode all = NwbTestFiles.expected(json);
        for (final Iterator<Map.Entry<String, JsonNode>> files = all.fields(); files.hasNext(); ) {
            final Map.Entry<String, JsonNode> f = files.next();
            try (NwbFile file = NwbFile.open(NwbTestFiles.file(f.getKey()))) {
                final List<String> paths = new ArrayList<>();
                f.getValue().fieldNames().forEachRemaining(paths::add);
                assertEquals(
                        paths.stream().sorted().toList(),
                        listed.apply(file).stream().map(NwbObject::path).toList());
                for (final String path : paths) {
                    check.check(file, path, f.getValue().get(path));
                }
            }
        }
    }

    @Test
    void shouldListEverySeriesWithTheMetadataPynwbReads() throws IOException {
        checkEachFile(
                "series.json",
                NwbFile::series,
                (file, path, e) -> {
                    final NwbSeries s = (NwbSeries) file.find(path);
                    assertEquals(e.get("type").asText(), s.type(), path);
                    assertEquals(e.get("rows").asLong(), s.rows(), path);
                    assertEquals(e.get("columns").asInt(), s.columns(), path);
                    assertEquals(e.get("rate").isNull(), !s.isRegular(), path);
                    if (s.isRegular()) {
                        assertEquals(e.get("rate").asDouble(), s.rate(), 0.0, path);
                    }
                    assertEquals(e.get("unit").asText(), s.unit(), path);
                    assertEquals(e.get("start_s").asDouble(), s.startSeconds(), 0.0, path);
                    assertEquals(e.get("conversion").asDouble(), s.conversion(), 0.0, path);
                    assertEquals(e.get("offset").asDouble(), s.offset(), 0.0, path);
                    final List<String> labels = new ArrayList<>();
                    e.get("labels").forEach(l -> labels.add(l.asText()));
                    assertEquals(labels, s.labels(), path);
                });
    }

    @Test
    void shouldReadInt16GzipSeriesTimesConversionAndChannelConversionPlusOffsetExactly()
            throws IOException {
        assertSeriesEquals("ephys.nwb", "/acquisition/raw", "ephys__raw.csv", 4096);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 250})
    void shouldGiveTheSameValuesWhateverTheBlockSize(final int block) throws IOException {
        assertSeriesEquals("ephys.nwb", "/acquisition/raw", "ephys__raw.csv", block);
        assertSeriesEquals(
                "ophys.nwb", "/processing/ophys/Fluorescence/raw_f", "ophys__raw_f.csv", block);
    }

    @Test
    void shouldReadFloat32LzfSeriesWithTimestamps() throws IOException {
        assertSeriesEquals("ephys.nwb", "lfp", "ephys__lfp.csv", 64);
    }

    @ParameterizedTest
    @CsvSource({
        "/processing/ophys/Fluorescence/raw_f, ophys__raw_f.csv",
        "/processing/ophys/DfOverF/dff, ophys__dff.csv",
        "/processing/behavior/BehavioralTimeSeries/speed, ophys__speed.csv",
        "/processing/behavior/Position/position, ophys__position.csv",
        "/acquisition/pupil_area, ophys__pupil_area.csv"
    })
    void shouldReadRoiAndBehaviourSeriesExactly(final String path, final String csv)
            throws IOException {
        assertSeriesEquals("ophys.nwb", path, csv, 1000);
    }

    @Test
    void shouldKeepTheContainerTypeAndRoiIdsOfRoiSeries() throws IOException {
        try (NwbFile file = NwbFile.open(NwbTestFiles.file("ophys.nwb"))) {
            final NwbSeries dff = (NwbSeries) file.find("dff");
            assertEquals("DfOverF", dff.parentType());
            assertEquals("dF/F", dff.unit());
            assertArrayEquals(new long[] {103, 101}, dff.channelIds());
            final NwbSeries raw = (NwbSeries) file.find("raw_f");
            assertEquals("Fluorescence", raw.parentType());
            assertArrayEquals(new long[] {101, 102, 103, 104}, raw.channelIds());
            assertNull(((NwbSeries) file.find("speed")).channelIds());
        }
    }

    @Test
    void shouldDeliverFloatSamplesAsTheDoubleValuesRoundedToFloat() throws IOException {
        final NwbTestFiles.Csv expected = NwbTestFiles.expectedCsv("ephys__raw.csv");
        try (NwbFile file = NwbFile.open(NwbTestFiles.file("ephys.nwb"))) {
            final NwbSeriesReader reader = file.openSeries((NwbSeries) file.find("raw"));
            assertEquals(1000.0, reader.sampleRate(), 0.0);
            final float[] block = new float[600 * 6];
            int done = 0;
            int n;
            while ((n = reader.read(block, 600 - done)) > 0) {
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < 6; c++) {
                        assertEquals(
                                (float) expected.rows().get(done + r)[c + 1],
                                block[r * 6 + c],
                                0.0f);
                    }
                }
                done += n;
            }
            assertEquals(600, done);
            assertEquals(600, reader.position());
            reader.seek(250);
            assertEquals(50, reader.read(block, 1000));
            assertEquals((float) expected.rows().get(250)[1], block[0], 0.0f);
        }
    }

    @Test
    void shouldMergeSpikesOfAllUnitsInTimeOrderWithTiesByUnitId() throws IOException {
        final JsonNode expected = NwbTestFiles.expected("units.json");
        try (NwbFile file = NwbFile.open(NwbTestFiles.file("ephys.nwb"))) {
            final NwbUnitsTable units = (NwbUnitsTable) file.find("/units");
            final NwbSpikeReader reader = file.openSpikes(units);
            final double[] times = new double[5];
            final long[] ids = new long[5];
            final List<String> got = new ArrayList<>();
            int n;
            while ((n = reader.read(times, ids)) > 0) {
                for (int i = 0; i < n; i++) {
                    got.add(times[i] + "," + ids[i]);
                }
            }
            final List<String> want = new ArrayList<>();
            expected.get("spikes")
                    .forEach(s -> want.add(s.get(0).asDouble() + "," + s.get(1).asLong()));
            assertEquals(want, got);
            assertEquals(12, reader.delivered());
        }
    }

    @Test
    void shouldReadUnitIdsSpikeCountsAndElectrodeIds() throws IOException {
        final JsonNode expected = NwbTestFiles.expected("units.json");
        try (NwbFile file = NwbFile.open(NwbTestFiles.file("ephys.nwb"))) {
            assertEquals(1, file.unitsTables().size());
            final NwbUnitsTable units = file.unitsTables().get(0);
            assertEquals("/units", units.path());
            assertEquals(4, units.units());
            assertEquals(12, units.spikes());
            for (int u = 0; u < 4; u++) {
                assertEquals(expected.get("ids").get(u).asLong(), units.unitIds()[u]);
                assertEquals(expected.get("spike_counts").get(u).asLong(), units.spikeCounts()[u]);
                final JsonNode electrodes = expected.get("electrodes").get(u);
                assertEquals(electrodes.size(), units.electrodeIds().get(u).length);
                for (int e = 0; e < electrodes.size(); e++) {
                    assertEquals(electrodes.get(e).asLong(), units.electrodeIds().get(u)[e]);
                }
            }
        }
    }

    @Test
    void shouldReadIntervalTablesWithTextNumberAndRaggedColumns() throws IOException {
        checkEachFile(
                "intervals.json",
                NwbFile::intervalTables,
                (file, path, e) -> {
                    final NwbIntervalTable table = (NwbIntervalTable) file.find(path);
                    final List<String> columns = new ArrayList<>();
                    e.get("columns").forEach(c -> columns.add(c.asText()));
                    assertEquals(columns, table.columns());
                    assertEquals(e.get("rows").size(), table.rows());
                    final NwbIntervalRows rows = file.readIntervals(table);
                    for (int r = 0; r < rows.rows(); r++) {
                        for (int c = 0; c < columns.size(); c++) {
                            assertEquals(
                                    json(e.get("rows").get(r).get(c)),
                                    rows.cell(r, c),
                                    path + " " + r + "," + c);
                        }
                    }
                });
    }

    /** A JSON value as the reader's cell: Double, String or List. */
    private static Object json(final JsonNode v) {
        if (v.isArray()) {
            final List<Object> list = new ArrayList<>();
            v.forEach(x -> list.add(json(x)));
            return list;
        }
        return v.isNumber() ? (Object) v.asDouble() : v.asText();
    }

    @Test
    void shouldReadAnnotationsWithTheirTimes() throws IOException {
        final JsonNode expected = NwbTestFiles.expected("annotations.json");
        try (NwbFile file = NwbFile.open(NwbTestFiles.file("ephys.nwb"))) {
            final List<NwbAnnotation> notes = file.readAnnotations((NwbSeries) file.find("notes"));
            assertEquals(expected.size(), notes.size());
            for (int i = 0; i < notes.size(); i++) {
                assertEquals(expected.get(i).get(0).asDouble(), notes.get(i).timeSeconds(), 0.0);
                assertEquals(expected.get(i).get(1).asText(), notes.get(i).text());
            }
            final NwbFormatException e =
                    assertThrows(
                            NwbFormatException.class,
                            () -> file.openSeries((NwbSeries) file.find("notes")));
            assertEquals("/acquisition/notes/data", e.hdf5Path());
        }
    }

    @Test
    void shouldLabelElectrodesByLabelThenLocationThenId() throws IOException {
        final JsonNode expected = NwbTestFiles.expected("labels.json");
        try (NwbFile file = NwbFile.open(NwbTestFiles.file(expected.get("file").asText()))) {
            final NwbSeries eeg = (NwbSeries) file.find(expected.get("series").asText());
            final List<String> labels = new ArrayList<>();
            expected.get("labels").forEach(l -> labels.add(l.asText()));
            assertEquals(labels, eeg.labels());
            assertArrayEquals(new long[] {7, 8, 9, 10}, eeg.channelIds());
        }
    }

    @Test
    void shouldFindObjectsByPathOrUniqueNameAndRefuseUnknownNames() throws IOException {
        try (NwbFile file = NwbFile.open(NwbTestFiles.file("ephys.nwb"))) {
            assertEquals("/acquisition/raw", file.find("raw").path());
            assertEquals("/intervals/trials", file.find("trials").path());
            assertEquals("/units", file.find("units").path());
            final NwbFormatException e =
                    assertThrows(NwbFormatException.class, () -> file.find("nothing"));
            assertTrue(e.getMessage().contains("no series or table named nothing"), e.getMessage());
            assertFalse(file.isTruncated());
            assertEquals("2.11.0", file.nwbVersion());
        }
    }
}
