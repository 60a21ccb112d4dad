package org.neurostream.deploy.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a plain EDF file of seeded noise plus a 10 Hz rhythm, for benchmarks that need a long
 * recording of a given shape (the sample recordings are one to two minutes long).
 */
public final class SyntheticEdf {
    private SyntheticEdf() {}

    /** Writes {@code seconds} one-second records of {@code channels} channels at {@code fs} Hz. */
    public static void write(
            final Path file, final int channels, final int fs, final int seconds, final long seed)
            throws IOException {
        final SplittableRandom random = new SplittableRandom(seed);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(header(channels, fs, seconds));
            final ByteBuffer record =
                    ByteBuffer.allocate(channels * fs * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < seconds; r++) {
                record.clear();
                for (int c = 0; c < channels; c++) {
                    for (int i = 0; i < fs; i++) {
                        final double t = r + i / (double) fs;
                        final double uv =
                                20 * Math.sin(2 * Math.PI * 10 * t + c)
                                        + 10 * random.nextGaussian();
                        record.putShort(
                                (short) Math.max(-32768, Math.min(32767, Math.round(uv * 10))));
                    }
                }
                out.write(record.array());
            }
        }
    }

    private static byte[] header(final int channels, final int fs, final int seconds) {
        final StringBuilder h = new StringBuilder();
        field(h, "0", 8);
        field(h, "X X X X", 80);
        field(h, "Startdate 01-JAN-2026 X X neurostream-synthetic", 80);
        field(h, "01.01.26", 8);
        field(h, "00.00.00", 8);
        field(h, Integer.toString(256 * (channels + 1)), 8);
        field(h, "", 44);
        field(h, Integer.toString(seconds), 8);
        field(h, "1", 8);
        field(h, Integer.toString(channels), 4);
        for (int c = 0; c < channels; c++) field(h, String.format(Locale.ROOT, "CH%02d", c), 16);
        for (int c = 0; c < channels; c++) field(h, "", 80);
        for (int c = 0; c < channels; c++) field(h, "uV", 8);
        for (int c = 0; c < channels; c++) field(h, "-3276.8", 8);
        for (int c = 0; c < channels; c++) field(h, "3276.7", 8);
        for (int c = 0; c < channels; c++) field(h, "-32768", 8);
        for (int c = 0; c < channels; c++) field(h, "32767", 8);
        for (int c = 0; c < channels; c++) field(h, "", 80);
        for (int c = 0; c < channels; c++) field(h, Integer.toString(fs), 8);
        for (int c = 0; c < channels; c++) field(h, "", 32);
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void field(final StringBuilder h, final String value, final int width) {
        h.append(value);
        for (int i = value.length(); i < width; i++) {
            h.append(' ');
        }
    }
}
