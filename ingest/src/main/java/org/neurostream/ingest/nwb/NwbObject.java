package org.neurostream.ingest.nwb;

/**
 * Something an NWB file holds that the reader lists: a time series, a units table or an interval
 * table, named by its absolute HDF5 path.
 */
public sealed interface NwbObject permits NwbSeries, NwbUnitsTable, NwbIntervalTable {
    /** The absolute HDF5 path, with a leading {@code /}. */
    String path();

    /** The NWB type ({@code neurodata_type}), such as {@code ElectricalSeries} or {@code Units}. */
    String type();

    /** The last element of the path. */
    default String name() {
        return path().substring(path().lastIndexOf('/') + 1);
    }
}
