package org.neurostream.ingest.npy;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a {@code .npy} file (format versions 1.0, 2.0 and 3.0): element type, byte order,
 * memory order and shape, and where the data start.
 *
 * <p>The header is a Python dict literal, e.g. {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (219, 2000), }}; it is parsed as such (strings, booleans, integers, tuples and lists),
 * not matched by pattern, so that key order and spacing do not matter.
 */
public final class NpyHeader {
    /** The six magic bytes every {@code .npy} file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private final String descr;
    private final NpyDtype dtype;
    private final ByteOrder byteOrder;
    private final boolean fortranOrder;
    private final long[] shape;
    private final long size;
    private final long dataOffset;
    private final int majorVersion;

    NpyHeader(
            final String descr,
            final NpyDtype dtype,
            final ByteOrder byteOrder,
            final boolean fortranOrder,
            final long[] shape,
            final long size,
            final long dataOffset,
            final int majorVersion) {
        this.descr = descr;
        this.dtype = dtype;
        this.byteOrder = byteOrder;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
        this.size = size;
        this.dataOffset = dataOffset;
        this.majorVersion = majorVersion;
    }

    /** The dtype string as written in the file, e.g. "&lt;f4". */
    public String descr() {
        return descr;
    }

    /** The element type. */
    public NpyDtype dtype() {
        return dtype;
    }

    /** Byte order of the elements (irrelevant, and little-endian, for 1-byte types). */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** True when the data are stored column-major (first axis fastest). */
    public boolean fortranOrder() {
        return fortranOrder;
    }

    /** The shape, a copy; empty for a 0-d array. */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of axes. */
    public int rank() {
        return shape.length;
    }

    /** Length of one axis. */
    public long dim(final int axis) {
        return shape[axis];
    }

    /** Number of elements: the product of the shape (1 for a 0-d array). */
    public long size() {
        return size;
    }

    /** Bytes of data the shape and dtype need. */
    public long dataLength() {
        return size * dtype.size();
    }

    /** Offset of the first data byte from the start of the file. */
    public long dataOffset() {
        return dataOffset;
    }

    /** Format major version: 1, 2 or 3. */
    public int majorVersion() {
        return majorVersion;
    }

    /** The shape as NumPy prints it: "(219, 2000)", "(5,)", "()". */
    public String shapeText() {
        return shapeText(shape);
    }

    static String shapeText(final long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        final StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(')').toString();
    }

    @Override
    public String toString() {
        return "NpyHeader{descr="
                + descr
                + ", fortranOrder="
                + fortranOrder
                + ", shape="
                + shapeText()
                + ", dataOffset="
                + dataOffset
                + ", version="
                + majorVersion
                + "}";
    }

    /**
     * Parses the fixed preamble and the dict of a header.
     *
     * @param file for error messages
     * @param head the first bytes of the file: at least the preamble and the whole dict
     * @param available how many bytes of {@code head} are valid
     * @return the header, or null when {@code head} is too short to hold it (read more and retry)
     * @throws NpyFormatException when the bytes are not a supported {@code .npy} header
     */
    static NpyHeader parse(final Path file, final byte[] head, final int available)
            throws NpyFormatException {
        if (available < 10) {
            if (available < MAGIC.length
                    || !Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC)) {
                throw new NpyFormatException(
                        file, "not a .npy file (too short for the magic string)");
            }
            return null;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (head[i] != MAGIC[i]) {
                throw new NpyFormatException(file, "not a .npy file (no \\x93NUMPY magic string)");
            }
        }
        final int major = head[6] & 0xFF;
        final int lengthBytes;
        if (major == 1) {
            lengthBytes = 2;
        } else if (major == 2 || major == 3) {
            lengthBytes = 4;
        } else {
            throw new NpyFormatException(
                    file,
                    "unsupported .npy format version "
                            + major
                            + "."
                            + (head[7] & 0xFF)
                            + " (supported: 1.0, 2.0, 3.0)");
        }
        if (available < 8 + lengthBytes) {
            return null;
        }
        long headerLength = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (head[8 + i] & 0xFF);
        }
        final long dataOffset = 8 + lengthBytes + headerLength;
        if (headerLength > NpyReader.MAX_HEADER_LENGTH) {
            throw new NpyFormatException(
                    file, "header length " + headerLength + " bytes is implausible");
        }
        if (available < dataOffset) {
            return null;
        }
        final String text =
                new String(
                        head,
                        8 + lengthBytes,
                        (int) headerLength,
                        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        final Object parsed;
        try {
            parsed = new Literal(text).parseAll();
        } catch (final IllegalArgumentException e) {
            throw new NpyFormatException(
                    file, "header is not a Python dict literal: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new NpyFormatException(file, "header is not a Python dict literal");
        }
        final Map<?, ?> dict = (Map<?, ?>) parsed;
        final Object descrValue = dict.get("descr");
        final Object fortranValue = dict.get("fortran_order");
        final Object shapeValue = dict.get("shape");
        if (descrValue == null || fortranValue == null || shapeValue == null) {
            throw new NpyFormatException(
                    file, "header lacks one of 'descr', 'fortran_order', 'shape': " + text.strip());
        }
        if (!(descrValue instanceof String)) {
            throw new NpyFormatException(
                    file,
                    "unsupported dtype "
                            + Literal.repr(descrValue)
                            + " (structured record type); supported: "
                            + NpyDtype.SUPPORTED);
        }
        final String descr = (String) descrValue;
        if (!(fortranValue instanceof Boolean)) {
            throw new NpyFormatException(file, "header 'fortran_order' is not True or False");
        }
        if (!(shapeValue instanceof List)) {
            throw new NpyFormatException(file, "header 'shape' is not a tuple");
        }
        final List<?> shapeList = (List<?>) shapeValue;
        final long[] shape = new long[shapeList.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            final Object d = shapeList.get(i);
            if (!(d instanceof Long) || (Long) d < 0) {
                throw new NpyFormatException(
                        file, "header 'shape' holds " + Literal.repr(d) + ", not a length");
            }
            shape[i] = (Long) d;
            try {
                size = Math.multiplyExact(size, shape[i]);
            } catch (final ArithmeticException e) {
                throw new NpyFormatException(file, "shape " + shapeText(shape) + " overflows");
            }
        }
        final ByteOrder order;
        final String code;
        final char first = descr.isEmpty() ? ' ' : descr.charAt(0);
        if (first == '<' || first == '|' || first == '=') {
            order = first == '=' ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
            code = descr.substring(1);
        } else if (first == '>') {
            order = ByteOrder.BIG_ENDIAN;
            code = descr.substring(1);
        } else {
            order = ByteOrder.nativeOrder();
            code = descr;
        }
        final NpyDtype dtype = NpyDtype.fromTypeCode(code);
        if (dtype == null) {
            throw new NpyFormatException(
                    file,
                    "unsupported dtype '"
                            + descr
                            + "' ("
                            + NpyDtype.describe(code)
                            + "); supported: "
                            + NpyDtype.SUPPORTED);
        }
        try {
            Math.multiplyExact(size, dtype.size());
        } catch (final ArithmeticException e) {
            throw new NpyFormatException(file, "shape " + shapeText(shape) + " overflows");
        }
        return new NpyHeader(
                descr, dtype, order, (Boolean) fortranValue, shape, size, dataOffset, major);
    }

    /** A recursive-descent parser for the Python literals a header may hold. */
    private static final class Literal {
        private final String s;
        private int i;

        Literal(final String s) {
            this.s = s;
        }

        Object parseAll() {
            final Object v = value();
            skipBlanks();
            if (i != s.length()) {
                throw new IllegalArgumentException(
                        "unexpected '" + s.charAt(i) + "' at character " + i);
            }
            return v;
        }

        private Object value() {
            skipBlanks();
            if (i >= s.length()) {
                throw new IllegalArgumentException("ends early");
            }
            final char c = s.charAt(i);
            if (c == '{') {
                return dict();
            }
            if (c == '(' || c == '[') {
                return sequence(c == '(' ? ')' : ']');
            }
            if (c == '\'' || c == '"') {
                return string(c);
            }
            if (c == '-' || c == '+' || Character.isDigit(c)) {
                return integer();
            }
            final int start = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            final String word = s.substring(start, i);
            switch (word) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return "None";
                default:
                    throw new IllegalArgumentException(
                            "unexpected '"
                                    + (word.isEmpty() ? String.valueOf(c) : word)
                                    + "' at character "
                                    + start);
            }
        }

        private Map<Object, Object> dict() {
            final Map<Object, Object> map = new LinkedHashMap<>();
            i++;
            while (true) {
                skipBlanks();
                if (peek() == '}') {
                    i++;
                    return map;
                }
                final Object key = value();
                skipBlanks();
                expect(':');
                map.put(key, value());
                skipBlanks();
                if (peek() == ',') {
                    i++;
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' at character " + i);
                }
            }
        }

        private List<Object> sequence(final char close) {
            final List<Object> list = new ArrayList<>();
            i++;
            while (true) {
                skipBlanks();
                if (peek() == close) {
                    i++;
                    return list;
                }
                list.add(value());
                skipBlanks();
                if (peek() == ',') {
                    i++;
                } else if (peek() != close) {
                    throw new IllegalArgumentException(
                            "expected ',' or '" + close + "' at character " + i);
                }
            }
        }

        private String string(final char quote) {
            final StringBuilder b = new StringBuilder();
            i++;
            while (i < s.length() && s.charAt(i) != quote) {
                if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                    i++;
                }
                b.append(s.charAt(i++));
            }
            expect(quote);
            return b.toString();
        }

        private Long integer() {
            final int start = i;
            if (s.charAt(i) == '-' || s.charAt(i) == '+') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            // Python 2 era writers could append L to long integers
            final String digits = s.substring(start, i);
            if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) {
                i++;
            }
            try {
                return Long.parseLong(digits);
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException(
                        "bad integer '" + digits + "' at character " + start);
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("ends early");
            }
            return s.charAt(i);
        }

        private void expect(final char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at character " + i);
            }
            i++;
        }

        private void skipBlanks() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        static String repr(final Object v) {
            if (v instanceof String) {
                return "'" + v + "'";
            }
            if (v instanceof List) {
                final StringBuilder b = new StringBuilder("[");
                for (final Object o : (List<?>) v) {
                    b.append(b.length() > 1 ? ", " : "").append(repr(o));
                }
                return b.append(']').toString();
            }
            return String.valueOf(v);
        }
    }
}
