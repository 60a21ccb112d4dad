package org.neurostream.ingest.dvs;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes camera events as a Prophesee RAW EVT 2.0 file that {@link EventFileReader} (and openeb)
 * decodes back to the same events: a {@code %} text header ({@code % evt 2.0}, {@code % format
 * EVT2;height=H;width=W}, {@code % geometry WxH}, {@code % end}), then little-endian 32-bit words:
 * an EVT_TIME_HIGH word whenever bits 33..6 of the time change (and before the first event), and
 * one CD_OFF / CD_ON word per event carrying the 6 low time bits, x and y (see {@link
 * Evt2Decoder}).
 *
 * <p>Events must come in non-decreasing time, 0 &lt;= t &lt; 2^34 us (the format's time range
 * before its base loops), 0 &lt;= x &lt; W, 0 &lt;= y &lt; H, W and H at most 2048.
 */
public final class Evt2Writer implements Closeable {
    private static final long MAX_TIME_US = 1L << 34;

    private final OutputStream out;
    private final int width;
    private final int height;
    private final byte[] word = new byte[4];
    private long lastTime = -1;
    private long timeHigh = -1;
    private long events;

    /**
     * Writes the header and returns a writer for the data.
     *
     * @param out where the file goes; closed by {@link #close()}
     * @param width sensor width W, 1..2048
     * @param height sensor height H, 1..2048
     * @param comment header lines to add (each written as {@code % line}), none for none
     * @throws IOException when writing fails
     */
    public Evt2Writer(
            final OutputStream out, final int width, final int height, final String... comment)
            throws IOException {
        if (width < 1 || width > 2048 || height < 1 || height > 2048) {
            throw new IllegalArgumentException(
                    "EVT 2.0 holds sensors up to 2048x2048, not " + width + "x" + height);
        }
        this.out = out;
        this.width = width;
        this.height = height;
        final StringBuilder header = new StringBuilder();
        header.append("% evt 2.0\n");
        header.append("% format EVT2;height=")
                .append(height)
                .append(";width=")
                .append(width)
                .append('\n');
        header.append("% geometry ").append(width).append('x').append(height).append('\n');
        for (final String line : comment) {
            header.append("% ").append(line.replace('\n', ' ')).append('\n');
        }
        header.append("% end\n");
        out.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Writes one event.
     *
     * @param timeUs time in microseconds, not before the previous event's
     * @param x column, 0..W-1
     * @param y row, 0..H-1
     * @param polarity 1 ON, 0 OFF
     * @throws IllegalArgumentException when the event breaks the rules of the class
     * @throws IOException when writing fails
     */
    public void write(final long timeUs, final int x, final int y, final int polarity)
            throws IOException {
        if (timeUs < lastTime || timeUs < 0 || timeUs >= MAX_TIME_US) {
            throw new IllegalArgumentException(
                    "event time "
                            + timeUs
                            + " us is before the"
                            + " previous event's ("
                            + lastTime
                            + ") or outside 0..2^34");
        }
        if (x < 0 || x >= width || y < 0 || y >= height || (polarity & ~1) != 0) {
            throw new IllegalArgumentException(
                    "event ("
                            + x
                            + ", "
                            + y
                            + ", p="
                            + polarity
                            + ") outside a "
                            + width
                            + "x"
                            + height
                            + " sensor");
        }
        final long high = timeUs >>> 6;
        if (high != timeHigh) {
            putWord(0x8L << 28 | high);
            timeHigh = high;
        }
        putWord((long) polarity << 28 | (timeUs & 0x3F) << 22 | (long) x << 11 | y);
        lastTime = timeUs;
        events++;
    }

    /** Writes events {@code [0, batch.size())} of a batch, in order. */
    public void write(final EventBatch batch) throws IOException {
        for (int i = 0; i < batch.size; i++) {
            write(batch.t[i], batch.x[i], batch.y[i], batch.p[i]);
        }
    }

    /** Events written so far. */
    public long eventCount() {
        return events;
    }

    private void putWord(final long w) throws IOException {
        word[0] = (byte) w;
        word[1] = (byte) (w >>> 8);
        word[2] = (byte) (w >>> 16);
        word[3] = (byte) (w >>> 24);
        out.write(word);
    }

    /** Closes the stream. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
