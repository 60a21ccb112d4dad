package org.neurostream.operators.spectral;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A named frequency band [lo, hi] in Hz. Which edge bins belong to it depends on the {@link
 * BandIntegration} rule; the band itself only promises 0 &lt;= lo &lt; hi, both finite, and a
 * non-blank name without the separators ':' and ',' of the text form.
 *
 * @param name the band's name as it appears in feature records (for example {@code alpha})
 * @param lo lower edge in Hz
 * @param hi upper edge in Hz
 */
public record Band(String name, double lo, double hi) implements java.io.Serializable {

    /**
     * The default EEG bands (docs/features.md#band-power-parameters): delta 1-4, theta 4-8, alpha
     * 8-13, beta 13-30, gamma 30-45 Hz.
     */
    public static final List<Band> DEFAULT_BANDS =
            List.of(
                    new Band("delta", 1, 4),
                    new Band("theta", 4, 8),
                    new Band("alpha", 8, 13),
                    new Band("beta", 13, 30),
                    new Band("gamma", 30, 45));

    /** The default range of the total power that relative band powers divide by: 1-45 Hz. */
    public static final Band DEFAULT_RELATIVE_RANGE = new Band("total", 1, 45);

    /**
     * Checks the band.
     *
     * @throws IllegalArgumentException when the name is blank or holds ':' or ',', or the edges are
     *     not finite, negative, or not increasing
     */
    public Band {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("band name must not be blank");
        }
        name = name.trim();
        if (name.indexOf(':') >= 0 || name.indexOf(',') >= 0) {
            throw new IllegalArgumentException(
                    "band name '" + name + "' must not contain ':' or ','");
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo < 0 || lo >= hi) {
            throw new IllegalArgumentException(
                    "band " + name + ": need 0 <= lo < hi (finite Hz), got " + lo + "-" + hi);
        }
    }

    /**
     * Parses a band list such as {@code "delta:1-4,theta:4-8,alpha:8-13"}: comma-separated {@code
     * name:lo-hi} items, edges in Hz (decimals allowed), spaces around items ignored.
     *
     * @return the bands in the order given (an unmodifiable list)
     * @throws IllegalArgumentException with the offending item when the text is empty, an item is
     *     malformed, an edge is not a number, a band is invalid, or a name repeats
     */
    public static List<Band> parseList(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "band list is empty: expected name:lo-hi items such as delta:1-4,theta:4-8");
        }
        List<Band> bands = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String raw : text.split(",", -1)) {
            String item = raw.trim();
            Band band = parseItem(item);
            if (!names.add(band.name())) {
                throw new IllegalArgumentException(
                        "band '" + band.name() + "' appears twice in '" + text + "'");
            }
            bands.add(band);
        }
        return List.copyOf(bands);
    }

    /** The text form {@code name:lo-hi} that {@link #parseList} reads back. */
    @Override
    public String toString() {
        return name + ":" + edge(lo) + "-" + edge(hi);
    }

    private static String edge(double hz) {
        return hz == Math.rint(hz) && Math.abs(hz) < 1e15
                ? Long.toString((long) hz)
                : Double.toString(hz);
    }

    private static Band parseItem(String item) {
        int colon = item.indexOf(':');
        int dash = item.indexOf('-', colon + 1);
        if (item.isEmpty() || colon <= 0 || dash < 0) {
            throw new IllegalArgumentException(
                    "band item '"
                            + item
                            + "' is not of the form name:lo-hi (for example alpha:8-13)");
        }
        String name = item.substring(0, colon).trim();
        double lo = parseEdge(item, item.substring(colon + 1, dash));
        double hi = parseEdge(item, item.substring(dash + 1));
        try {
            return new Band(name, lo, hi);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("band item '" + item + "': " + e.getMessage(), e);
        }
    }

    private static double parseEdge(String item, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "band item '" + item + "': '" + text.trim() + "' is not a frequency in Hz", e);
        }
    }
}
