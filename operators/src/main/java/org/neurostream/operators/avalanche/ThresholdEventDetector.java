package org.neurostream.operators.avalanche;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.neurostream.operators.state.StateIo;

/**
 * Threshold events on z-scored channels (docs/features.md#threshold-events): each excursion of z
 * beyond the threshold gives one event at its peak, with amplitude |z| at the peak.
 *
 * <p>An excursion is a maximal run of consecutive samples with z &gt; threshold, or with z &lt;
 * -threshold: a jump straight from one side to the other ends one excursion and starts another. The
 * event lies at the sample of the largest |z| in the run (the first one on a tie). An excursion
 * still open when the input ends is emitted by {@link #finish}.
 *
 * <p>Baselines: fixed per-channel mean and standard deviation (for instance from the whole span,
 * {@link #wholeSpan}), or a running exponentially weighted mean and variance with time constant tau
 * samples (weight 1/tau per sample; z of a sample uses the statistics before it; no events in the
 * first tau samples of a channel while the statistics settle).
 *
 * <p>Bad channels: non-finite samples are skipped (never an event, left out of the statistics, and
 * they end an excursion). A channel whose finite samples are all equal (or absent) is flat: it is
 * flagged ({@link #isFlat}) and gives no events, never NaN.
 *
 * <p>Hot path: {@link #process} allocates nothing; per-channel state lives in primitive arrays. Not
 * thread-safe: one instance per stream.
 */
public final class ThresholdEventDetector {

    /** Default threshold |z| &gt; 3 (docs/features.md#threshold-events). */
    public static final double DEFAULT_THRESHOLD = 3.0;

    private final int channels;
    private final double threshold;
    private final boolean running;
    private final double weight;
    private final double warmUp;

    /** Fixed: the mean; running: the running mean. */
    private final double[] mean;

    /** Fixed: 1 / std (0 for flat); running: the running variance. */
    private final double[] scale;

    private final long[] seen;
    private final float[] firstValue;
    private final boolean[] varied;
    private final int[] sign;
    private final double[] peak;
    private final long[] peakAt;
    private final long[] start;
    private long position;

    private ThresholdEventDetector(int channels, double threshold, boolean running, double tau) {
        if (channels < 1) {
            throw new IllegalArgumentException("need at least one channel, got " + channels);
        }
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException(
                    "threshold must be finite and > 0, got " + threshold);
        }
        this.channels = channels;
        this.threshold = threshold;
        this.running = running;
        this.weight = running ? 1.0 / tau : 0.0;
        this.warmUp = tau;
        this.mean = new double[channels];
        this.scale = new double[channels];
        this.seen = new long[channels];
        this.firstValue = new float[channels];
        this.varied = new boolean[channels];
        this.sign = new int[channels];
        this.peak = new double[channels];
        this.peakAt = new long[channels];
        this.start = new long[channels];
    }

    /**
     * A detector with fixed baselines: z = (x - mean[c]) / std[c]; a channel with std 0 (or not
     * finite) is flat.
     */
    public static ThresholdEventDetector fixedBaseline(
            double[] mean, double[] std, double threshold) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException(
                    "mean and std lengths differ: " + mean.length + " vs " + std.length);
        }
        ThresholdEventDetector d = new ThresholdEventDetector(mean.length, threshold, false, 0);
        for (int c = 0; c < mean.length; c++) {
            boolean usable = std[c] > 0 && Double.isFinite(std[c]) && Double.isFinite(mean[c]);
            d.mean[c] = usable ? mean[c] : 0.0;
            d.scale[c] = usable ? 1.0 / std[c] : 0.0;
            d.varied[c] = usable;
        }
        return d;
    }

    /**
     * A detector whose baseline is the whole span {@code signal[c][from .. from+length)}: mean and
     * population standard deviation of each channel's finite samples, in double.
     */
    public static ThresholdEventDetector wholeSpan(
            float[][] signal, int from, int length, double threshold) {
        double[] mean = new double[signal.length];
        double[] std = new double[signal.length];
        for (int c = 0; c < signal.length; c++) {
            float[] x = signal[c];
            double sum = 0.0;
            long n = 0;
            for (int i = from; i < from + length; i++) {
                if (Float.isFinite(x[i])) {
                    sum += x[i];
                    n++;
                }
            }
            double m = n > 0 ? sum / n : 0.0;
            double ss = 0.0;
            for (int i = from; i < from + length; i++) {
                if (Float.isFinite(x[i])) {
                    double dev = x[i] - m;
                    ss += dev * dev;
                }
            }
            mean[c] = m;
            std[c] = n > 0 ? Math.sqrt(ss / n) : 0.0;
        }
        return fixedBaseline(mean, std, threshold);
    }

    /**
     * A detector with running exponentially weighted baselines of time constant {@code tauSamples}
     * (&gt;= 1).
     */
    public static ThresholdEventDetector runningBaseline(
            int channels, double tauSamples, double threshold) {
        if (!(tauSamples >= 1) || Double.isInfinite(tauSamples)) {
            throw new IllegalArgumentException(
                    "time constant must be >= 1 sample, got " + tauSamples);
        }
        return new ThresholdEventDetector(channels, threshold, true, tauSamples);
    }

    /** Number of channels. */
    public int channels() {
        return channels;
    }

    /** Index of the next sample to be processed (samples processed so far). */
    public long position() {
        return position;
    }

    /**
     * Whether channel c is flat: its finite samples so far are all equal (running baseline), or its
     * fixed standard deviation is 0.
     */
    public boolean isFlat(int c) {
        return !varied[c];
    }

    /** Number of flat channels. */
    public int flatCount() {
        int n = 0;
        for (boolean v : varied) {
            if (!v) {
                n++;
            }
        }
        return n;
    }

    /**
     * The earliest sample index at which an event not yet emitted can lie: no later call emits an
     * event before it (the start of the oldest open excursion, else {@link #position()}).
     */
    public long watermark() {
        long w = position;
        for (int c = 0; c < channels; c++) {
            if (sign[c] != 0 && start[c] < w) {
                w = start[c];
            }
        }
        return w;
    }

    /**
     * Processes the next {@code length} samples of every channel, {@code chunk[c][offset ..
     * offset+length)}, emitting each excursion's event when the excursion ends.
     */
    public void process(float[][] chunk, int offset, int length, EventSink sink) {
        if (chunk.length != channels) {
            throw new IllegalArgumentException(
                    "expected " + channels + " channels, got " + chunk.length);
        }
        final double thr = threshold;
        for (int c = 0; c < channels; c++) {
            final float[] x = chunk[c];
            long t = position;
            if (running) {
                for (int i = offset; i < offset + length; i++, t++) {
                    runningSample(c, x[i], t, thr, sink);
                }
            } else {
                final double m = mean[c];
                final double inv = scale[c];
                if (inv == 0.0) {
                    continue;
                }
                for (int i = offset; i < offset + length; i++, t++) {
                    float v = x[i];
                    double z = Float.isFinite(v) ? (v - m) * inv : 0.0;
                    step(c, z, t, thr, sink);
                }
            }
        }
        position += length;
    }

    private void runningSample(int c, float v, long t, double thr, EventSink sink) {
        if (!Float.isFinite(v)) {
            step(c, 0.0, t, thr, sink);
            return;
        }
        long n = seen[c];
        if (n == 0) {
            mean[c] = v;
            scale[c] = 0.0;
            firstValue[c] = v;
            seen[c] = 1;
            return;
        }
        if (v != firstValue[c]) {
            varied[c] = true;
        }
        double diff = v - mean[c];
        double var = scale[c];
        double z = n >= warmUp && var > 0 ? diff / Math.sqrt(var) : 0.0;
        step(c, z, t, thr, sink);
        double incr = weight * diff;
        mean[c] += incr;
        scale[c] = (1.0 - weight) * (var + diff * incr);
        seen[c] = n + 1;
    }

    private void step(int c, double z, long t, double thr, EventSink sink) {
        int s = z > thr ? 1 : (z < -thr ? -1 : 0);
        int open = sign[c];
        if (open != 0 && s != open) {
            sink.onEvent(peakAt[c], c, peak[c]);
            sign[c] = 0;
            open = 0;
        }
        if (s != 0) {
            double a = Math.abs(z);
            if (open == 0) {
                sign[c] = s;
                peak[c] = a;
                peakAt[c] = t;
                start[c] = t;
            } else if (a > peak[c]) {
                peak[c] = a;
                peakAt[c] = t;
            }
        }
    }

    /** A deep copy: the same baselines and open excursions, independent from now on. */
    public ThresholdEventDetector copy() {
        final ThresholdEventDetector c =
                new ThresholdEventDetector(channels, threshold, running, warmUp);
        System.arraycopy(mean, 0, c.mean, 0, channels);
        System.arraycopy(scale, 0, c.scale, 0, channels);
        System.arraycopy(seen, 0, c.seen, 0, channels);
        System.arraycopy(firstValue, 0, c.firstValue, 0, channels);
        System.arraycopy(varied, 0, c.varied, 0, channels);
        System.arraycopy(sign, 0, c.sign, 0, channels);
        System.arraycopy(peak, 0, c.peak, 0, channels);
        System.arraycopy(peakAt, 0, c.peakAt, 0, channels);
        System.arraycopy(start, 0, c.start, 0, channels);
        c.position = position;
        return c;
    }

    /**
     * Writes what this detector has learnt and holds open: the position, then per channel (as
     * columns) the mean, the scale (running variance, or 1 / std), the samples seen, the first
     * value, whether it varied, the open excursion's sign, peak, peak time and start. The channel
     * count, threshold and baseline kind are the reader's; see {@link #readState}.
     */
    public void writeState(final DataOutput out) throws IOException {
        out.writeInt(channels);
        out.writeLong(position);
        StateIo.writeDoubles(out, mean, 0, channels);
        StateIo.writeDoubles(out, scale, 0, channels);
        StateIo.writeLongs(out, seen, 0, channels);
        StateIo.writeFloats(out, firstValue, 0, channels);
        StateIo.writeBooleans(out, varied, 0, channels);
        StateIo.writeInts(out, sign, 0, channels);
        StateIo.writeDoubles(out, peak, 0, channels);
        StateIo.writeLongs(out, peakAt, 0, channels);
        StateIo.writeLongs(out, start, 0, channels);
    }

    /**
     * Continues from a state {@link #writeState} wrote, on a detector made with the same channel
     * count, threshold and baseline: later samples give the events the writer would have given.
     *
     * @throws org.neurostream.operators.state.StateFormatException when the channel count differs
     */
    public void readState(final DataInput in) throws IOException {
        StateIo.expect(in, channels, "channel count");
        position = in.readLong();
        StateIo.readDoubles(in, mean, 0, channels);
        StateIo.readDoubles(in, scale, 0, channels);
        StateIo.readLongs(in, seen, 0, channels);
        StateIo.readFloats(in, firstValue, 0, channels);
        StateIo.readBooleans(in, varied, 0, channels);
        StateIo.readInts(in, sign, 0, channels);
        StateIo.readDoubles(in, peak, 0, channels);
        StateIo.readLongs(in, peakAt, 0, channels);
        StateIo.readLongs(in, start, 0, channels);
    }

    /** Emits the events of excursions still open at the end of the input. */
    public void finish(EventSink sink) {
        for (int c = 0; c < channels; c++) {
            if (sign[c] != 0) {
                sink.onEvent(peakAt[c], c, peak[c]);
                sign[c] = 0;
            }
        }
    }
}
