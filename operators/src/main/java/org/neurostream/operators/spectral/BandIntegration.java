package org.neurostream.operators.spectral;

import java.util.Locale;

/**
 * How a band's power is integrated from the PSD bins (docs/features.md#band-integration). Simpson's
 * rule is deliberately absent: it is wrong on line spectra.
 */
public enum BandIntegration {
    /** Sum of the bins with lo &lt;= f &lt; hi, times the bin width (the default). */
    RECT,
    /** Trapezoid over the bins with lo &lt;= f &lt;= hi, as scipy.integrate.trapezoid. */
    TRAPZ;

    /** The lower-case name used in options and in feature metadata: rect, trapz. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a label (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values when the text matches none
     */
    public static BandIntegration parse(String text) {
        for (BandIntegration b : values()) {
            if (b.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return b;
            }
        }
        throw new IllegalArgumentException(
                "unknown band integration '" + text + "': expected rect or trapz");
    }
}
