package org.neurostream.ingest.npy;

/**
 * The NumPy element types this package reads and writes: booleans, signed and unsigned integers of
 * 1 to 8 bytes, float32 and float64. Others (float16, complex, strings, objects, dates, structured
 * records) are refused by name, so that an error can say which dtype a file holds.
 */
public enum NpyDtype {
    BOOL('b', 1, "bool"),
    INT8('i', 1, "int8"),
    INT16('i', 2, "int16"),
    INT32('i', 4, "int32"),
    INT64('i', 8, "int64"),
    UINT8('u', 1, "uint8"),
    UINT16('u', 2, "uint16"),
    UINT32('u', 4, "uint32"),
    UINT64('u', 8, "uint64"),
    FLOAT32('f', 4, "float32"),
    FLOAT64('f', 8, "float64");

    /** The supported dtypes as NumPy names, for error messages. */
    public static final String SUPPORTED =
            "bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64";

    private final char kind;
    private final int size;
    private final String numpyName;

    NpyDtype(final char kind, final int size, final String numpyName) {
        this.kind = kind;
        this.size = size;
        this.numpyName = numpyName;
    }

    /** NumPy's kind character: 'b' boolean, 'i' signed, 'u' unsigned, 'f' floating point. */
    public char kind() {
        return kind;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Bytes per element (the same as {@link #size()}). */
    public int itemSize() {
        return size;
    }

    /** The little-endian NumPy descr of this dtype, e.g. "&lt;f4" ("|u1" for one-byte types). */
    public String descr() {
        return (size == 1 ? "|" : "<") + kind + size;
    }

    /** NumPy's name for this dtype, e.g. "float32". */
    public String numpyName() {
        return numpyName;
    }

    /** Whether the type is a floating-point type. */
    public boolean isFloatingPoint() {
        return kind == 'f';
    }

    /**
     * The dtype for a type code without its byte-order character ("f4", "i2", "b1"), or null when
     * this package does not support it.
     */
    public static NpyDtype fromTypeCode(final String code) {
        for (final NpyDtype t : values()) {
            if (code.length() >= 2
                    && code.charAt(0) == t.kind
                    && code.substring(1).equals(Integer.toString(t.size))) {
                return t;
            }
        }
        return null;
    }

    /**
     * NumPy's name for a type code this package does not support, as well as it can be named ("c16"
     * is complex128, "U8" a unicode string), for error messages.
     */
    static String describe(final String code) {
        if (code.isEmpty()) {
            return "empty type code";
        }
        final String size = code.substring(1);
        switch (code.charAt(0)) {
            case 'f':
                return "float" + bits(size);
            case 'c':
                return "complex" + bits(size);
            case 'U':
                return "unicode string";
            case 'S':
            case 'a':
                return "byte string";
            case 'O':
                return "Python objects";
            case 'M':
                return "datetime64";
            case 'm':
                return "timedelta64";
            case 'V':
                return "raw bytes (void)";
            default:
                return "unknown type";
        }
    }

    private static String bits(final String bytes) {
        try {
            return Integer.toString(8 * Integer.parseInt(bytes));
        } catch (final NumberFormatException e) {
            return "?";
        }
    }
}
