package org.neurostream.ingest.nwb;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes one series or table of an NWB file as CSV (the {@code nwb export} command's format):
 *
 * <ul>
 *   <li>a numeric series: {@code t_s,<label per column>}, one row per sample: the time in seconds
 *       and each value in physical units ({@code stored * (conversion * channel_conversion) +
 *       offset}, in the series' unit);
 *   <li>a text series: {@code t_s,annotation};
 *   <li>a units table: {@code t_s,unit}, one row per spike in time order (ties by unit id);
 *   <li>an interval table: its columns in {@code colnames} order; ragged cells joined by {@code ;},
 *       references as paths.
 * </ul>
 *
 * <p>Numbers as Java's {@link Double#toString(double)} (and {@link Long#toString(long)} for integer
 * columns and unit ids): the decimal reads back as exactly the same double. Fields holding a comma,
 * a quote or a line break are quoted (RFC 4180). Streams block by block: memory does not grow with
 * the series.
 */
public final class NwbCsvExport {
    private static final int ROWS_PER_BLOCK = 4096;

    private NwbCsvExport() {}

    /**
     * What {@code nwb export} does: {@link #writeFile}, and the line it prints: {@code nwb export:
     * PATH (TYPE): N rows to OUT}.
     *
     * @throws NwbTruncatedException after writing the rows before the cut to {@code out}
     */
    public static String export(final NwbFile file, final NwbObject object, final Path out)
            throws IOException {
        final long rows = writeFile(file, object, out);
        return "nwb export: "
                + object.path()
                + " ("
                + object.type()
                + "): "
                + rows
                + " rows to "
                + out;
    }

    /**
     * {@link #write} into the file {@code out} (its folder made if missing), through a partial file
     * beside it, so that {@code out} appears whole or, for a truncated NWB file, with what lies
     * before the cut; on any other failure nothing is left.
     *
     * @return the rows written
     * @throws NwbTruncatedException after writing the rows before the cut to {@code out}
     */
    public static long writeFile(final NwbFile file, final NwbObject object, final Path out)
            throws IOException {
        final Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        final Path partial = Files.createTempFile(parent, out.getFileName().toString(), ".part");
        final long rows;
        try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            rows = write(file, object, w);
        } catch (final NwbTruncatedException e) {
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
            throw e;
        } catch (final IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
        return rows;
    }

    /**
     * Writes {@code object} of {@code file} to {@code out}.
     *
     * @return the data rows written (the header not counted)
     * @throws NwbTruncatedException when the file ends inside the data: the rows before the cut
     *     have been written to {@code out}
     */
    public static long write(final NwbFile file, final NwbObject object, final Writer out)
            throws IOException {
        if (object instanceof NwbSeries s) {
            return s.isText() ? annotations(file, s, out) : series(file, s, out);
        }
        if (object instanceof NwbUnitsTable u) {
            return spikes(file, u, out);
        }
        return intervals(file, (NwbIntervalTable) object, out);
    }

    private static long series(final NwbFile file, final NwbSeries s, final Writer out)
            throws IOException {
        header(out, "t_s", s.labels());
        final NwbSeriesReader reader = file.openSeries(s);
        final int columns = reader.channelCount();
        final double[] values = new double[ROWS_PER_BLOCK * columns];
        final double[] times = new double[ROWS_PER_BLOCK];
        final StringBuilder line = new StringBuilder(columns * 24);
        long rows = 0;
        try {
            int n;
            while ((n = reader.read(values, times, ROWS_PER_BLOCK)) > 0) {
                for (int r = 0; r < n; r++) {
                    line.setLength(0);
                    line.append(times[r]);
                    for (int c = 0; c < columns; c++) {
                        line.append(',').append(values[r * columns + c]);
                    }
                    out.append(line).append('\n');
                }
                rows += n;
            }
        } finally {
            out.flush();
        }
        return rows;
    }

    private static long annotations(final NwbFile file, final NwbSeries s, final Writer out)
            throws IOException {
        header(out, "t_s", s.labels());
        final List<NwbAnnotation> all = file.readAnnotations(s);
        for (final NwbAnnotation a : all) {
            out.append(Double.toString(a.timeSeconds()))
                    .append(',')
                    .append(field(a.text()))
                    .append('\n');
        }
        out.flush();
        return all.size();
    }

    private static long spikes(final NwbFile file, final NwbUnitsTable units, final Writer out)
            throws IOException {
        header(out, "t_s", List.of("unit"));
        final NwbSpikeReader reader = file.openSpikes(units);
        final double[] times = new double[ROWS_PER_BLOCK];
        final long[] ids = new long[ROWS_PER_BLOCK];
        long rows = 0;
        try {
            int n;
            while ((n = reader.read(times, ids)) > 0) {
                for (int i = 0; i < n; i++) {
                    out.append(Double.toString(times[i]))
                            .append(',')
                            .append(Long.toString(ids[i]))
                            .append('\n');
                }
                rows += n;
            }
        } finally {
            out.flush();
        }
        return rows;
    }

    private static long intervals(
            final NwbFile file, final NwbIntervalTable table, final Writer out) throws IOException {
        final NwbIntervalRows rows = file.readIntervals(table);
        header(out, null, rows.columns());
        for (int r = 0; r < rows.rows(); r++) {
            for (int c = 0; c < rows.columns().size(); c++) {
                if (c > 0) {
                    out.append(',');
                }
                out.append(field(cell(rows.cell(r, c))));
            }
            out.append('\n');
        }
        out.flush();
        return rows.rows();
    }

    private static void header(final Writer out, final String first, final List<String> names)
            throws IOException {
        final StringBuilder line = new StringBuilder();
        if (first != null) {
            line.append(first);
        }
        for (final String name : names) {
            if (line.length() > 0) {
                line.append(',');
            }
            line.append(field(name));
        }
        out.append(line).append('\n');
    }

    /** A cell as text: numbers as Java prints them, ragged cells joined by ';'. */
    static String cell(final Object value) {
        if (value instanceof List<?> list) {
            final StringBuilder sb = new StringBuilder();
            for (final Object element : list) {
                if (sb.length() > 0) {
                    sb.append(';');
                }
                sb.append(cell(element));
            }
            return sb.toString();
        }
        return String.valueOf(value);
    }

    /**
     * The text as a CSV field: quoted, quotes doubled, when it holds a comma, a quote or a line
     * break.
     */
    static String field(final String text) {
        final boolean plain =
                text.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r');
        return plain ? text : '"' + text.replace("\"", "\"\"") + '"';
    }
}
