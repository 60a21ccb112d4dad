package org.neurostream.operators.avalanche;

import java.util.Objects;

/**
 * Immutable parameters of an avalanche analysis (docs/features.md#avalanche-parameters), checked
 * when built.
 *
 * <p>Defaults: threshold |z| &gt; {@value ThresholdEventDetector#DEFAULT_THRESHOLD}, baseline
 * {@link ZScoreBaseline#WHOLE_SPAN} (running: time constant {@value #DEFAULT_RUNNING_SECONDS} s),
 * automatic bin width (mean inter-event interval of the pooled events), sizes in events, x_min
 * candidates leaving {@value PowerLawFitter#DEFAULT_MIN_TAIL} values in the tail, MR lags up to
 * {@value MultistepRegression#DEFAULT_K_MAX}, the scaling fit over durations T &gt;= {@value
 * #DEFAULT_SCALING_MIN_DURATION} bins that hold at least {@value #DEFAULT_SCALING_MIN_COUNT}
 * avalanches each; streaming: rolling statistics over the last {@value #DEFAULT_ROLLING} avalanches
 * and the MR estimate over every bin so far.
 */
public final class AvalancheOptions {

    /** Default time constant of the running baseline, seconds. */
    public static final double DEFAULT_RUNNING_SECONDS = 10.0;

    /** Default smallest duration in the scaling fit, bins. */
    public static final int DEFAULT_SCALING_MIN_DURATION = 5;

    /** Default least number of avalanches of one duration for it to enter the scaling fit. */
    public static final int DEFAULT_SCALING_MIN_COUNT = 10;

    /** Default number of avalanches the streaming rolling statistics cover. */
    public static final int DEFAULT_ROLLING = 1000;

    private final double threshold;
    private final ZScoreBaseline baseline;
    private final double runningSeconds;
    private final double binWidth;
    private final SizeMeasure sizeMeasure;
    private final int minTail;
    private final int kMax;
    private final int scalingMinDuration;
    private final int scalingMinCount;
    private final int rollingAvalanches;
    private final int regressionWindowBins;

    private AvalancheOptions(Builder b) {
        this.threshold = b.threshold;
        this.baseline = Objects.requireNonNull(b.baseline, "baseline");
        this.runningSeconds = b.runningSeconds;
        this.binWidth = b.binWidth;
        this.sizeMeasure = Objects.requireNonNull(b.sizeMeasure, "sizeMeasure");
        this.minTail = b.minTail;
        this.kMax = b.kMax;
        this.scalingMinDuration = b.scalingMinDuration;
        this.scalingMinCount = b.scalingMinCount;
        this.rollingAvalanches = b.rollingAvalanches;
        this.regressionWindowBins = b.regressionWindowBins;
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException(
                    "threshold must be finite and > 0, got " + threshold);
        }
        if (!(runningSeconds > 0) || Double.isInfinite(runningSeconds)) {
            throw new IllegalArgumentException(
                    "running time constant must be finite and > 0 s," + " got " + runningSeconds);
        }
        if (!(binWidth >= 0) || Double.isInfinite(binWidth)) {
            throw new IllegalArgumentException(
                    "bin width must be finite and > 0 (or 0 = auto)," + " got " + binWidth);
        }
        if (minTail < 1
                || kMax < 1
                || scalingMinDuration < 1
                || scalingMinCount < 1
                || rollingAvalanches < 1
                || regressionWindowBins < 0) {
            throw new IllegalArgumentException(
                    "minTail, kMax, scaling limits and the rolling"
                            + " count must be >= 1 and the MR window >= 0");
        }
        if (regressionWindowBins != 0 && regressionWindowBins < kMax + 2) {
            throw new IllegalArgumentException(
                    "the MR window must hold at least kMax + 2 = "
                            + (kMax + 2)
                            + " bins, got "
                            + regressionWindowBins);
        }
    }

    /**
     * A bin width as a user writes it: {@code auto} (null), or a positive number of microseconds.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Double parseBinWidthUs(final String text) {
        if (text.equalsIgnoreCase("auto")) {
            return null;
        }
        try {
            final double v = Double.parseDouble(text);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "--bin-us must be a positive number of microseconds or auto, got '" + text + "'");
    }

    /** A builder with every parameter at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The default options. */
    public static AvalancheOptions defaults() {
        return builder().build();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder()
                .threshold(threshold)
                .baseline(baseline)
                .runningSeconds(runningSeconds)
                .binWidth(binWidth)
                .sizeMeasure(sizeMeasure)
                .minTail(minTail)
                .kMax(kMax)
                .scalingMinDuration(scalingMinDuration)
                .scalingMinCount(scalingMinCount)
                .rollingAvalanches(rollingAvalanches)
                .regressionWindowBins(regressionWindowBins);
    }

    /** Event threshold on |z|. */
    public double threshold() {
        return threshold;
    }

    /** Where the z-score's mean and standard deviation come from. */
    public ZScoreBaseline baseline() {
        return baseline;
    }

    /** Time constant of the running baseline, seconds. */
    public double runningSeconds() {
        return runningSeconds;
    }

    /** Bin width in the input's time unit (samples or microseconds); 0 = automatic. */
    public double binWidth() {
        return binWidth;
    }

    /** Whether the bin width is the automatic mean inter-event interval. */
    public boolean autoBinWidth() {
        return binWidth == 0.0;
    }

    /** What sizes measure. */
    public SizeMeasure sizeMeasure() {
        return sizeMeasure;
    }

    /** Least number of values in the tail of an x_min candidate. */
    public int minTail() {
        return minTail;
    }

    /** Largest lag of the MR estimator. */
    public int kMax() {
        return kMax;
    }

    /** Smallest duration (bins) in the scaling fit. */
    public int scalingMinDuration() {
        return scalingMinDuration;
    }

    /** Least number of avalanches of one duration for it to enter the scaling fit. */
    public int scalingMinCount() {
        return scalingMinCount;
    }

    /** Number of most recent avalanches the streaming rolling statistics cover. */
    public int rollingAvalanches() {
        return rollingAvalanches;
    }

    /** Bins in the streaming MR window; 0 = every bin since the start. */
    public int regressionWindowBins() {
        return regressionWindowBins;
    }

    /** Builder of {@link AvalancheOptions}; {@link #build()} checks the values. */
    public static final class Builder {
        private double threshold = ThresholdEventDetector.DEFAULT_THRESHOLD;
        private ZScoreBaseline baseline = ZScoreBaseline.WHOLE_SPAN;
        private double runningSeconds = DEFAULT_RUNNING_SECONDS;
        private double binWidth;
        private SizeMeasure sizeMeasure = SizeMeasure.EVENTS;
        private int minTail = PowerLawFitter.DEFAULT_MIN_TAIL;
        private int kMax = MultistepRegression.DEFAULT_K_MAX;
        private int scalingMinDuration = DEFAULT_SCALING_MIN_DURATION;
        private int scalingMinCount = DEFAULT_SCALING_MIN_COUNT;
        private int rollingAvalanches = DEFAULT_ROLLING;
        private int regressionWindowBins;

        private Builder() {}

        /** Event threshold on |z| (default 3). */
        public Builder threshold(double value) {
            this.threshold = value;
            return this;
        }

        /** Baseline of the z-score (default whole span). */
        public Builder baseline(ZScoreBaseline value) {
            this.baseline = value;
            return this;
        }

        /** Time constant of the running baseline in seconds (default 10). */
        public Builder runningSeconds(double value) {
            this.runningSeconds = value;
            return this;
        }

        /** Bin width in the input's time unit; 0 = automatic (the default). */
        public Builder binWidth(double value) {
            this.binWidth = value;
            return this;
        }

        /** What sizes measure (default events). */
        public Builder sizeMeasure(SizeMeasure value) {
            this.sizeMeasure = value;
            return this;
        }

        /** Least number of tail values of an x_min candidate (default 100). */
        public Builder minTail(int value) {
            this.minTail = value;
            return this;
        }

        /** Largest MR lag (default 40). */
        public Builder kMax(int value) {
            this.kMax = value;
            return this;
        }

        /** Smallest duration in the scaling fit (default 5 bins). */
        public Builder scalingMinDuration(int value) {
            this.scalingMinDuration = value;
            return this;
        }

        /** Least avalanches per duration in the scaling fit (default 10). */
        public Builder scalingMinCount(int value) {
            this.scalingMinCount = value;
            return this;
        }

        /** Avalanches covered by the streaming rolling statistics (default 1000). */
        public Builder rollingAvalanches(int value) {
            this.rollingAvalanches = value;
            return this;
        }

        /** Bins in the streaming MR window, 0 = cumulative (the default). */
        public Builder regressionWindowBins(int value) {
            this.regressionWindowBins = value;
            return this;
        }

        /** The checked options. */
        public AvalancheOptions build() {
            return new AvalancheOptions(this);
        }
    }
}
