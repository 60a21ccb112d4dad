package org.neurostream.ingest.dvs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The {@code %} text header of a Prophesee RAW or DAT file: its lines, where the data starts, the
 * encoding and the sensor size.
 *
 * <p>The header is the run of lines that start with {@code %} at the start of the file; it ends at
 * the first byte that is not {@code %}, or after a {@code % end} line (newer files; the data after
 * it may start with the byte {@code %}). Geometry comes from, in order: {@code % geometry WxH},
 * {@code % format ...;height=H;width=W}, {@code % Width W} with {@code % Height H}, or the plugin
 * name ({@code hal_plugin_gen3_fx3} is 640x480, {@code hal_plugin_gen41_evk3} 1280x720); without
 * any of them width and height are 0 (unknown).
 */
public final class PropheseeHeader {
    private final List<String> lines;
    private final int length;
    private final boolean complete;
    private final String encoding;
    private final int width;
    private final int height;

    private PropheseeHeader(
            final List<String> lines,
            final int length,
            final boolean complete,
            final String encoding,
            final int width,
            final int height) {
        this.lines = lines;
        this.length = length;
        this.complete = complete;
        this.encoding = encoding;
        this.width = width;
        this.height = height;
    }

    /**
     * Parses the header at the start of {@code bytes[0, available)}.
     *
     * @param bytes the first bytes of the file
     * @param available how many of them are valid
     * @param endOfFile whether these are all the bytes of the file
     * @return the header; {@link #complete()} is false when a line ran past {@code available}
     *     before the end of the file (read more and parse again)
     */
    public static PropheseeHeader parse(
            final byte[] bytes, final int available, final boolean endOfFile) {
        final List<String> lines = new ArrayList<>();
        int at = 0;
        boolean complete = true;
        while (at < available && bytes[at] == '%') {
            int eol = at;
            while (eol < available && bytes[eol] != '\n') {
                eol++;
            }
            if (eol == available && !endOfFile) {
                complete = false;
                break;
            }
            int stop = eol;
            if (stop > at && bytes[stop - 1] == '\r') {
                stop--;
            }
            final String line = new String(bytes, at, stop - at, StandardCharsets.ISO_8859_1);
            lines.add(line);
            at = Math.min(eol + 1, available);
            if (line.strip().equals("% end")) {
                break;
            }
        }
        String encoding = null;
        int[] geometry = null;
        int[] format = null;
        int keyWidth = 0;
        int keyHeight = 0;
        int[] plugin = null;
        for (final String line : lines) {
            final String body = line.substring(1).strip();
            final String lower = body.toLowerCase(Locale.ROOT);
            if (lower.startsWith("evt ")) {
                encoding = "EVT" + body.substring(4).strip();
            } else if (lower.startsWith("format ")) {
                final String[] parts = body.substring(7).strip().split(";");
                encoding = parts[0].strip().toUpperCase(Locale.ROOT);
                int w = 0;
                int h = 0;
                for (int k = 1; k < parts.length; k++) {
                    final String[] kv = parts[k].split("=", 2);
                    if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("width")) {
                        w = positiveInt(kv[1]);
                    } else if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("height")) {
                        h = positiveInt(kv[1]);
                    }
                }
                if (w > 0 && h > 0) {
                    format = new int[] {w, h};
                }
            } else if (lower.startsWith("geometry ")) {
                final String[] wh = body.substring(9).strip().split("x");
                if (wh.length == 2 && positiveInt(wh[0]) > 0 && positiveInt(wh[1]) > 0) {
                    geometry = new int[] {positiveInt(wh[0]), positiveInt(wh[1])};
                }
            } else if (lower.startsWith("width ")) {
                keyWidth = positiveInt(body.substring(6));
            } else if (lower.startsWith("height ")) {
                keyHeight = positiveInt(body.substring(7));
            } else if (lower.startsWith("plugin_name ")) {
                plugin = pluginGeometry(body.substring(12).strip());
            }
        }
        int[] size = geometry != null ? geometry : format;
        if (size == null && keyWidth > 0 && keyHeight > 0) {
            size = new int[] {keyWidth, keyHeight};
        }
        if (size == null) {
            size = plugin;
        }
        return new PropheseeHeader(
                Collections.unmodifiableList(lines),
                at,
                complete,
                encoding,
                size == null ? 0 : size[0],
                size == null ? 0 : size[1]);
    }

    /** Sensor size of the HAL plugins whose files carry no geometry line, or null. */
    private static int[] pluginGeometry(final String plugin) {
        switch (plugin) {
            case "hal_plugin_gen3_fx3":
                return new int[] {640, 480};
            case "hal_plugin_gen41_evk3":
                return new int[] {1280, 720};
            default:
                return null;
        }
    }

    private static int positiveInt(final String text) {
        try {
            return Math.max(0, Integer.parseInt(text.strip()));
        } catch (final NumberFormatException e) {
            return 0;
        }
    }

    /** The header lines, without line ends, in file order. */
    public List<String> lines() {
        return lines;
    }

    /** Header length in bytes: the data starts at this offset. */
    public int length() {
        return length;
    }

    /** False when the bytes given ended inside a header line before the end of the file. */
    public boolean complete() {
        return complete;
    }

    /**
     * The encoding named by {@code % evt X} or {@code % format X;...}, as "EVT2.0", "EVT3.0",
     * "EVT3", "EVT21", ...; null when the header names none (DAT files, for example).
     */
    public String encoding() {
        return encoding;
    }

    /** The encoding as a format this package decodes, or null when it names another one. */
    public EventFormat rawFormat() {
        if (encoding == null) {
            return null;
        }
        switch (encoding) {
            case "EVT2.0":
            case "EVT2":
                return EventFormat.EVT2;
            case "EVT3.0":
            case "EVT3":
                return EventFormat.EVT3;
            default:
                return null;
        }
    }

    /** Sensor width in pixels, or 0 when the header does not say. */
    public int width() {
        return width;
    }

    /** Sensor height in pixels, or 0 when the header does not say. */
    public int height() {
        return height;
    }
}
