package org.neurostream.ingest.nwb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Writes a synthetic NWB file holding one int16 {@code ElectricalSeries} in deflated chunks, shaped
 * like an extracellular probe recording, for benchmarks and tests that need files larger than any
 * worth keeping: {@code /acquisition/ElectricalSeries}, {@code conversion} 0.195 uV, {@code
 * starting_time} 0 + {@code rate}, an electrodes table of one row per channel ({@code location}
 * {@code ch<i>}). Samples are seeded Gaussian noise of standard deviation 40 counts (drawn from a
 * table of 2^16 draws, so that gigabytes are made in seconds) on a slow common wave: about as
 * compressible as a band-passed probe recording.
 */
public final class SyntheticNwb {
    private SyntheticNwb() {}

    /**
     * Writes the file.
     *
     * @param channels columns (384 for a Neuropixels 1.0 probe)
     * @param rate samples per second (30000)
     * @param samples rows
     * @param chunkRows rows per chunk
     * @param chunkColumns columns per chunk (the channels, or fewer)
     * @param level deflate level, 0 for chunks stored as they are
     * @param seed seed of the noise
     */
    public static void write(
            final Path file,
            final int channels,
            final double rate,
            final long samples,
            final int chunkRows,
            final int chunkColumns,
            final int level,
            final long seed)
            throws IOException {
        final OffsetDateTime start = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        try (Hdf5Writer w = new Hdf5Writer(file)) {
            final Hdf5Writer.Group root = w.root();
            root.attribute("namespace", "core").attribute("neurodata_type", "NWBFile");
            root.attribute("nwb_version", NwbWriter.NWB_VERSION)
                    .attribute("object_id", "synthetic");
            root.dataset(
                    "identifier", Hdf5Writer.Type.STRING, null, new String[] {"synthetic-" + seed});
            root.dataset(
                    "session_description",
                    Hdf5Writer.Type.STRING,
                    null,
                    new String[] {"synthetic probe recording"});
            root.dataset(
                    "session_start_time",
                    Hdf5Writer.Type.STRING,
                    null,
                    new String[] {start.toString()});
            final Hdf5Writer.Group table =
                    root.group("general").group("extracellular_ephys").group("electrodes");
            table.attribute("namespace", "core").attribute("neurodata_type", "DynamicTable");
            table.attribute("colnames", new String[] {"location"})
                    .attribute("description", "electrodes");
            final long[] ids = new long[channels];
            final String[] locations = new String[channels];
            final long[] rows = new long[channels];
            for (int c = 0; c < channels; c++) {
                ids[c] = c;
                rows[c] = c;
                locations[c] = "ch" + c;
            }
            table.dataset("id", Hdf5Writer.Type.INT64, new long[] {channels}, ids);
            table.dataset("location", Hdf5Writer.Type.STRING, new long[] {channels}, locations);
            final Hdf5Writer.Group series = root.group("acquisition").group("ElectricalSeries");
            series.attribute("namespace", "core").attribute("neurodata_type", "ElectricalSeries");
            series.dataset("electrodes", Hdf5Writer.Type.INT64, new long[] {channels}, rows)
                    .attribute("namespace", "hdmf-common")
                    .attribute("neurodata_type", "DynamicTableRegion")
                    .attribute("table", table);
            series.dataset("starting_time", Hdf5Writer.Type.FLOAT64, null, new double[] {0.0})
                    .attribute("rate", rate)
                    .attribute("unit", "seconds");
            final Hdf5Writer.Chunks data =
                    series.chunked(
                            "data",
                            Hdf5Writer.Type.INT16,
                            samples,
                            channels,
                            chunkRows,
                            chunkColumns,
                            level);
            series.children
                    .get("data")
                    .attribute("unit", "volts")
                    .attribute("conversion", 0.195e-6)
                    .attribute("offset", 0.0)
                    .attribute("resolution", -1.0);
            final SplittableRandom random = new SplittableRandom(seed);
            final short[] noise = new short[1 << 16];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (short) Math.round(40 * gaussian(random));
            }
            final ByteBuffer chunk =
                    ByteBuffer.allocate(data.chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
            for (long r0 = 0; r0 < samples; r0 += chunkRows) {
                for (int c0 = 0; c0 < channels; c0 += chunkColumns) {
                    chunk.clear();
                    for (int r = 0; r < chunkRows; r++) {
                        final int wave =
                                (int) Math.round(200 * Math.sin(2 * Math.PI * 7 * (r0 + r) / rate));
                        for (int c = 0; c < chunkColumns; c++) {
                            chunk.putShort((short) (wave + noise[random.nextInt(noise.length)]));
                        }
                    }
                    data.add(chunk.array());
                }
            }
        }
    }

    /** A standard normal draw (Box-Muller, one of the pair). */
    private static double gaussian(final SplittableRandom random) {
        final double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
