package org.neurostream.ingest.calcium;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.neurostream.ingest.npy.NpyArray;
import org.neurostream.ingest.npy.NpyReader;

/**
 * Reads fluorescence traces (raw F, neuropil, or dF/F) from a NumPy {@code .npy} file or a
 * delimited text file, in the layout {@link TraceFileOptions} describes.
 *
 * <p>The format is told by content: a file that starts with NumPy's magic string is {@code .npy}
 * (any dtype {@link NpyReader} reads; a 2-d array, or a 1-d array for one ROI), anything else is
 * delimited text. Text: one record per line, blank lines skipped, an empty field or {@code nan}
 * reads as NaN and {@code inf}/{@code -inf}/{@code Infinity} as infinities (Python and NumPy write
 * these); every data line must hold as many fields as the first one. Values are kept as float32;
 * non-finite values are kept, for the operators to flag.
 *
 * <p>Errors are {@link TraceFormatException}s (a ragged or non-numeric line names the line and the
 * field) or {@link org.neurostream.ingest.npy.NpyFormatException}s (naming, for instance, an
 * unsupported dtype).
 */
public final class CalciumTraceReader {
    private CalciumTraceReader() {}

    /**
     * Reads the neuropil traces of {@code f} from {@code file}.
     *
     * @throws IllegalArgumentException when they do not hold as many ROIs and frames as {@code f}
     * @throws TraceFormatException as {@link #read} does
     */
    public static CalciumTraces readNeuropil(
            final Path file, final CalciumTraces f, final TraceFileOptions options)
            throws IOException {
        final CalciumTraces neuropil = read(file, options);
        if (neuropil.roiCount() != f.roiCount() || neuropil.frameCount() != f.frameCount()) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "%s holds %d ROIs x %d frames, %s holds %d x %d: they must match",
                            file,
                            neuropil.roiCount(),
                            neuropil.frameCount(),
                            f.source(),
                            f.roiCount(),
                            f.frameCount()));
        }
        return neuropil;
    }

    /**
     * Reads a whole trace file.
     *
     * @throws TraceFormatException when a CSV line is ragged or not numeric, or the file holds no
     *     ROI or no frame, or an array is not 1-d or 2-d
     * @throws org.neurostream.ingest.npy.NpyFormatException when an {@code .npy} file is unreadable
     * @throws IOException when the file cannot be read
     */
    public static CalciumTraces read(final Path file, final TraceFileOptions options)
            throws IOException {
        return isNpy(file) ? readNpy(file, options) : readText(file, options);
    }

    /** Whether the file starts with NumPy's magic string. */
    public static boolean isNpy(final Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            final byte[] head = in.readNBytes(6);
            return head.length == 6
                    && (head[0] & 0xFF) == 0x93
                    && head[1] == 'N'
                    && head[2] == 'U'
                    && head[3] == 'M'
                    && head[4] == 'P'
                    && head[5] == 'Y';
        }
    }

    private static CalciumTraces readNpy(final Path file, final TraceFileOptions options)
            throws IOException {
        final NpyArray array = NpyReader.read(file);
        final long rows;
        final long cols;
        if (array.rank() == 1) {
            rows = options.framesAsRows() ? array.dim(0) : 1;
            cols = options.framesAsRows() ? 1 : array.dim(0);
        } else if (array.rank() == 2) {
            rows = array.dim(0);
            cols = array.dim(1);
        } else {
            throw new TraceFormatException(
                    file,
                    0,
                    "array of shape "
                            + array.header().shapeText()
                            + " is not 2-d ("
                            + (options.framesAsRows() ? "frames x ROIs" : "ROIs x frames")
                            + ")");
        }
        final long rois = options.framesAsRows() ? cols : rows;
        final long frames = options.framesAsRows() ? rows : cols;
        checkSize(file, rois, frames, array.header().shapeText());
        final float[] values = array.toFloatArray();
        return new CalciumTraces(
                file,
                (int) rois,
                (int) frames,
                options.framesAsRows() ? values : transpose(values, (int) rows, (int) cols),
                defaultLabels((int) rois));
    }

    private static CalciumTraces readText(final Path file, final TraceFileOptions options)
            throws IOException {
        final char delimiter = options.delimiter();
        float[] values = new float[1 << 16];
        int count = 0;
        int rows = 0;
        int width = -1;
        long firstDataLine = 0;
        List<String> header = null;
        final List<String> fields = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                split(line, delimiter, fields);
                if (options.header() && header == null) {
                    header = new ArrayList<>(fields);
                    continue;
                }
                if (width < 0) {
                    width = fields.size();
                    firstDataLine = lineNumber;
                } else if (fields.size() != width) {
                    throw new TraceFormatException(
                            file,
                            lineNumber,
                            "has "
                                    + fields.size()
                                    + " values where line "
                                    + firstDataLine
                                    + " has "
                                    + width);
                }
                if (count + width > values.length) {
                    if ((long) count + width > Integer.MAX_VALUE - 8) {
                        throw new TraceFormatException(
                                file, lineNumber, "more values than fit in memory");
                    }
                    values =
                            Arrays.copyOf(
                                    values,
                                    (int)
                                            Math.min(
                                                    Integer.MAX_VALUE - 8,
                                                    Math.max(
                                                            (long) values.length * 2,
                                                            (long) count + width)));
                }
                for (int k = 0; k < width; k++) {
                    values[count++] = parse(fields.get(k), file, lineNumber, k);
                }
                rows++;
            }
        }
        if (width < 0) {
            throw new TraceFormatException(file, 0, "holds no data lines");
        }
        final int rois = options.framesAsRows() ? width : rows;
        final int frames = options.framesAsRows() ? rows : width;
        checkSize(file, rois, frames, rows + " lines x " + width + " values");
        final float[] data = Arrays.copyOf(values, count);
        List<String> labels = defaultLabels(rois);
        if (options.framesAsRows() && header != null) {
            if (header.size() != width) {
                throw new TraceFormatException(
                        file,
                        1,
                        "header has "
                                + header.size()
                                + " names where the data lines have "
                                + width
                                + " values");
            }
            labels = header;
        }
        return new CalciumTraces(
                file,
                rois,
                frames,
                options.framesAsRows() ? data : transpose(data, rows, width),
                labels);
    }

    private static void checkSize(
            final Path file, final long rois, final long frames, final String shape)
            throws TraceFormatException {
        if (rois == 0 || frames == 0) {
            throw new TraceFormatException(
                    file, 0, "holds no " + (rois == 0 ? "ROI" : "frame") + " (" + shape + ")");
        }
        if (rois * frames > Integer.MAX_VALUE - 8) {
            throw new TraceFormatException(
                    file, 0, rois + " ROIs x " + frames + " frames is more than fits in memory");
        }
    }

    /** Splits at the delimiter, or at runs of spaces and tabs when the delimiter is a space. */
    private static void split(final String line, final char delimiter, final List<String> out) {
        out.clear();
        final int n = line.length();
        if (delimiter == ' ') {
            int i = 0;
            while (true) {
                while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                    i++;
                }
                if (i >= n) {
                    return;
                }
                final int start = i;
                while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                    i++;
                }
                out.add(line.substring(start, i));
            }
        }
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (line.charAt(i) == delimiter) {
                out.add(line.substring(start, i));
                start = i + 1;
            }
        }
        out.add(line.substring(start));
    }

    private static float parse(
            final String field, final Path file, final long line, final int index)
            throws TraceFormatException {
        final String s = field.strip();
        if (s.isEmpty()) {
            return Float.NaN;
        }
        final char c = s.charAt(0);
        if (c == 'n'
                || c == 'N'
                || c == 'i'
                || c == 'I'
                || ((c == '-' || c == '+') && s.length() > 1 && Character.isLetter(s.charAt(1)))) {
            final String word = s.toLowerCase(java.util.Locale.ROOT);
            switch (word) {
                case "nan":
                case "-nan":
                case "+nan":
                    return Float.NaN;
                case "inf":
                case "+inf":
                case "infinity":
                case "+infinity":
                    return Float.POSITIVE_INFINITY;
                case "-inf":
                case "-infinity":
                    return Float.NEGATIVE_INFINITY;
                default:
                    break;
            }
        } else {
            try {
                return Float.parseFloat(s);
            } catch (final NumberFormatException e) {
                // reported below
            }
        }
        throw new TraceFormatException(
                file, line, "field " + (index + 1) + ": '" + s + "' is not a number");
    }

    private static float[] transpose(final float[] rowMajor, final int rows, final int cols) {
        final float[] out = new float[rowMajor.length];
        for (int r = 0; r < rows; r++) {
            final int base = r * cols;
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = rowMajor[base + c];
            }
        }
        return out;
    }

    private static List<String> defaultLabels(final int rois) {
        final List<String> labels = new ArrayList<>(rois);
        for (int i = 0; i < rois; i++) {
            labels.add("roi" + i);
        }
        return labels;
    }
}
