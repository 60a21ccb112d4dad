package org.neurostream.operators.compute;

import java.util.Locale;

/**
 * Which compute backend a hot path should run on: {@code auto} takes an OpenCL GPU device when one
 * exists and the plain-Java path otherwise; {@code cpu} always runs plain Java; {@code opencl}
 * takes an OpenCL device of any type (a GPU first), for example PoCL's CPU device.
 */
public enum BackendKind {
    /** An OpenCL GPU device when one exists, else the CPU path. */
    AUTO,
    /** The plain-Java path. */
    CPU,
    /** An OpenCL device (GPU first, then accelerators, then CPU devices). */
    OPENCL;

    /** The lower-case name used in options and logs: auto, cpu, opencl. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a label (case-insensitive, blanks trimmed).
     *
     * @throws IllegalArgumentException naming the accepted values when the text matches none
     */
    public static BackendKind parse(final String text) {
        for (final BackendKind k : values()) {
            if (k.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "unknown compute backend '" + text + "': expected auto, cpu or opencl");
    }
}
