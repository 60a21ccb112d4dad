package org.neurostream.ingest.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A float32 or float64 array of any rank as NumPy stores it in a {@code .npy} file, held in memory
 * in C (row-major) order whatever the order of the file.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0, descr {@code '<f4'} or {@code '<f8'}
 * ({@code '|'} and {@code '='} byte-order marks are not written by NumPy for floats and are
 * refused), {@code fortran_order} True or False, and any shape whose element count fits in an
 * {@code int}; bytes after the data are ignored, as {@code numpy.load} does. Everything else
 * (big-endian, integer, complex or structured dtypes, object arrays, a truncated file) raises an
 * {@link NpyFormatException} naming the file and the problem. Writing produces version 1.0, C
 * order, little-endian, the header padded to a multiple of 64 bytes as NumPy does, so that {@code
 * numpy.load} reads the file back bit for bit.
 *
 * <p>Instances are immutable: factories and accessors copy.
 */
public final class NpyArray {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int HEADER_ALIGNMENT = 64;

    private final NpyDtype dtype;
    private final int[] shape;
    private final float[] floats;
    private final double[] doubles;

    private NpyArray(NpyDtype dtype, int[] shape, float[] floats, double[] doubles) {
        this.dtype = dtype;
        this.shape = shape;
        this.floats = floats;
        this.doubles = doubles;
    }

    /**
     * A float32 array.
     *
     * @param data the elements in C order (copied)
     * @param shape the dimensions, each &gt;= 0; none for a scalar
     * @throws IllegalArgumentException when the product of the dimensions is not data.length
     */
    public static NpyArray ofFloat32(float[] data, int... shape) {
        checkShape(shape, data.length);
        return new NpyArray(NpyDtype.FLOAT32, shape.clone(), data.clone(), null);
    }

    /**
     * A float64 array.
     *
     * @param data the elements in C order (copied)
     * @param shape the dimensions, each &gt;= 0; none for a scalar
     * @throws IllegalArgumentException when the product of the dimensions is not data.length
     */
    public static NpyArray ofFloat64(double[] data, int... shape) {
        checkShape(shape, data.length);
        return new NpyArray(NpyDtype.FLOAT64, shape.clone(), null, data.clone());
    }

    private static void checkShape(int[] shape, int length) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in "
                        + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " elements, data has " + length);
        }
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @param file the file
     * @return the array, in C order
     * @throws NpyFormatException when the file is not a supported {@code .npy} file
     * @throws IOException when the file cannot be read
     */
    public static NpyArray read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length + 4
                || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new NpyFormatException(file, "not a .npy file (no \\x93NUMPY magic string)");
        }
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        int headerStart;
        long headerLength;
        if (major == 1) {
            headerLength = in.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new NpyFormatException(file, "truncated header length");
            }
            headerLength = in.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new NpyFormatException(file, "format version " + major + "." + minor
                    + " not supported (1.0, 2.0 and 3.0 only)");
        }
        if (headerStart + headerLength > bytes.length) {
            throw new NpyFormatException(file, "truncated header: " + headerLength
                    + " bytes announced, " + (bytes.length - headerStart) + " present");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = new HeaderParser(file, header).parse();

        long size = 1;
        for (int d : h.shape) {
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new NpyFormatException(file, "shape " + Arrays.toString(h.shape)
                        + " has more than " + Integer.MAX_VALUE + " elements; not supported");
            }
        }
        long dataStart = headerStart + headerLength;
        long needed = size * h.dtype.itemSize();
        if (bytes.length - dataStart < needed) {
            throw new NpyFormatException(file, "truncated data: " + (bytes.length - dataStart)
                    + " bytes after the header, " + needed + " needed for shape "
                    + Arrays.toString(h.shape) + " of " + h.dtype.descr());
        }
        in.position((int) dataStart);
        int n = (int) size;
        if (h.dtype == NpyDtype.FLOAT32) {
            float[] fileOrder = new float[n];
            in.asFloatBuffer().get(fileOrder);
            float[] data = h.fortranOrder ? fortranToC(fileOrder, h.shape) : fileOrder;
            return new NpyArray(NpyDtype.FLOAT32, h.shape, data, null);
        }
        double[] fileOrder = new double[n];
        in.asDoubleBuffer().get(fileOrder);
        double[] data = h.fortranOrder ? fortranToC(fileOrder, h.shape) : fileOrder;
        return new NpyArray(NpyDtype.FLOAT64, h.shape, null, data);
    }

    private static float[] fortranToC(float[] f, int[] shape) {
        int[] source = cOrderSourceIndex(shape, f.length);
        float[] c = new float[f.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = f[source[i]];
        }
        return c;
    }

    private static double[] fortranToC(double[] f, int[] shape) {
        int[] source = cOrderSourceIndex(shape, f.length);
        double[] c = new double[f.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = f[source[i]];
        }
        return c;
    }

    /** For each C-order position, the position of the same element in Fortran order. */
    private static int[] cOrderSourceIndex(int[] shape, int size) {
        int rank = shape.length;
        int[] stride = new int[rank];
        int s = 1;
        for (int k = 0; k < rank; k++) {
            stride[k] = s;
            s *= shape[k];
        }
        int[] index = new int[rank];
        int[] source = new int[size];
        int offset = 0;
        for (int i = 0; i < size; i++) {
            source[i] = offset;
            for (int k = rank - 1; k >= 0; k--) {
                index[k]++;
                offset += stride[k];
                if (index[k] < shape[k]) {
                    break;
                }
                offset -= stride[k] * index[k];
                index[k] = 0;
            }
        }
        return source;
    }

    /**
     * Writes the array as a version 1.0 {@code .npy} file in C order.
     *
     * @param file the file, replaced if it exists
     * @throws IOException when the file cannot be written
     */
    public void write(Path file) throws IOException {
        StringBuilder dict = new StringBuilder("{'descr': '").append(dtype.descr())
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        dict.append(shape.length == 1 ? ",), }" : "), }");
        int unpadded = MAGIC.length + 4 + dict.length() + 1;
        int padding = (HEADER_ALIGNMENT - unpadded % HEADER_ALIGNMENT) % HEADER_ALIGNMENT;
        dict.append(" ".repeat(padding)).append('\n');
        byte[] header = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + header.length
                + size() * dtype.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        if (dtype == NpyDtype.FLOAT32) {
            out.asFloatBuffer().put(floats);
        } else {
            out.asDoubleBuffer().put(doubles);
        }
        Files.write(file, out.array());
    }

    /** Returns the element type. */
    public NpyDtype dtype() {
        return dtype;
    }

    /** Returns a copy of the dimensions (empty for a scalar). */
    public int[] shape() {
        return shape.clone();
    }

    /** Returns the number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /**
     * Returns one dimension.
     *
     * @param axis 0 &lt;= axis &lt; rank()
     */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Returns the number of elements. */
    public int size() {
        return dtype == NpyDtype.FLOAT32 ? floats.length : doubles.length;
    }

    /** Returns the elements in C order as floats (float64 values rounded to nearest). */
    public float[] toFloatArray() {
        if (dtype == NpyDtype.FLOAT32) {
            return floats.clone();
        }
        float[] out = new float[doubles.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) doubles[i];
        }
        return out;
    }

    /** Returns the elements in C order as doubles (float32 values exactly). */
    public double[] toDoubleArray() {
        if (dtype == NpyDtype.FLOAT64) {
            return doubles.clone();
        }
        double[] out = new double[floats.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype.descr() + " " + Arrays.toString(shape) + "]";
    }

    private static final class Header {
        NpyDtype dtype;
        boolean fortranOrder;
        int[] shape;
    }

    /** Parses the header, a Python dict literal with keys descr, fortran_order and shape. */
    private static final class HeaderParser {
        private final Path file;
        private final String text;
        private int pos;

        HeaderParser(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        Header parse() throws NpyFormatException {
            Header h = new Header();
            String descr = null;
            Boolean fortran = null;
            expect('{');
            while (!peek('}')) {
                String key = string();
                expect(':');
                switch (key) {
                    case "descr":
                        if (peek('[')) {
                            throw fail("structured dtype (a list descr) not supported; float32"
                                    + " '<f4' and float64 '<f8' only");
                        }
                        descr = string();
                        break;
                    case "fortran_order":
                        fortran = bool();
                        break;
                    case "shape":
                        h.shape = tuple();
                        break;
                    default:
                        throw fail("unexpected header key '" + key + "'");
                }
                if (!peek('}')) {
                    expect(',');
                }
            }
            if (descr == null || fortran == null || h.shape == null) {
                throw fail("header lacks " + (descr == null ? "'descr'"
                        : fortran == null ? "'fortran_order'" : "'shape'") + ": " + text.trim());
            }
            h.fortranOrder = fortran;
            h.dtype = dtype(descr);
            return h;
        }

        private NpyDtype dtype(String descr) throws NpyFormatException {
            for (NpyDtype t : NpyDtype.values()) {
                if (t.descr().equals(descr)) {
                    return t;
                }
            }
            if (descr.equals(">f4") || descr.equals(">f8")) {
                throw fail("big-endian dtype '" + descr + "' not supported; save it as '<"
                        + descr.substring(1) + "' (e.g. numpy: a.astype('<" + descr.substring(1)
                        + "'))");
            }
            throw fail("dtype '" + descr + "' not supported; float32 '<f4' and float64 '<f8' only");
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private boolean peek(char c) {
            skipSpace();
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c) throws NpyFormatException {
            if (!peek(c)) {
                throw fail("malformed header: expected '" + c + "' at character " + pos + " of "
                        + text.trim());
            }
            pos++;
        }

        private String string() throws NpyFormatException {
            skipSpace();
            if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
                throw fail("malformed header: expected a quoted string at character " + pos
                        + " of " + text.trim());
            }
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) {
                throw fail("malformed header: unterminated string");
            }
            String s = text.substring(pos, end);
            pos = end + 1;
            return s;
        }

        private boolean bool() throws NpyFormatException {
            skipSpace();
            if (text.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw fail("malformed header: fortran_order is neither True nor False");
        }

        private int[] tuple() throws NpyFormatException {
            expect('(');
            int[] dims = new int[0];
            while (!peek(')')) {
                int start = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                if (start == pos) {
                    throw fail("malformed header: shape is not a tuple of whole numbers: "
                            + text.trim());
                }
                long d = Long.parseLong(text.substring(start, Math.min(pos, start + 19)));
                if (pos - start > 18 || d > Integer.MAX_VALUE) {
                    throw fail("dimension " + text.substring(start, pos) + " too large; not"
                            + " supported");
                }
                if (pos < text.length() && text.charAt(pos) == 'L') {
                    pos++; // Python 2 long literal
                }
                dims = Arrays.copyOf(dims, dims.length + 1);
                dims[dims.length - 1] = (int) d;
                if (!peek(')')) {
                    expect(',');
                }
            }
            pos++;
            return dims;
        }

        private NpyFormatException fail(String reason) {
            return new NpyFormatException(file, reason);
        }
    }
}
