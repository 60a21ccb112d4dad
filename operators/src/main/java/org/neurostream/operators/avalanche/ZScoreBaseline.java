package org.neurostream.operators.avalanche;

/**
 * Where the mean and standard deviation of the z-score come from
 * (docs/features.md#threshold-events).
 */
public enum ZScoreBaseline {
    /** The whole analysed span, population standard deviation (the default; offline only). */
    WHOLE_SPAN,
    /** Exponentially weighted running mean and variance with a given time constant. */
    RUNNING;

    /** Parses {@code whole} or {@code running} (case-insensitive). */
    public static ZScoreBaseline parse(String text) {
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "whole":
            case "whole_span":
            case "whole-span":
                return WHOLE_SPAN;
            case "running":
                return RUNNING;
            default:
                throw new IllegalArgumentException(
                        "unknown baseline '" + text + "'; expected whole or running");
        }
    }
}
