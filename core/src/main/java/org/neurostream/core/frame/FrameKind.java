package org.neurostream.core.frame;

/** What a frame carries; the code is the byte stored in the header. */
public enum FrameKind {
    /** A dense float32 block, samples x channels. */
    SAMPLES(1),
    /** Packed events: time offset, address or x/y, polarity, amplitude. */
    EVENTS(2);

    private static final FrameKind[] BY_CODE = {null, SAMPLES, EVENTS};

    private final byte code;

    FrameKind(final int code) {
        this.code = (byte) code;
    }

    /** The header byte of this kind. */
    public byte code() {
        return code;
    }

    /** The kind with this header byte, or null when the byte names none. */
    public static FrameKind fromCode(final int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
