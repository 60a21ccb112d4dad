package org.neurostream.ingest.nwb;

import java.util.List;

/**
 * The values of an interval table, column by column. A cell is a {@link Double} (float columns), a
 * {@link Long} (integer columns), a {@link String} (text, an object reference as the referenced
 * object's path, or a compound value as {@code member=value} pairs), or a {@link List} of those for
 * ragged columns (those with a {@code <column>_index}).
 */
public final class NwbIntervalRows {
    private final List<String> columns;
    private final int rows;
    private final List<Object[]> cells;

    NwbIntervalRows(final List<String> columns, final int rows, final List<Object[]> cells) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.cells = cells;
    }

    /** The column names, in the table's {@code colnames} order. */
    public List<String> columns() {
        return columns;
    }

    /** The number of rows. */
    public int rows() {
        return rows;
    }

    /** The cell at a row and column (0-based). */
    public Object cell(final int row, final int column) {
        return cells.get(column)[row];
    }

    /**
     * The cell at a row and column as text, as {@code nwb export} writes it: numbers as Java prints
     * them, ragged cells joined by {@code ;}.
     */
    public String text(final int row, final int column) {
        return NwbCsvExport.cell(cell(row, column));
    }

    /** The cells of the named column as doubles (for start_time, stop_time and numeric columns). */
    public double[] doubles(final String column) {
        final Object[] values = cells.get(columns.indexOf(column));
        final double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values[i]).doubleValue();
        }
        return out;
    }
}
