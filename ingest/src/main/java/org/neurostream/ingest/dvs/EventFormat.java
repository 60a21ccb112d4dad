package org.neurostream.ingest.dvs;

/** The event-camera file formats {@link EventFileReader#open} recognises. */
public enum EventFormat {
    /** Prophesee RAW, EVT 2.0 encoding (32-bit words). */
    EVT2("Prophesee RAW EVT 2.0"),
    /** Prophesee RAW, EVT 3.0 encoding (16-bit stateful words). */
    EVT3("Prophesee RAW EVT 3.0"),
    /** Prophesee DAT v2 (8-byte time/address records after a text header). */
    DAT("Prophesee DAT"),
    /** iniVation AEDAT 4.0 (FlatBuffer packets, optionally LZ4 or zstd compressed). */
    AEDAT4("AEDAT 4.0"),
    /** N-MNIST / N-Caltech101 .bin (5-byte records, Orchard et al. 2015). */
    NMNIST("N-MNIST .bin");

    private final String description;

    EventFormat(final String description) {
        this.description = description;
    }

    /** A human-readable name, e.g. "Prophesee RAW EVT 3.0". */
    public String description() {
        return description;
    }
}
