package org.neurostream.ingest.nwb;

import java.nio.ByteBuffer;
import org.neurostream.ingest.bridge.SampleSource;

/**
 * Streams a numeric series' samples in physical units, sample-major ({@code dst[s * columns + c]}),
 * a chunk band or a block of about 1 MiB per call at most: the whole series is never held. Each
 * value is {@code stored * (conversion * channel_conversion[c]) + offset}, computed in double;
 * {@link #read(float[], int)} rounds it to float32 (the frames' sample type), {@link
 * #read(double[], double[], int)} keeps the double and gives each sample's time.
 *
 * <p>The file owns the resources: closing the reader does nothing, close the {@link NwbFile}.
 * Allocates nothing per call. Not thread-safe.
 */
public final class NwbSeriesReader implements SampleSource {
    private final NwbSeries series;
    private final DatasetRows data;
    private final DatasetRows timestamps;
    private final int columns;
    private final double[] factors;
    private double offset;
    private long position;

    NwbSeriesReader(final NwbSeries series, final DatasetRows data, final DatasetRows timestamps) {
        this.series = series;
        this.data = data;
        this.timestamps = timestamps;
        this.columns = data.columns;
        this.factors = series.factors();
        this.offset = series.offset();
    }

    /** The series read. */
    public NwbSeries series() {
        return series;
    }

    /**
     * Delivers every value times {@code factor} from now on, computed with the series' own scaling
     * in double precision ({@code stored * (conversion * channel_conversion * factor) + offset *
     * factor}): {@code 1e6} turns volts into microvolts so exactly that a float32 stored in uV with
     * conversion 1e-6 comes back as the very float stored.
     *
     * @return this reader
     */
    public NwbSeriesReader scaledBy(final double factor) {
        for (int c = 0; c < factors.length; c++) {
            factors[c] *= factor;
        }
        offset *= factor;
        return this;
    }

    @Override
    public int channelCount() {
        return columns;
    }

    /** Samples per second; NaN for a series with timestamps (read the times with each block). */
    @Override
    public double sampleRate() {
        return series.rate();
    }

    /** The next sample (row) to read. */
    public long position() {
        return position;
    }

    /** Moves to a sample (row); the next read starts there. */
    public void seek(final long sample) {
        if (sample < 0 || sample > data.rows) {
            throw new IllegalArgumentException("sample " + sample + " outside 0.." + data.rows);
        }
        position = sample;
    }

    /**
     * Reads up to {@code maxSamples} samples of every column as float32 physical values.
     *
     * @return samples read, 0 at the end
     * @throws NwbTruncatedException when the data past this point lie beyond the end of the file
     */
    @Override
    public int read(final float[] dst, final int maxSamples) throws NwbFormatException {
        final int n = load(Math.min(maxSamples, dst.length / columns));
        if (n == 0) {
            return 0;
        }
        final ByteBuffer b = data.buffer();
        final int from = data.offset();
        final int values = n * columns;
        final double[] f = factors;
        final double add = offset;
        final int cols = columns;
        switch (data.type) {
            case INT16 -> {
                for (int i = 0, p = from; i < values; i += cols) {
                    for (int c = 0; c < cols; c++, p += 2) {
                        dst[i + c] = (float) (b.getShort(p) * f[c] + add);
                    }
                }
            }
            case FLOAT32 -> {
                for (int i = 0, p = from; i < values; i += cols) {
                    for (int c = 0; c < cols; c++, p += 4) {
                        dst[i + c] = (float) (b.getFloat(p) * f[c] + add);
                    }
                }
            }
            default -> {
                final ElementType type = data.type;
                final int size = type.size;
                for (int i = 0, p = from; i < values; i += cols) {
                    for (int c = 0; c < cols; c++, p += size) {
                        dst[i + c] = (float) (type.get(b, p) * f[c] + add);
                    }
                }
            }
        }
        position += n;
        return n;
    }

    /**
     * Reads up to {@code maxSamples} samples of every column as double physical values, and each
     * sample's time in seconds ({@code starting_time + i / rate}, or the timestamp).
     *
     * @param times one time per sample read, or null when not wanted
     * @return samples read, 0 at the end
     * @throws NwbTruncatedException when the data past this point lie beyond the end of the file
     */
    public int read(final double[] values, final double[] times, final int maxSamples)
            throws NwbFormatException {
        int max = Math.min(maxSamples, values.length / columns);
        if (times != null) {
            max = Math.min(max, times.length);
        }
        final long first = position;
        final int n = load(max);
        if (n == 0) {
            return 0;
        }
        final ByteBuffer b = data.buffer();
        final ElementType type = data.type;
        for (int i = 0, p = data.offset(); i < n * columns; i += columns) {
            for (int c = 0; c < columns; c++, p += type.size) {
                values[i + c] = type.get(b, p) * factors[c] + offset;
            }
        }
        if (times != null) {
            times(first, n, times);
        }
        position += n;
        return n;
    }

    private int load(final int max) throws NwbFormatException {
        if (position >= data.rows || max <= 0) {
            return 0;
        }
        return data.load(position, max);
    }

    private void times(final long first, final int n, final double[] times)
            throws NwbFormatException {
        if (timestamps == null) {
            final double start = series.startSeconds();
            final double rate = series.rate();
            for (int i = 0; i < n; i++) {
                times[i] = start + (first + i) / rate;
            }
            return;
        }
        int done = 0;
        while (done < n) {
            final int m = timestamps.load(first + done, n - done);
            final ByteBuffer b = timestamps.buffer();
            for (int i = 0, p = timestamps.offset(); i < m; i++, p += timestamps.type.size) {
                times[done + i] = timestamps.type.get(b, p);
            }
            done += m;
        }
    }

    /** Does nothing: the {@link NwbFile} holds the file. */
    @Override
    public void close() {}
}
