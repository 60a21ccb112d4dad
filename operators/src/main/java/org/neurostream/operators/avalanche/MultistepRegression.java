package org.neurostream.operators.avalanche;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.neurostream.operators.state.StateIo;

/**
 * Streaming multistep-regression estimator of the branching ratio (Wilting &amp; Priesemann 2018,
 * docs/features.md#branching-ratio) over the binned activity a_t, cumulative or over a sliding
 * window.
 *
 * <p>For k = 1 .. kMax, r_k is the least-squares slope of a_{t+k} on a_t over the pairs inside the
 * series (N - k pairs); then r_k = b m^k is fitted by least squares over (b, m), m on [-1, 1.5] (b
 * profiled out, a grid of step 1e-3 refined by golden section to 1e-12). Under binomial subsampling
 * r_k shrinks by a common factor, so m stays unbiased while r_1 does not.
 *
 * <p>State: the sums of a, a^2 and of a_t a_{t+k} for each k, the first kMax values and a ring of
 * the last values (kMax of them, or the whole window), all preallocated: {@link #add} costs O(kMax)
 * for a non-empty bin and O(1) for an empty one, and allocates nothing. Sums are kept in double;
 * they are exact integers while they stay below 2^53 (for instance 1e5 bins of 1e5 events each). In
 * window mode the oldest bin's contributions are subtracted as it leaves.
 *
 * <p>Not thread-safe: one instance per stream.
 */
public final class MultistepRegression {

    /** Default largest lag (docs/features.md#branching-ratio: 40). */
    public static final int DEFAULT_K_MAX = 40;

    private static final double M_LO = -1.0;
    private static final double M_HI = 1.5;
    private static final double GRID_STEP = 1e-3;

    private final int kMax;
    private final long window;
    private final double[] ring;
    private final int mask;
    private final double[] head;
    private final double[] cross;
    private final double[] slopes;
    private long pos;
    private long bins;
    private double total;
    private double totalSq;

    /** A cumulative estimator (every bin since creation or {@link #reset()}), lags up to kMax. */
    public MultistepRegression(int kMax) {
        this(kMax, 0);
    }

    /**
     * An estimator over the last {@code windowBins} bins (0 = cumulative).
     *
     * @throws IllegalArgumentException when kMax &lt; 1, or a window is shorter than kMax + 2
     */
    public MultistepRegression(int kMax, int windowBins) {
        if (kMax < 1) {
            throw new IllegalArgumentException("kMax must be >= 1, got " + kMax);
        }
        if (windowBins != 0 && windowBins < kMax + 2) {
            throw new IllegalArgumentException(
                    "the window must hold at least kMax + 2 = "
                            + (kMax + 2)
                            + " bins, got "
                            + windowBins);
        }
        this.kMax = kMax;
        this.window = windowBins == 0 ? Long.MAX_VALUE : windowBins;
        int capacity = Integer.highestOneBit(Math.max(windowBins, kMax + 1) * 2 - 1);
        this.ring = new double[capacity];
        this.mask = capacity - 1;
        this.head = new double[kMax];
        this.cross = new double[kMax + 1];
        this.slopes = new double[kMax];
    }

    /** Largest lag. */
    public int kMax() {
        return kMax;
    }

    /** Bins in the series now (the window's length once full). */
    public long bins() {
        return bins;
    }

    /** Forgets every bin. */
    public void reset() {
        Arrays.fill(ring, 0.0);
        Arrays.fill(head, 0.0);
        Arrays.fill(cross, 0.0);
        pos = 0;
        bins = 0;
        total = 0;
        totalSq = 0;
    }

    /** Takes {@code o}'s series (an estimator of the same kMax and window). */
    void copyFrom(final MultistepRegression o) {
        System.arraycopy(o.ring, 0, ring, 0, ring.length);
        System.arraycopy(o.head, 0, head, 0, head.length);
        System.arraycopy(o.cross, 0, cross, 0, cross.length);
        pos = o.pos;
        bins = o.bins;
        total = o.total;
        totalSq = o.totalSq;
    }

    /**
     * Writes the estimator's state: the ring capacity and kMax (checked by the reader), the
     * position, the bin count, the sums, the ring, the first values and the cross sums.
     */
    public void writeState(final DataOutput out) throws IOException {
        out.writeInt(ring.length);
        out.writeInt(kMax);
        out.writeLong(pos);
        out.writeLong(bins);
        out.writeDouble(total);
        out.writeDouble(totalSq);
        StateIo.writeDoubles(out, ring, 0, ring.length);
        StateIo.writeDoubles(out, head, 0, head.length);
        StateIo.writeDoubles(out, cross, 0, cross.length);
    }

    /**
     * Continues from a state {@link #writeState} wrote, on an estimator of the same kMax and
     * window.
     *
     * @throws org.neurostream.operators.state.StateFormatException when they differ
     */
    public void readState(final DataInput in) throws IOException {
        StateIo.expect(in, ring.length, "regression ring capacity");
        StateIo.expect(in, kMax, "kMax");
        pos = in.readLong();
        bins = in.readLong();
        total = in.readDouble();
        totalSq = in.readDouble();
        StateIo.readDoubles(in, ring, 0, ring.length);
        StateIo.readDoubles(in, head, 0, head.length);
        StateIo.readDoubles(in, cross, 0, cross.length);
    }

    /** Appends one bin holding {@code count} events. */
    public void add(long count) {
        if (bins == window) {
            evictOldest();
        }
        double a = count;
        if (a != 0.0) {
            int lags = (int) Math.min(kMax, bins);
            for (int k = 1; k <= lags; k++) {
                cross[k] += a * ring[(int) ((pos - k) & mask)];
            }
            total += a;
            totalSq += a * a;
        }
        ring[(int) (pos & mask)] = a;
        if (window == Long.MAX_VALUE && bins < kMax) {
            head[(int) bins] = a;
        }
        pos++;
        bins++;
    }

    /** Appends {@code n} empty bins. */
    public void addZeros(long n) {
        if (n <= 0) {
            return;
        }
        if (window == Long.MAX_VALUE) {
            long fill = Math.min(n, ring.length);
            for (long i = 0; i < fill; i++) {
                if (bins + i < kMax) {
                    head[(int) (bins + i)] = 0.0;
                }
                ring[(int) ((pos + i) & mask)] = 0.0;
            }
            pos += n;
            bins += n;
        } else if (n >= window) {
            Arrays.fill(ring, 0.0);
            Arrays.fill(cross, 0.0);
            total = 0;
            totalSq = 0;
            pos += n;
            bins = window;
        } else {
            for (long i = 0; i < n; i++) {
                add(0);
            }
        }
    }

    private void evictOldest() {
        long oldest = pos - bins;
        double o = ring[(int) (oldest & mask)];
        if (o != 0.0) {
            int lags = (int) Math.min(kMax, bins - 1);
            for (int k = 1; k <= lags; k++) {
                cross[k] -= o * ring[(int) ((oldest + k) & mask)];
            }
            total -= o;
            totalSq -= o * o;
        }
        bins--;
    }

    /**
     * Fills {@code r[0 .. kMax-1]} with the slopes r_1 .. r_kMax; NaN where a lag has fewer than
     * two pairs or its regressor is constant.
     */
    public void slopes(double[] r) {
        double lastSum = 0.0;
        double lastSq = 0.0;
        double firstSum = 0.0;
        long start = pos - bins;
        for (int k = 1; k <= kMax; k++) {
            long pairs = bins - k;
            if (pairs < 2) {
                r[k - 1] = Double.NaN;
                continue;
            }
            double last = ring[(int) ((pos - k) & mask)];
            lastSum += last;
            lastSq += last * last;
            firstSum +=
                    window == Long.MAX_VALUE ? head[k - 1] : ring[(int) ((start + k - 1) & mask)];
            double sx = total - lastSum;
            double sxx = totalSq - lastSq;
            double sy = total - firstSum;
            double den = pairs * sxx - sx * sx;
            r[k - 1] = den > 0 ? (pairs * cross[k] - sx * sy) / den : Double.NaN;
        }
    }

    /** The MR estimate over the current series; allocates only the result. */
    public BranchingEstimate estimate() {
        if (bins < kMax + 2) {
            return BranchingEstimate.none(
                    kMax,
                    bins,
                    "only "
                            + bins
                            + " bins; the MR estimator"
                            + " needs at least kMax + 2 = "
                            + (kMax + 2));
        }
        slopes(slopes);
        for (double r : slopes) {
            if (Double.isNaN(r)) {
                return BranchingEstimate.none(kMax, bins, "the binned activity is constant");
            }
        }
        return fit(slopes, kMax, bins);
    }

    /** Fits r_k = b m^k (k = 1 .. r.length) by least squares; {@code bins} is only reported. */
    static BranchingEstimate fit(double[] r, int kMax, long bins) {
        double bestM = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        int steps = (int) Math.round((M_HI - M_LO) / GRID_STEP);
        for (int i = 0; i <= steps; i++) {
            double m = M_LO + i * GRID_STEP;
            double score = profile(r, m);
            if (score > bestScore) {
                bestScore = score;
                bestM = m;
            }
        }
        // Golden-section refinement of the profile maximum inside the neighbouring grid cells.
        double lo = Math.max(M_LO, bestM - GRID_STEP);
        double hi = Math.min(M_HI, bestM + GRID_STEP);
        final double g = 0.5 * (Math.sqrt(5.0) - 1.0);
        double c = hi - g * (hi - lo);
        double d = lo + g * (hi - lo);
        double fc = profile(r, c);
        double fd = profile(r, d);
        while (hi - lo > 1e-12) {
            if (fc > fd) {
                hi = d;
                d = c;
                fd = fc;
                c = hi - g * (hi - lo);
                fc = profile(r, c);
            } else {
                lo = c;
                c = d;
                fc = fd;
                d = lo + g * (hi - lo);
                fd = profile(r, d);
            }
        }
        double m = 0.5 * (lo + hi);
        double num = 0.0;
        double den = 0.0;
        double p = 1.0;
        for (double rk : r) {
            p *= m;
            num += rk * p;
            den += p * p;
        }
        double b = den > 0 ? num / den : 0.0;
        return new BranchingEstimate(m, b, r[0], kMax, bins, null);
    }

    /**
     * (sum r_k m^k)^2 / sum m^2k: the residual sum of squares is sum r_k^2 minus this, with b at
     * its optimum for this m.
     */
    private static double profile(double[] r, double m) {
        double num = 0.0;
        double den = 0.0;
        double p = 1.0;
        for (double rk : r) {
            p *= m;
            num += rk * p;
            den += p * p;
        }
        return den > 0 ? num * num / den : 0.0;
    }
}
