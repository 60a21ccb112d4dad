package org.neurostream.operators.calcium;

import java.util.ArrayList;
import java.util.List;

/** Bit flags that say what happened to one ROI in {@link CalciumKernel#status(int)}. */
public final class RoiStatus {
    /** Some samples were NaN or infinite; they were skipped for this ROI. */
    public static final int NON_FINITE = 1;

    /** The baseline reached zero or below: the ROI gives no dF/F and no events from then on. */
    public static final int SILENCED = 2;

    /** Every finite sample of the trace (F, not the neuropil) so far is exactly 0. */
    public static final int ALL_ZERO = 4;

    /** The estimate of g fell outside (0, 1); the fallback decay time is used. */
    public static final int G_FALLBACK = 8;

    private RoiStatus() {}

    /** The flags as words joined by '+' ("silenced+all_zero"), or "ok" for none. */
    public static String describe(final int flags) {
        final List<String> words = new ArrayList<>(4);
        if ((flags & SILENCED) != 0) {
            words.add("silenced");
        }
        if ((flags & ALL_ZERO) != 0) {
            words.add("all_zero");
        }
        if ((flags & NON_FINITE) != 0) {
            words.add("non_finite");
        }
        if ((flags & G_FALLBACK) != 0) {
            words.add("g_fallback");
        }
        return words.isEmpty() ? "ok" : String.join("+", words);
    }
}
