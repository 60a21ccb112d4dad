/**
 * NWB 2.x files (Neurodata Without Borders, HDF5) read with jhdf, a pure-Java HDF5 library: {@link
 * org.neurostream.ingest.nwb.NwbFile} lists a file's time series ({@link
 * org.neurostream.ingest.nwb.NwbSeries}: electrical, ROI, behaviour and annotation series), units
 * tables and interval tables from their metadata, and opens streaming readers: {@link
 * org.neurostream.ingest.nwb.NwbSeriesReader} (samples in physical units, a chunk at a time),
 * {@link org.neurostream.ingest.nwb.NwbSpikeReader} (spikes of all units in time order); {@link
 * org.neurostream.ingest.nwb.NwbCsvExport} writes any of them as CSV. Bad files raise {@link
 * org.neurostream.ingest.nwb.NwbFormatException} naming the file, the HDF5 path and the reason;
 * {@code docs/nwb.md} says what is read and what is not.
 */
package org.neurostream.ingest.nwb;
