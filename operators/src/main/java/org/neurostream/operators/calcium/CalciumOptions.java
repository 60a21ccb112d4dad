package org.neurostream.operators.calcium;

import java.io.Serializable;

/**
 * Parameters of the calcium pipeline (docs/features.md#calcium-parameters), immutable; {@link
 * #builder(double)} starts from the defaults.
 *
 * <ul>
 *   <li>{@code fs}: frames per second (required).
 *   <li>{@code inputIsDff} (false): the input is dF/F already; no neuropil, no baseline.
 *   <li>{@code neuropilCoefficient} (0.7): F - r F_neuropil.
 *   <li>{@code percentile} (8) and {@code window} (500 frames): the running baseline F0.
 *   <li>{@code tauSeconds} (NaN: estimate g per ROI): a fixed decay time, g = exp(-1 / (tau fs)).
 *   <li>{@code estimationFrames} (2000): the first frames of each ROI, buffered to estimate its
 *       noise, g and OASIS baseline; their spikes are inferred once the estimate exists. Larger
 *       gives steadier g (from about 30 transients up), smaller gives earlier events.
 *   <li>{@code fallbackTauSeconds} (1 s): the decay time used where the estimated g is not in (0,
 *       1) (the ROI is marked {@link RoiStatus#G_FALLBACK}).
 *   <li>{@code lag} (10 frames): spikes are reported this many frames after their frame.
 *   <li>{@code sMin} (0.5, dF/F units): minimum spike size.
 *   <li>{@code l1Penalty} (0, dF/F units): OASIS's sparsity penalty lambda.
 *   <li>{@code oasisBaseline} (NaN: automatic): the level b of dF/F at rest that OASIS subtracts.
 *       Automatic: for dF/F computed here, -z(q/100) sigma, where z is the standard normal quantile
 *       and sigma the ROI's estimated noise (a q-th percentile baseline sits that far below the
 *       noise-free resting level, so resting dF/F is positive by that much); for input that is dF/F
 *       already, 0.
 * </ul>
 */
public final class CalciumOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double fs;
    private final boolean inputIsDff;
    private final double neuropilCoefficient;
    private final double percentile;
    private final int window;
    private final double tauSeconds;
    private final int estimationFrames;
    private final double fallbackTauSeconds;
    private final int lag;
    private final double sMin;
    private final double l1Penalty;
    private final double oasisBaseline;

    private CalciumOptions(final Builder b) {
        this.fs = b.fs;
        this.inputIsDff = b.inputIsDff;
        this.neuropilCoefficient = b.neuropilCoefficient;
        this.percentile = b.percentile;
        this.window = b.window;
        this.tauSeconds = b.tauSeconds;
        this.estimationFrames = b.estimationFrames;
        this.fallbackTauSeconds = b.fallbackTauSeconds;
        this.lag = b.lag;
        this.sMin = b.sMin;
        this.l1Penalty = b.l1Penalty;
        this.oasisBaseline = b.oasisBaseline;
    }

    /**
     * A builder with the defaults at frame rate {@code fs}.
     *
     * @throws IllegalArgumentException when fs is not a positive finite number
     */
    public static Builder builder(final double fs) {
        return new Builder(fs);
    }

    /** The defaults at frame rate {@code fs}. */
    public static CalciumOptions defaults(final double fs) {
        return builder(fs).build();
    }

    /**
     * The same parameters at another frame rate (a stream function learns the rate from its
     * frames).
     *
     * @throws IllegalArgumentException when fs is not a positive finite number
     */
    public CalciumOptions atFrameRate(final double frameRate) {
        return copy(frameRate, inputIsDff, oasisBaseline);
    }

    /**
     * The same parameters for dF/F input (a stream whose frames say they hold dF/F): no neuropil,
     * no baseline window, and the OASIS baseline of dF/F input, 0 (the resting level of dF/F that
     * is given rather than computed here).
     */
    public CalciumOptions forDffInput() {
        return inputIsDff ? this : copy(fs, true, 0.0);
    }

    private CalciumOptions copy(final double frameRate, final boolean dff, final double baseline) {
        final Builder b = builder(frameRate);
        b.inputIsDff = dff;
        b.neuropilCoefficient = neuropilCoefficient;
        b.percentile = percentile;
        b.window = window;
        b.tauSeconds = tauSeconds;
        b.estimationFrames = estimationFrames;
        b.fallbackTauSeconds = fallbackTauSeconds;
        b.lag = lag;
        b.sMin = sMin;
        b.l1Penalty = l1Penalty;
        b.oasisBaseline = baseline;
        return b.build();
    }

    /** Frames per second. */
    public double fs() {
        return fs;
    }

    /** Whether the input is dF/F already. */
    public boolean inputIsDff() {
        return inputIsDff;
    }

    /** The neuropil coefficient r in F - r F_neuropil. */
    public double neuropilCoefficient() {
        return neuropilCoefficient;
    }

    /** The baseline percentile q, in (0, 100). */
    public double percentile() {
        return percentile;
    }

    /** The baseline window W in frames. */
    public int window() {
        return window;
    }

    /** The fixed decay time in seconds, or NaN when g is estimated per ROI. */
    public double tauSeconds() {
        return tauSeconds;
    }

    /** Frames buffered per ROI for the estimates. */
    public int estimationFrames() {
        return estimationFrames;
    }

    /** Decay time used where the estimate of g fails. */
    public double fallbackTauSeconds() {
        return fallbackTauSeconds;
    }

    /** Frames between a spike's frame and its report. */
    public int lag() {
        return lag;
    }

    /** Minimum spike size, dF/F units. */
    public double sMin() {
        return sMin;
    }

    /** L1 penalty, dF/F units. */
    public double l1Penalty() {
        return l1Penalty;
    }

    /** The OASIS baseline b, or NaN for automatic. */
    public double oasisBaseline() {
        return oasisBaseline;
    }

    /** Whether anything is estimated, so that the first {@link #estimationFrames} are buffered. */
    public boolean estimates() {
        return Double.isNaN(tauSeconds) || (Double.isNaN(oasisBaseline) && !inputIsDff);
    }

    /** g for a decay time at this frame rate: exp(-1 / (tau fs)). */
    public double gForTau(final double seconds) {
        return Math.exp(-1.0 / (seconds * fs));
    }

    /** The time of a frame in microseconds, round(frame 1e6 / fs): the t_us of events. */
    public long frameTimeMicros(final long frame) {
        return Math.round(frame * 1e6 / fs);
    }

    @Override
    public String toString() {
        return "fs="
                + fs
                + " inputIsDff="
                + inputIsDff
                + " neuropil="
                + neuropilCoefficient
                + " percentile="
                + percentile
                + " window="
                + window
                + " tau="
                + (Double.isNaN(tauSeconds) ? "estimated" : tauSeconds + "s")
                + " estimationFrames="
                + estimationFrames
                + " fallbackTau="
                + fallbackTauSeconds
                + "s lag="
                + lag
                + " sMin="
                + sMin
                + " l1="
                + l1Penalty
                + " oasisBaseline="
                + (Double.isNaN(oasisBaseline) ? "auto" : Double.toString(oasisBaseline));
    }

    /** Builds {@link CalciumOptions}; every setter checks its value and returns this builder. */
    public static final class Builder {
        private final double fs;
        private boolean inputIsDff;
        private double neuropilCoefficient = 0.7;
        private double percentile = 8;
        private int window = 500;
        private double tauSeconds = Double.NaN;
        private int estimationFrames = 2000;
        private double fallbackTauSeconds = 1.0;
        private int lag = 10;
        private double sMin = 0.5;
        private double l1Penalty;
        private double oasisBaseline = Double.NaN;

        private Builder(final double fs) {
            if (!(fs > 0) || Double.isInfinite(fs)) {
                throw new IllegalArgumentException(
                        "frame rate must be a positive number of Hz, got " + fs);
            }
            this.fs = fs;
        }

        /** The input is dF/F already (default false). */
        public Builder inputIsDff(final boolean value) {
            this.inputIsDff = value;
            return this;
        }

        /** r in F - r F_neuropil, finite and &gt;= 0 (default 0.7). */
        public Builder neuropilCoefficient(final double value) {
            require(
                    value >= 0 && Double.isFinite(value),
                    "neuropil coefficient must be finite and >= 0",
                    value);
            this.neuropilCoefficient = value;
            return this;
        }

        /** Baseline percentile q in (0, 100) (default 8). */
        public Builder percentile(final double value) {
            require(value > 0 && value < 100, "baseline percentile must be in (0, 100)", value);
            this.percentile = value;
            return this;
        }

        /** Baseline window in frames, at least 1 (default 500). */
        public Builder window(final int value) {
            require(value >= 1, "baseline window must be at least 1 frame", value);
            this.window = value;
            return this;
        }

        /** A fixed decay time in seconds (default: NaN, g estimated per ROI). */
        public Builder tauSeconds(final double value) {
            require(
                    Double.isNaN(value) || (value > 0 && Double.isFinite(value)),
                    "tau must be a positive number of seconds",
                    value);
            this.tauSeconds = value;
            return this;
        }

        /** Frames buffered per ROI for the estimates, at least 16 (default 2000). */
        public Builder estimationFrames(final int value) {
            require(value >= 16, "estimation frames must be at least 16", value);
            this.estimationFrames = value;
            return this;
        }

        /** Decay time where the estimate of g fails, seconds (default 1). */
        public Builder fallbackTauSeconds(final double value) {
            require(
                    value > 0 && Double.isFinite(value),
                    "fallback tau must be a positive number of seconds",
                    value);
            this.fallbackTauSeconds = value;
            return this;
        }

        /** Emission lag in frames, in [0, 2^20] (default 10). */
        public Builder lag(final int value) {
            require(value >= 0 && value <= 1 << 20, "lag must be in [0, 1048576] frames", value);
            this.lag = value;
            return this;
        }

        /** Minimum spike size, dF/F units, finite and &gt;= 0 (default 0.5). */
        public Builder sMin(final double value) {
            require(
                    value >= 0 && Double.isFinite(value),
                    "minimum spike size must be finite and >= 0",
                    value);
            this.sMin = value;
            return this;
        }

        /** L1 penalty, dF/F units, finite and &gt;= 0 (default 0). */
        public Builder l1Penalty(final double value) {
            require(
                    value >= 0 && Double.isFinite(value),
                    "L1 penalty must be finite and >= 0",
                    value);
            this.l1Penalty = value;
            return this;
        }

        /** The OASIS baseline b in dF/F units (default NaN: automatic). */
        public Builder oasisBaseline(final double value) {
            require(!Double.isInfinite(value), "OASIS baseline must be finite", value);
            this.oasisBaseline = value;
            return this;
        }

        /**
         * The OASIS baseline as {@code calcium --oasis-baseline} gives it: {@code auto} (the
         * default), or a number in dF/F units.
         */
        public Builder oasisBaseline(final String text) {
            if (text.equals("auto")) {
                return this;
            }
            try {
                return oasisBaseline(Double.parseDouble(text));
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--oasis-baseline must be auto or a number, got '" + text + "'");
            }
        }

        /** The options. */
        public CalciumOptions build() {
            return new CalciumOptions(this);
        }

        private static void require(final boolean ok, final String what, final double value) {
            if (!ok) {
                throw new IllegalArgumentException(
                        what
                                + ", got "
                                + (value == Math.rint(value) && Math.abs(value) < 1e15
                                        ? Long.toString((long) value)
                                        : Double.toString(value)));
            }
        }
    }
}
