package org.neurostream.ingest.lsl;

/** The value formats of LSL channels, with their names in the stream info and sizes on the wire. */
public enum ChannelFormat {
    FLOAT32("float32", 4),
    DOUBLE64("double64", 8),
    STRING("string", 0),
    INT32("int32", 4),
    INT16("int16", 2),
    INT8("int8", 1),
    INT64("int64", 8);

    private final String xmlName;
    private final int bytes;

    ChannelFormat(final String xmlName, final int bytes) {
        this.xmlName = xmlName;
        this.bytes = bytes;
    }

    /** The name in {@code <channel_format>}, e.g. "float32". */
    public String xmlName() {
        return xmlName;
    }

    /** Bytes per value on the wire; 0 for strings (length-prefixed). */
    public int bytes() {
        return bytes;
    }

    /** Whether values are IEEE-754 floating point. */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == DOUBLE64;
    }

    /** The format named {@code name} in a stream info, or null when it names none. */
    public static ChannelFormat fromXmlName(final String name) {
        for (final ChannelFormat f : values()) {
            if (f.xmlName.equals(name)) {
                return f;
            }
        }
        return null;
    }
}
