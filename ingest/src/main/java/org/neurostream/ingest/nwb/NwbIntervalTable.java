package org.neurostream.ingest.nwb;

import java.util.List;

/**
 * A {@code TimeIntervals} table (trials, epochs, stimulus presentations, ...): rows of {@code
 * start_time}, {@code stop_time} and further columns; read its values with {@link
 * NwbFile#readIntervals}.
 *
 * @param path the table's absolute HDF5 path
 * @param rows the number of rows
 * @param columns the column names in the table's {@code colnames} order ({@code id} not among them)
 */
public record NwbIntervalTable(String path, long rows, List<String> columns) implements NwbObject {
    @Override
    public String type() {
        return "TimeIntervals";
    }
}
