package org.neurostream.ingest.npy;

/** The element types this package reads and writes: IEEE floats, little-endian. */
public enum NpyDtype {
    /** 32-bit float, NumPy descr {@code '<f4'}. */
    FLOAT32("<f4", 4),
    /** 64-bit float, NumPy descr {@code '<f8'}. */
    FLOAT64("<f8", 8);

    private final String descr;
    private final int itemSize;

    NpyDtype(String descr, int itemSize) {
        this.descr = descr;
        this.itemSize = itemSize;
    }

    /** Returns the NumPy type string written in the header, e.g. {@code <f4}. */
    public String descr() {
        return descr;
    }

    /** Returns the bytes per element. */
    public int itemSize() {
        return itemSize;
    }
}
