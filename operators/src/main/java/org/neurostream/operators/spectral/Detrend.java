package org.neurostream.operators.spectral;

import java.util.Locale;

/**
 * How each Welch segment is detrended before windowing, as scipy.signal.welch's {@code detrend}
 * argument: remove the mean, remove the least-squares line, or leave the segment as it is.
 */
public enum Detrend {
    /** Subtract the segment mean (scipy {@code detrend='constant'}, the default). */
    CONSTANT,
    /** Subtract the least-squares straight line through the segment ({@code 'linear'}). */
    LINEAR,
    /** Use the segment as it is ({@code detrend=False}). */
    NONE;

    /** The lower-case name used in options and in feature metadata: constant, linear, none. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a label (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values when the text matches none
     */
    public static Detrend parse(String text) {
        for (Detrend d : values()) {
            if (d.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "unknown detrend '" + text + "': expected constant, linear or none");
    }
}
