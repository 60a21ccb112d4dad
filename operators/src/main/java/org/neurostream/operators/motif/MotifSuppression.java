package org.neurostream.operators.motif;

/**
 * The non-maximum suppression rule of the motif detectors (docs/features.md#motif-detection), in
 * one place for every layout of the potentials: the ring history of {@link MotifDetector}, the
 * dense rows of {@link DenseMotifDetector} and the cell lists of the OpenCL backend.
 *
 * <p>A cell (motif m, bin u, potential v &gt;= threshold) is reported only if no other cell of the
 * same motif within r bins is greater, and no earlier one is equal: of tied maxima the earliest
 * wins. {@link #suppresses} is that comparison; each layout walks its own neighbours and asks it.
 * {@link #keepSurvivors} applies it to a list of cells in order of bin then motif.
 *
 * <p>Nothing is allocated per cell: the list form keeps one scratch array, grown only when a list
 * is longer than any before. Not thread-safe: one instance per detector.
 */
public final class MotifSuppression {
    private final int radius;

    /** Which of the cells being suppressed survive. */
    private boolean[] kept = new boolean[256];

    /**
     * Creates the list form for radius {@code radius}.
     *
     * @param radius r &gt;= 0 bins
     */
    public MotifSuppression(final int radius) {
        this.radius = radius;
    }

    /**
     * Whether a cell of the same motif at {@code otherBin} (another bin within r) with potential
     * {@code other} keeps the cell at {@code bin} with potential {@code v} from being reported: it
     * is greater, or equal and earlier. Written as "not lower" (earlier) and "not lower or equal"
     * (later), so that a NaN neighbour suppresses, as the streaming ring always decided.
     *
     * @param otherBin the neighbour's bin (a cell compared with itself does not suppress itself)
     * @param other the neighbour's potential
     * @param bin the bin being decided
     * @param v its potential
     * @return true when the neighbour suppresses the cell
     */
    public static boolean suppresses(
            final long otherBin, final double other, final long bin, final double v) {
        return otherBin < bin ? !(other < v) : !(other <= v);
    }

    /**
     * {@link #suppresses(long, double, long, double)} in float, as the ring and the cell lists keep
     * potentials: no widening to double per comparison on the streaming path.
     */
    public static boolean suppresses(
            final long otherBin, final float other, final long bin, final float v) {
        return otherBin < bin ? !(other < v) : !(other <= v);
    }

    /**
     * Keeps, moved to the front of lo..hi - 1 in their order, the cells (at or above the threshold,
     * in order of bin then motif) whose bin lies in [from, to) and that no cell of the list
     * {@linkplain #suppresses suppresses}. A cell below the threshold never suppresses one above
     * it, so these cells are all the comparison needs, and the cells of bins up to to - 1 + r must
     * be among them.
     *
     * @param motif the cells' motifs
     * @param bin the cells' bins, non-decreasing over lo..hi - 1
     * @param potential the cells' potentials
     * @param lo the first cell
     * @param hi one past the last cell
     * @param from the first bin decided
     * @param to one past the last bin decided
     * @return the end of the cells kept
     */
    public int keepSurvivors(
            final int[] motif,
            final long[] bin,
            final float[] potential,
            final int lo,
            final int hi,
            final long from,
            final long to) {
        if (kept.length < hi - lo) {
            kept = new boolean[Math.max(hi - lo, 2 * kept.length)];
        }
        for (int i = lo; i < hi; i++) {
            final long u = bin[i];
            boolean keep = u >= from && u < to;
            final int m = motif[i];
            final float v = potential[i];
            for (int j = i - 1; keep && j >= lo && bin[j] >= u - radius; j--) {
                keep = motif[j] != m || bin[j] == u || !suppresses(bin[j], potential[j], u, v);
            }
            for (int j = i + 1; keep && j < hi && bin[j] <= u + radius; j++) {
                keep = motif[j] != m || bin[j] == u || !suppresses(bin[j], potential[j], u, v);
            }
            kept[i - lo] = keep;
        }
        int end = lo;
        for (int i = lo; i < hi; i++) {
            if (kept[i - lo]) {
                motif[end] = motif[i];
                bin[end] = bin[i];
                potential[end] = potential[i];
                end++;
            }
        }
        return end;
    }
}
