package org.neurostream.operators.calcium;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.neurostream.operators.state.ChunkWriter;
import org.neurostream.operators.state.StateFormatException;
import org.neurostream.operators.state.StateIo;

/**
 * Online OASIS spike inference for the AR(1) calcium model (Friedrich, Zhou and Paninski 2017,
 * "Fast online deconvolution of calcium imaging data", PLoS Comput Biol 13(3): e1005423), for many
 * ROIs at once, with a fixed emission lag.
 *
 * <p>Model: y_t = c_t + b + noise, c_t = g c_{t-1} + s_t, s_t &gt;= 0, c before the first sample =
 * 0. OASIS keeps the solution as pools of frames over which c decays freely from a value v (c_{t+k}
 * = v g^k); a pool holds v, its weight w = sum of g^{2k} over its observed frames, its first frame
 * and g^length. A new sample opens a pool; while the pool before it, decayed to its start, plus the
 * minimum spike size, exceeds it (v_{i-1} g^{l_{i-1}} + s_min &gt; v_i), the two merge
 * (pool-adjacent violators): v = (w_{i-1} v_{i-1} + g^{l_{i-1}} w_i v_i) / (w_{i-1} + g^{2 l_{i-1}}
 * w_i). Each sample is pushed once and popped at most once: O(1) amortised. The spike at the start
 * of pool i is max(v_i, 0) - max(v_{i-1}, 0) g^{l_{i-1}} (the first pool's spike is max(v_0, 0));
 * it is reported when it is positive and at least s_min. With an L1 penalty lambda the input is
 * shifted by lambda (1 - g), as in OASIS (the penalty of the last frame is not special-cased: the
 * stream has no last frame).
 *
 * <p>Fixed lag L: after frame t, every pool starting at or before t - L is final: its spike is
 * reported then (so every spike is reported exactly L frames after the frame it is inferred at, or
 * by {@link #flush}), and the pool before it is dropped. A final pool may still absorb later
 * samples (its decay keeps being fitted), but is never merged into its predecessor, so a reported
 * spike is never withdrawn. This is the only departure from offline OASIS; with noise-free AR(1)
 * data, whose spikes are all at least s_min, no merge ever reaches back that far and the spikes
 * come out exact. Per ROI at most L + 2 pools are live, in a ring.
 *
 * <p>Missing samples ({@link #skip}) lengthen the last pool without adding weight: the calcium
 * decays through the gap and no spike is inferred at a missing frame.
 *
 * <p>State is flat primitive arrays across ROIs, allocated by the constructor; {@link #add}, {@link
 * #skip} and {@link #flush} allocate nothing. Not thread-safe.
 */
public final class OnlineOasis {
    /** Below this, g^length is treated as 0, so that products of powers never go subnormal. */
    private static final double TINY = 1e-150;

    private final int rois;
    private final int lag;
    private final double sMin;
    private final double lambda;
    private final int capacity;
    private final int mask;

    private final double[] value;
    private final double[] weight;
    private final double[] decay;
    private final long[] start;

    private final long[] head;
    private final int[] size;

    /**
     * The oldest pool's spike is not decided yet (a fresh stream, before its first pool is final).
     */
    private final boolean[] headPending;

    private final double[] g;
    private final double[] shift;

    /**
     * @param rois number of ROIs
     * @param lag frames between a spike's frame and its report, at least 0
     * @param sMin minimum spike size in input units (0 for none)
     * @param lambda L1 penalty in input units (0 for none)
     * @throws IllegalArgumentException when a parameter is out of range
     */
    public OnlineOasis(final int rois, final int lag, final double sMin, final double lambda) {
        if (rois < 1) {
            throw new IllegalArgumentException("need at least one ROI, got " + rois);
        }
        if (lag < 0 || lag > 1 << 20) {
            throw new IllegalArgumentException("lag must be in [0, 2^20] frames, got " + lag);
        }
        if (!(sMin >= 0) || Double.isInfinite(sMin)) {
            throw new IllegalArgumentException(
                    "minimum spike size must be finite and >= 0, got " + sMin);
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("L1 penalty must be finite and >= 0, got " + lambda);
        }
        this.rois = rois;
        this.lag = lag;
        this.sMin = sMin;
        this.lambda = lambda;
        this.capacity = Integer.highestOneBit(lag + 2) << (Integer.bitCount(lag + 2) == 1 ? 0 : 1);
        this.mask = capacity - 1;
        final long total = (long) rois * capacity;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rois + " ROIs x lag " + lag + " is too much state");
        }
        this.value = new double[(int) total];
        this.weight = new double[(int) total];
        this.decay = new double[(int) total];
        this.start = new long[(int) total];
        this.head = new long[rois];
        this.size = new int[rois];
        this.headPending = new boolean[rois];
        this.g = new double[rois];
        this.shift = new double[rois];
        Arrays.fill(headPending, true);
    }

    /** A deep copy: the same pools and models, independent from now on. */
    public OnlineOasis copy() {
        return new OnlineOasis(this);
    }

    private OnlineOasis(final OnlineOasis o) {
        this.rois = o.rois;
        this.lag = o.lag;
        this.sMin = o.sMin;
        this.lambda = o.lambda;
        this.capacity = o.capacity;
        this.mask = o.mask;
        this.value = o.value.clone();
        this.weight = o.weight.clone();
        this.decay = o.decay.clone();
        this.start = o.start.clone();
        this.head = o.head.clone();
        this.size = o.size.clone();
        this.headPending = o.headPending.clone();
        this.g = o.g.clone();
        this.shift = o.shift.clone();
    }

    /**
     * Writes the models and the live pools: the ROI count and lag (checked by the reader), then per
     * ROI g, the input shift, whether the oldest pool's spike is still undecided, the pool count
     * (at most lag + 2) and each live pool, oldest first: value, weight, decay to its end, first
     * frame. Big-endian, the bytes of {@link DataOutput}'s single-value writes, gathered in a
     * {@link ChunkWriter} so that a checkpoint makes one stream call per 64 KiB, not per value.
     */
    public void writeState(final DataOutput out) throws IOException {
        final ChunkWriter chunk = new ChunkWriter(out, ByteOrder.BIG_ENDIAN);
        chunk.putInt(rois);
        chunk.putInt(lag);
        for (int r = 0; r < rois; r++) {
            chunk.putDouble(g[r]);
            chunk.putDouble(shift[r]);
            chunk.putBoolean(headPending[r]);
            chunk.putInt(size[r]);
            final int base = r * capacity;
            for (int i = 0; i < size[r]; i++) {
                final int at = base + (int) ((head[r] + i) & mask);
                chunk.putDouble(value[at]);
                chunk.putDouble(weight[at]);
                chunk.putDouble(decay[at]);
                chunk.putLong(start[at]);
            }
        }
        chunk.flush();
    }

    /**
     * Continues from a state {@link #writeState} wrote, on an instance of the same ROI count, lag,
     * minimum spike size and penalty.
     *
     * @throws StateFormatException when the sizes differ
     */
    public void readState(final DataInput in) throws IOException {
        StateIo.expect(in, rois, "OASIS ROI count");
        StateIo.expect(in, lag, "OASIS lag");
        for (int r = 0; r < rois; r++) {
            g[r] = in.readDouble();
            shift[r] = in.readDouble();
            headPending[r] = in.readBoolean();
            final int n = StateIo.readSize(in, capacity, "OASIS pools");
            size[r] = n;
            head[r] = 0;
            final int base = r * capacity;
            for (int i = 0; i < n; i++) {
                value[base + i] = in.readDouble();
                weight[base + i] = in.readDouble();
                decay[base + i] = in.readDouble();
                start[base + i] = in.readLong();
            }
        }
    }

    /** Number of ROIs. */
    public int roiCount() {
        return rois;
    }

    /** The emission lag in frames. */
    public int lag() {
        return lag;
    }

    /**
     * Sets one ROI's model and starts it afresh (pending pools are dropped unreported).
     *
     * @param roi the ROI
     * @param gamma the AR(1) coefficient g, in [0, 1)
     * @param baseline the baseline b subtracted from every sample
     * @throws IllegalArgumentException when g is outside [0, 1) or b is not finite
     */
    public void configure(final int roi, final double gamma, final double baseline) {
        if (!(gamma >= 0 && gamma < 1)) {
            throw new IllegalArgumentException("g must be in [0, 1), got " + gamma);
        }
        if (!Double.isFinite(baseline)) {
            throw new IllegalArgumentException("baseline must be finite, got " + baseline);
        }
        g[roi] = gamma;
        shift[roi] = baseline + lambda * (1 - gamma);
        reset(roi);
    }

    /** One ROI's AR(1) coefficient g. */
    public double g(final int roi) {
        return g[roi];
    }

    /** Drops one ROI's pools unreported; the next sample starts a fresh stream. */
    public void reset(final int roi) {
        size[roi] = 0;
        headPending[roi] = true;
    }

    /** Pools one ROI holds now (at most lag + 2): the state a frame costs. */
    public int livePools(final int roi) {
        return size[roi];
    }

    /**
     * Adds one ROI's sample of frame {@code frame}; reports the spikes that became final.
     *
     * @param frame the frame index; frames of one ROI must increase by exactly one per call of
     *     {@link #add} or {@link #skip}
     * @param y the sample, finite, in input units (dF/F)
     */
    public void add(final int roi, final long frame, final double y, final SpikeSink sink) {
        final int base = roi * capacity;
        final double gamma = g[roi];
        int n = size[roi];
        final long h = head[roi];
        int top = base + (int) ((h + n) & mask);
        value[top] = y - shift[roi];
        weight[top] = 1.0;
        decay[top] = gamma;
        start[top] = frame;
        n++;
        while (n >= 2) {
            final int prev = base + (int) ((h + n - 2) & mask);
            final double gl = decay[prev];
            if (!(value[prev] * gl + sMin > value[top])) {
                break;
            }
            final double w = weight[top] * gl * gl;
            final double merged = weight[prev] + w;
            value[prev] = (weight[prev] * value[prev] + gl * weight[top] * value[top]) / merged;
            weight[prev] = merged;
            final double d = gl * decay[top];
            decay[prev] = d < TINY ? 0.0 : d;
            top = prev;
            n--;
        }
        size[roi] = n;
        emit(roi, frame - lag, sink);
    }

    /**
     * Marks one ROI's sample of frame {@code frame} as missing (not finite, or not observed): the
     * calcium decays through it; reports the spikes that became final.
     */
    public void skip(final int roi, final long frame, final SpikeSink sink) {
        final int n = size[roi];
        if (n > 0) {
            final int top = roi * capacity + (int) ((head[roi] + n - 1) & mask);
            final double d = decay[top] * g[roi];
            decay[top] = d < TINY ? 0.0 : d;
        }
        emit(roi, frame - lag, sink);
    }

    /** Reports every spike of one ROI not reported yet, as at the end of its stream. */
    public void flush(final int roi, final SpikeSink sink) {
        emit(roi, Long.MAX_VALUE, sink);
    }

    /** Reports the spikes of pools starting at or before {@code limit}, oldest first. */
    private void emit(final int roi, final long limit, final SpikeSink sink) {
        int n = size[roi];
        if (n == 0) {
            return;
        }
        final int base = roi * capacity;
        long h = head[roi];
        int first = base + (int) (h & mask);
        if (headPending[roi] && start[first] <= limit) {
            headPending[roi] = false;
            report(roi, start[first], Math.max(value[first], 0.0), sink);
        }
        while (n >= 2) {
            final int second = base + (int) ((h + 1) & mask);
            if (start[second] > limit) {
                break;
            }
            final double spike =
                    Math.max(value[second], 0.0) - Math.max(value[first], 0.0) * decay[first];
            report(roi, start[second], spike, sink);
            h++;
            n--;
            first = second;
        }
        head[roi] = h;
        size[roi] = n;
    }

    private void report(final int roi, final long frame, final double spike, final SpikeSink sink) {
        if (spike > 0 && spike >= sMin) {
            sink.onSpike(roi, frame, spike);
        }
    }
}
