package org.neurostream.operators.calcium;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.neurostream.operators.state.StateFormatException;
import org.neurostream.operators.state.StateIo;

/**
 * The whole calcium pipeline of docs/features.md#calcium-imaging for many ROIs, one frame per call:
 * neuropil correction, running-percentile dF/F, OASIS AR(1) spike inference with a fixed lag,
 * events.
 *
 * <p>Per ROI and frame, with x = F - r F_neuropil (or the dF/F input as it is):
 *
 * <ol>
 *   <li>x not finite: counted, marked {@link RoiStatus#NON_FINITE}, no dF/F; it enters neither the
 *       baseline window nor OASIS (OASIS treats the frame as missing).
 *   <li>F0 = the q-th percentile of the last W finite x, this frame's included ({@link
 *       RunningPercentile}; over fewer values while the window fills). F0 &lt;= 0 silences the ROI
 *       for good ({@link RoiStatus#SILENCED}): no dF/F and no events from this frame on, spikes not
 *       yet reported dropped. An all-zero ROI is silenced at its first frame (and reported {@link
 *       RoiStatus#ALL_ZERO}).
 *   <li>dF/F = (x - F0) / F0.
 *   <li>While the first {@code estimationFrames} frames are buffered (only when something is
 *       estimated: see {@link CalciumOptions#estimates()}), dF/F is reported at once but spikes
 *       wait; after the last buffered frame, each ROI gets its noise sigma and g ({@link
 *       Ar1Estimator}) and OASIS baseline, and its buffered frames run through OASIS. Otherwise
 *       dF/F goes to {@link OnlineOasis} straight away.
 * </ol>
 *
 * <p>Events: address = ROI index, t_us = round(frame 1e6 / fs) of the frame the spike was inferred
 * at, amplitude = spike size in dF/F units. In steady state every event is reported {@code lag}
 * frames after its frame, so events come in time order; the buffered frames of the estimation phase
 * report theirs all at once at its end (in time order per ROI), and {@link #finish} reports the
 * last {@code lag} frames ROI by ROI.
 *
 * <p>Costs: O(log W) per ROI and frame for the baseline, O(1) amortised for OASIS; all state is
 * allocated by the constructor (about 28 W + 8 estimationFrames bytes per ROI) and {@link #process}
 * allocates nothing. Not thread-safe: one kernel per stream.
 */
public final class CalciumKernel {
    private final CalciumOptions options;
    private final int rois;
    private final double coefficient;
    private final boolean dffInput;
    private final RunningPercentile baseline;
    private final OnlineOasis oasis;
    private final Ar1Estimator estimator;
    private final int estimationFrames;
    private final double[] buffer;
    private final double[] compact;
    private boolean estimating;

    private final int[] flags;
    private final long[] silencedAt;
    private final long[] nonFinite;
    private final boolean[] nonZero;
    private final long[] events;
    private final double[] sigma;
    private final double[] oasisBaseline;
    private final double[] lastBaseline;

    private long frame;
    private CalciumEventSink target;
    private final SpikeSink adapter = this::spike;

    /**
     * @param options the parameters
     * @param rois number of ROIs
     * @throws IllegalArgumentException when rois &lt; 1 or the state would not fit in arrays
     */
    public CalciumKernel(final CalciumOptions options, final int rois) {
        this.options = Objects.requireNonNull(options, "options");
        if (rois < 1) {
            throw new IllegalArgumentException("need at least one ROI, got " + rois);
        }
        this.rois = rois;
        this.coefficient = options.neuropilCoefficient();
        this.dffInput = options.inputIsDff();
        this.baseline =
                dffInput
                        ? null
                        : new RunningPercentile(rois, options.window(), options.percentile());
        this.oasis = new OnlineOasis(rois, options.lag(), options.sMin(), options.l1Penalty());
        this.estimating = options.estimates();
        this.estimationFrames = estimating ? options.estimationFrames() : 0;
        if (estimating && (long) rois * estimationFrames > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    rois
                            + " ROIs x "
                            + estimationFrames
                            + " estimation frames is too much to buffer");
        }
        this.buffer = new double[rois * estimationFrames];
        this.compact = new double[estimationFrames];
        this.estimator = estimating ? new Ar1Estimator(estimationFrames) : null;
        this.flags = new int[rois];
        this.silencedAt = new long[rois];
        Arrays.fill(silencedAt, -1);
        this.nonFinite = new long[rois];
        this.nonZero = new boolean[rois];
        this.events = new long[rois];
        this.sigma = new double[rois];
        Arrays.fill(sigma, Double.NaN);
        this.oasisBaseline = new double[rois];
        this.lastBaseline = new double[rois];
        Arrays.fill(lastBaseline, Double.NaN);
        if (!estimating) {
            final double g = options.gForTau(options.tauSeconds());
            final double b = Double.isNaN(options.oasisBaseline()) ? 0.0 : options.oasisBaseline();
            for (int r = 0; r < rois; r++) {
                oasis.configure(r, g, b);
                oasisBaseline[r] = b;
            }
        }
    }

    private CalciumKernel(final CalciumKernel o) {
        this.options = o.options;
        this.rois = o.rois;
        this.coefficient = o.coefficient;
        this.dffInput = o.dffInput;
        this.baseline = o.baseline == null ? null : o.baseline.copy();
        this.oasis = o.oasis.copy();
        this.estimating = o.estimating;
        this.estimationFrames = o.estimationFrames;
        this.buffer = o.buffer.clone();
        this.compact = new double[o.compact.length];
        this.estimator = o.estimator == null ? null : new Ar1Estimator(estimationFrames);
        this.flags = o.flags.clone();
        this.silencedAt = o.silencedAt.clone();
        this.nonFinite = o.nonFinite.clone();
        this.nonZero = o.nonZero.clone();
        this.events = o.events.clone();
        this.sigma = o.sigma.clone();
        this.oasisBaseline = o.oasisBaseline.clone();
        this.lastBaseline = o.lastBaseline.clone();
        this.frame = o.frame;
    }

    /**
     * A deep copy: the same options and state, independent from now on (array copies, no encoding:
     * what a checkpoint taken while the stream runs costs its thread).
     */
    public CalciumKernel copy() {
        return new CalciumKernel(this);
    }

    /**
     * Writes the kernel's state: the ROI count, the input kind and the estimation length (checked
     * by the reader), the frame count, whether it is still estimating, the per-ROI flags, silencing
     * frames, counters, noise, OASIS baselines and latest F0 (as columns), then the baseline
     * windows ({@link RunningPercentile#writeState}, raw input only), the OASIS pools ({@link
     * OnlineOasis#writeState}) and, while estimating, each ROI's buffered dF/F. About 4 W + 100
     * bytes per ROI for raw fluorescence (each window's W values as float32, in ring order).
     */
    public void writeState(final DataOutput out) throws IOException {
        out.writeInt(rois);
        out.writeBoolean(dffInput);
        out.writeInt(estimationFrames);
        out.writeLong(frame);
        out.writeBoolean(estimating);
        StateIo.writeInts(out, flags, 0, rois);
        StateIo.writeLongs(out, silencedAt, 0, rois);
        StateIo.writeLongs(out, nonFinite, 0, rois);
        StateIo.writeBooleans(out, nonZero, 0, rois);
        StateIo.writeLongs(out, events, 0, rois);
        StateIo.writeDoubles(out, sigma, 0, rois);
        StateIo.writeDoubles(out, oasisBaseline, 0, rois);
        StateIo.writeDoubles(out, lastBaseline, 0, rois);
        if (baseline != null) {
            baseline.writeState(out);
        }
        oasis.writeState(out);
        if (estimating) {
            for (int r = 0; r < rois; r++) {
                StateIo.writeDoubles(out, buffer, r * estimationFrames, (int) frame);
            }
        }
    }

    /**
     * Continues from a state {@link #writeState} wrote, on a kernel made with the same options and
     * ROI count: later frames give the events the writer would have given.
     *
     * @throws org.neurostream.operators.state.StateFormatException when the state does not fit
     */
    public void readState(final DataInput in) throws IOException {
        readState(in, RunningPercentile.LAYOUT);
    }

    /**
     * As {@link #readState(DataInput)}, for a state whose baseline windows were written in {@link
     * RunningPercentile} layout {@code windowLayout} (1: heaps and slots; 2: the ring); the rest of
     * the form is the same in both.
     *
     * @throws org.neurostream.operators.state.StateFormatException when the state does not fit
     */
    public void readState(final DataInput in, final int windowLayout) throws IOException {
        StateIo.expect(in, rois, "ROI count");
        if (in.readBoolean() != dffInput) {
            throw new StateFormatException(
                    "the state's input kind (F or dF/F) differs from the kernel's");
        }
        StateIo.expect(in, estimationFrames, "estimation frames");
        frame = in.readLong();
        final boolean wasEstimating = in.readBoolean();
        if (wasEstimating && (estimator == null || frame < 0 || frame >= estimationFrames)) {
            throw new StateFormatException(
                    "estimating at frame " + frame + " of " + estimationFrames);
        }
        estimating = wasEstimating;
        StateIo.readInts(in, flags, 0, rois);
        StateIo.readLongs(in, silencedAt, 0, rois);
        StateIo.readLongs(in, nonFinite, 0, rois);
        StateIo.readBooleans(in, nonZero, 0, rois);
        StateIo.readLongs(in, events, 0, rois);
        StateIo.readDoubles(in, sigma, 0, rois);
        StateIo.readDoubles(in, oasisBaseline, 0, rois);
        StateIo.readDoubles(in, lastBaseline, 0, rois);
        if (baseline != null) {
            baseline.readState(in, windowLayout);
        }
        oasis.readState(in);
        if (estimating) {
            for (int r = 0; r < rois; r++) {
                StateIo.readDoubles(in, buffer, r * estimationFrames, (int) frame);
            }
        }
    }

    /** The parameters. */
    public CalciumOptions options() {
        return options;
    }

    /** Number of ROIs. */
    public int roiCount() {
        return rois;
    }

    /** Frames processed so far. */
    public long frames() {
        return frame;
    }

    /**
     * Processes one frame of every ROI.
     *
     * @param f the trace value of each ROI ({@code f[0 .. roiCount)}): raw F, or dF/F when the
     *     options say the input is dF/F
     * @param neuropil the neuropil value of each ROI, or null for none (then x = F); ignored when
     *     the input is dF/F
     * @param dffOut receives each ROI's dF/F; NaN means "none at this frame" (non-finite input,
     *     silenced ROI). May be null when only events are wanted
     * @param sink receives the events that became final at this frame
     * @throws IllegalArgumentException when an array is shorter than the ROI count
     */
    public void process(
            final float[] f,
            final float[] neuropil,
            final double[] dffOut,
            final CalciumEventSink sink) {
        if (f.length < rois
                || (neuropil != null && neuropil.length < rois)
                || (dffOut != null && dffOut.length < rois)) {
            throw new IllegalArgumentException("arrays must hold " + rois + " ROIs");
        }
        target = sink;
        final long t = frame;
        final boolean buffering = estimating;
        for (int r = 0; r < rois; r++) {
            double x = f[r];
            if (neuropil != null && !dffInput) {
                x -= coefficient * neuropil[r];
            }
            double dff = Double.NaN;
            if (!Double.isFinite(x)) {
                nonFinite[r]++;
                flags[r] |= RoiStatus.NON_FINITE;
                if ((flags[r] & RoiStatus.SILENCED) == 0) {
                    if (buffering) {
                        buffer[r * estimationFrames + (int) t] = Double.NaN;
                    } else {
                        oasis.skip(r, t, adapter);
                    }
                }
            } else {
                if (f[r] != 0) {
                    nonZero[r] = true;
                }
                if ((flags[r] & RoiStatus.SILENCED) == 0) {
                    if (dffInput) {
                        dff = x;
                    } else {
                        baseline.add(r, x);
                        final double f0 = baseline.value(r);
                        lastBaseline[r] = f0;
                        if (f0 > 0) {
                            dff = (x - f0) / f0;
                        } else {
                            silence(r, t);
                        }
                    }
                    if (dff == dff) {
                        if (buffering) {
                            buffer[r * estimationFrames + (int) t] = dff;
                        } else {
                            oasis.add(r, t, dff, adapter);
                        }
                    }
                }
            }
            if (dffOut != null) {
                dffOut[r] = dff;
            }
        }
        frame = t + 1;
        if (buffering && frame == estimationFrames) {
            estimate((int) frame);
        }
        target = null;
    }

    /**
     * Ends the stream: estimates from what was buffered if the stream was shorter than the
     * estimation phase, then reports every spike not reported yet. Further frames continue the same
     * stream (the flushed pools are final).
     */
    public void finish(final CalciumEventSink sink) {
        target = sink;
        if (estimating && frame > 0) {
            estimate((int) frame);
        }
        for (int r = 0; r < rois; r++) {
            if ((flags[r] & RoiStatus.SILENCED) == 0) {
                oasis.flush(r, adapter);
            }
        }
        target = null;
    }

    /** Flags of one ROI ({@link RoiStatus}). */
    public int status(final int roi) {
        return flags[roi] | (frame > 0 && !nonZero[roi] ? RoiStatus.ALL_ZERO : 0);
    }

    /** The frame at which the ROI was silenced, or -1. */
    public long silencedAt(final int roi) {
        return silencedAt[roi];
    }

    /** Frames of the ROI whose sample was NaN or infinite. */
    public long nonFiniteFrames(final int roi) {
        return nonFinite[roi];
    }

    /** Events reported for the ROI so far. */
    public long eventCount(final int roi) {
        return events[roi];
    }

    /** The AR(1) coefficient g in use for the ROI (0 before it is estimated). */
    public double g(final int roi) {
        return oasis.g(roi);
    }

    /** The ROI's estimated noise sigma in dF/F units, NaN when not estimated. */
    public double noiseSigma(final int roi) {
        return sigma[roi];
    }

    /**
     * The ROI's latest baseline F0 (of the last frame with a finite sample), NaN before the first
     * one or when the input is dF/F already.
     */
    public double baseline(final int roi) {
        return lastBaseline[roi];
    }

    /** The OASIS baseline b in use for the ROI (0 before it is estimated). */
    public double oasisBaseline(final int roi) {
        return oasisBaseline[roi];
    }

    /** Whether the estimation phase is still buffering frames. */
    public boolean estimating() {
        return estimating;
    }

    private void silence(final int r, final long t) {
        flags[r] |= RoiStatus.SILENCED;
        silencedAt[r] = t;
        oasis.reset(r);
    }

    /** Ends the estimation phase after {@code n} buffered frames. */
    private void estimate(final int n) {
        estimating = false;
        final boolean fixedTau = !Double.isNaN(options.tauSeconds());
        final double autoScale =
                dffInput ? 0.0 : -Ar1Estimator.normalQuantile(options.percentile() / 100.0);
        for (int r = 0; r < rois; r++) {
            if ((flags[r] & RoiStatus.SILENCED) != 0) {
                continue;
            }
            final int base = r * estimationFrames;
            int m = 0;
            for (int i = 0; i < n; i++) {
                final double v = buffer[base + i];
                if (v == v) {
                    compact[m++] = v;
                }
            }
            final double s = estimator.noiseSigma(compact, 0, m);
            sigma[r] = s;
            double g;
            if (fixedTau) {
                g = options.gForTau(options.tauSeconds());
            } else {
                g = Ar1Estimator.ar1Coefficient(compact, 0, m, Double.isNaN(s) ? 0.0 : s);
                if (!(g > 0 && g < 1)) {
                    g = options.gForTau(options.fallbackTauSeconds());
                    flags[r] |= RoiStatus.G_FALLBACK;
                }
            }
            double b = options.oasisBaseline();
            if (Double.isNaN(b)) {
                b = Double.isNaN(s) ? 0.0 : autoScale * s;
            }
            oasisBaseline[r] = b;
            oasis.configure(r, g, b);
            for (int i = 0; i < n; i++) {
                final double v = buffer[base + i];
                if (v == v) {
                    oasis.add(r, i, v, adapter);
                } else {
                    oasis.skip(r, i, adapter);
                }
            }
        }
    }

    private void spike(final int roi, final long spikeFrame, final double amplitude) {
        events[roi]++;
        target.onEvent(roi, spikeFrame, options.frameTimeMicros(spikeFrame), amplitude);
    }
}
