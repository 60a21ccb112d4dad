package org.neurostream.operators.descriptors;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.WelchConfig;

/**
 * Every setting of the resting-state descriptors, offline and streaming, immutable and checked
 * against a sampling rate by {@link #check(double)}. Defaults: the bands of {@code bandpower}
 * (delta 1-4, theta 4-8, alpha 8-13, beta 13-30, gamma 30-45 Hz), 2 s connectivity epochs, FOOOF
 * 1.1's settings over 2-40 Hz of the {@code bandpower} Welch spectrum, DFA of the alpha (8-13 Hz)
 * envelope with a 2 s FIR over 10 window sizes from 1 s to 6 s, PAC of 8-12 Hz phase and 30-45 Hz
 * amplitude in 18 bins, the alpha peak in 7-14 Hz and the instantaneous frequency of 8-13 Hz.
 * Streaming: connectivity, aperiodic, Hjorth, PAC and alpha every 1 s over the last 10 s; DFA every
 * 10 s over the last 60 s.
 */
public final class DescriptorOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The defaults above. */
    public static final DescriptorOptions DEFAULTS = builder().build();

    public final List<Band> bands;
    public final double epochSeconds;
    public final double aperiodicLo;
    public final double aperiodicHi;
    public final double peakWidthLow;
    public final double peakWidthHigh;
    public final int maxPeaks;
    public final double minPeakHeight;
    public final double peakThreshold;
    public final Band dfaBand;
    public final double firSeconds;
    public final double dfaMinSeconds;
    public final double dfaMaxSeconds;
    public final int dfaSizes;
    public final Band pacPhase;
    public final Band pacAmplitude;
    public final int pacBins;
    public final double alphaPeakLo;
    public final double alphaPeakHi;
    public final Band alphaBand;
    public final double windowSeconds;
    public final double hopSeconds;
    public final double dfaWindowSeconds;
    public final double dfaHopSeconds;

    private DescriptorOptions(final Builder b) {
        this.bands = List.copyOf(b.bands);
        this.epochSeconds = b.epochSeconds;
        this.aperiodicLo = b.aperiodicLo;
        this.aperiodicHi = b.aperiodicHi;
        this.peakWidthLow = b.peakWidthLow;
        this.peakWidthHigh = b.peakWidthHigh;
        this.maxPeaks = b.maxPeaks;
        this.minPeakHeight = b.minPeakHeight;
        this.peakThreshold = b.peakThreshold;
        this.dfaBand = b.dfaBand;
        this.firSeconds = b.firSeconds;
        this.dfaMinSeconds = b.dfaMinSeconds;
        this.dfaMaxSeconds = b.dfaMaxSeconds;
        this.dfaSizes = b.dfaSizes;
        this.pacPhase = b.pacPhase;
        this.pacAmplitude = b.pacAmplitude;
        this.pacBins = b.pacBins;
        this.alphaPeakLo = b.alphaPeakLo;
        this.alphaPeakHi = b.alphaPeakHi;
        this.alphaBand = b.alphaBand;
        this.windowSeconds = b.windowSeconds;
        this.hopSeconds = b.hopSeconds;
        this.dfaWindowSeconds = b.dfaWindowSeconds;
        this.dfaHopSeconds = b.dfaHopSeconds;
        if (bands.isEmpty()) {
            throw new IllegalArgumentException("at least one connectivity band is needed");
        }
        positive("epoch length", epochSeconds);
        positive("FIR length", firSeconds);
        positive("window", windowSeconds);
        positive("hop", hopSeconds);
        positive("DFA window", dfaWindowSeconds);
        positive("DFA hop", dfaHopSeconds);
        if (!(aperiodicLo > 0 && aperiodicLo < aperiodicHi)) {
            throw new IllegalArgumentException(
                    "aperiodic range " + aperiodicLo + "-" + aperiodicHi + " Hz: need 0 < lo < hi");
        }
        if (!(peakWidthLow > 0 && peakWidthLow < peakWidthHigh) || maxPeaks < 0) {
            throw new IllegalArgumentException("peak width limits need 0 < low < high");
        }
        if (!(dfaMinSeconds > 0 && dfaMinSeconds < dfaMaxSeconds) || dfaSizes < 2) {
            throw new IllegalArgumentException(
                    "DFA windows need 0 < min < max seconds and at least 2 sizes");
        }
        if (pacBins < 2) {
            throw new IllegalArgumentException("PAC needs at least 2 phase bins");
        }
        if (!(alphaPeakLo < alphaPeakHi)) {
            throw new IllegalArgumentException("alpha peak range needs lo < hi");
        }
    }

    private static void positive(final String what, final double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be a positive number of seconds");
        }
    }

    /** A builder at the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        final Builder b = new Builder();
        b.bands = bands;
        b.epochSeconds = epochSeconds;
        b.aperiodicLo = aperiodicLo;
        b.aperiodicHi = aperiodicHi;
        b.peakWidthLow = peakWidthLow;
        b.peakWidthHigh = peakWidthHigh;
        b.maxPeaks = maxPeaks;
        b.minPeakHeight = minPeakHeight;
        b.peakThreshold = peakThreshold;
        b.dfaBand = dfaBand;
        b.firSeconds = firSeconds;
        b.dfaMinSeconds = dfaMinSeconds;
        b.dfaMaxSeconds = dfaMaxSeconds;
        b.dfaSizes = dfaSizes;
        b.pacPhase = pacPhase;
        b.pacAmplitude = pacAmplitude;
        b.pacBins = pacBins;
        b.alphaPeakLo = alphaPeakLo;
        b.alphaPeakHi = alphaPeakHi;
        b.alphaBand = alphaBand;
        b.windowSeconds = windowSeconds;
        b.hopSeconds = hopSeconds;
        b.dfaWindowSeconds = dfaWindowSeconds;
        b.dfaHopSeconds = dfaHopSeconds;
        return b;
    }

    /**
     * Checks every band against the sampling rate: each must lie inside (0, fs / 2), and the
     * connectivity bands must hold a frequency of the epoch's FFT.
     *
     * @throws IllegalArgumentException naming the option and the band
     */
    public void check(final double fs) {
        final double nyquist = fs / 2;
        for (final Band band : bands) {
            inside("--bands", band, nyquist);
        }
        inside("--dfa-band", dfaBand, nyquist);
        inside("PAC phase band", pacPhase, nyquist);
        inside("PAC amplitude band", pacAmplitude, nyquist);
        inside("alpha band", alphaBand, nyquist);
        if (aperiodicHi >= nyquist) {
            throw new IllegalArgumentException(
                    "aperiodic range "
                            + aperiodicLo
                            + "-"
                            + aperiodicHi
                            + " Hz reaches Nyquist ("
                            + nyquist
                            + " Hz at "
                            + fs
                            + " Hz)");
        }
        new PhaseSynchronyKernel(2, fs, epochSamples(fs), bands, 1);
    }

    private static void inside(final String option, final Band band, final double nyquist) {
        if (!(band.lo() > 0 && band.hi() < nyquist)) {
            throw new IllegalArgumentException(
                    option
                            + ": band "
                            + band
                            + " Hz is outside (0, "
                            + nyquist
                            + ") Hz, the open range below Nyquist at "
                            + 2 * nyquist
                            + " Hz");
        }
    }

    /** Samples per connectivity epoch at fs. */
    public int epochSamples(final double fs) {
        return (int) Math.round(epochSeconds * fs);
    }

    /** The Welch configuration of {@code bandpower}'s defaults at fs (2 s Hann, 50 % overlap). */
    public WelchConfig welchConfig(final double fs) {
        return WelchConfig.defaults(fs);
    }

    /** DFA window sizes at fs, samples. */
    public int[] dfaWindowSizes(final double fs) {
        return DetrendedFluctuation.windowSizes(fs, dfaMinSeconds, dfaMaxSeconds, dfaSizes);
    }

    /** Samples in the streaming window / hop and the DFA window / hop at fs. */
    public int windowSamples(final double fs) {
        return (int) Math.round(windowSeconds * fs);
    }

    public int hopSamples(final double fs) {
        return (int) Math.round(hopSeconds * fs);
    }

    public int dfaWindowSamples(final double fs) {
        return (int) Math.round(dfaWindowSeconds * fs);
    }

    public int dfaHopSamples(final double fs) {
        return (int) Math.round(dfaHopSeconds * fs);
    }

    @Override
    public String toString() {
        return "bands="
                + bands
                + " epoch="
                + epochSeconds
                + "s aperiodic="
                + aperiodicLo
                + "-"
                + aperiodicHi
                + " dfa="
                + dfaBand
                + " pac="
                + pacPhase
                + "/"
                + pacAmplitude
                + " alpha="
                + alphaBand
                + " window="
                + windowSeconds
                + "s/"
                + hopSeconds
                + "s dfaWindow="
                + dfaWindowSeconds
                + "s/"
                + dfaHopSeconds
                + "s";
    }

    /** Builds {@link DescriptorOptions}; every setter returns the builder. */
    public static final class Builder {
        private List<Band> bands = Band.DEFAULT_BANDS;
        private double epochSeconds = 2;
        private double aperiodicLo = 2;
        private double aperiodicHi = 40;
        private double peakWidthLow = 0.5;
        private double peakWidthHigh = 12;
        private int maxPeaks = Integer.MAX_VALUE;
        private double minPeakHeight = 0;
        private double peakThreshold = 2;
        private Band dfaBand = new Band("alpha", 8, 13);
        private double firSeconds = 2;
        private double dfaMinSeconds = 1;
        private double dfaMaxSeconds = 6;
        private int dfaSizes = 10;
        private Band pacPhase = new Band("phase", 8, 12);
        private Band pacAmplitude = new Band("amplitude", 30, 45);
        private int pacBins = 18;
        private double alphaPeakLo = 7;
        private double alphaPeakHi = 14;
        private Band alphaBand = new Band("alpha", 8, 13);
        private double windowSeconds = 10;
        private double hopSeconds = 1;
        private double dfaWindowSeconds = 60;
        private double dfaHopSeconds = 10;

        private Builder() {}

        /** Connectivity bands. */
        public Builder bands(final List<Band> v) {
            this.bands = Objects.requireNonNull(v);
            return this;
        }

        /** Connectivity epoch length, s. */
        public Builder epochSeconds(final double v) {
            this.epochSeconds = v;
            return this;
        }

        /** Aperiodic fit range, Hz. */
        public Builder aperiodicRange(final double lo, final double hi) {
            this.aperiodicLo = lo;
            this.aperiodicHi = hi;
            return this;
        }

        /** FOOOF settings: peak width limits (Hz), maximum peaks, minimum height, threshold. */
        public Builder peaks(
                final double widthLow,
                final double widthHigh,
                final int max,
                final double minHeight,
                final double threshold) {
            this.peakWidthLow = widthLow;
            this.peakWidthHigh = widthHigh;
            this.maxPeaks = max;
            this.minPeakHeight = minHeight;
            this.peakThreshold = threshold;
            return this;
        }

        /**
         * DFA envelope band as {@code --dfa-band} gives it: one band of {@link Band#parseList}.
         *
         * @throws IllegalArgumentException when it does not parse or holds more than one band
         */
        public Builder dfaBand(final String text) {
            final List<Band> bands = Band.parseList(text);
            if (bands.size() != 1) {
                throw new IllegalArgumentException("--dfa-band takes one band, got " + text);
            }
            return dfaBand(bands.get(0));
        }

        /** DFA envelope band. */
        public Builder dfaBand(final Band v) {
            this.dfaBand = Objects.requireNonNull(v);
            return this;
        }

        /** FIR length of the DFA and alpha band-passes, s (taps = round(s x fs) + 1). */
        public Builder firSeconds(final double v) {
            this.firSeconds = v;
            return this;
        }

        /** DFA window sizes: count log-spaced sizes from min to max seconds. */
        public Builder dfaWindows(
                final double minSeconds, final double maxSeconds, final int count) {
            this.dfaMinSeconds = minSeconds;
            this.dfaMaxSeconds = maxSeconds;
            this.dfaSizes = count;
            return this;
        }

        /** PAC bands and phase bins. */
        public Builder pac(final Band phase, final Band amplitude, final int bins) {
            this.pacPhase = Objects.requireNonNull(phase);
            this.pacAmplitude = Objects.requireNonNull(amplitude);
            this.pacBins = bins;
            return this;
        }

        /** Alpha peak search range (Hz) and the instantaneous-frequency band. */
        public Builder alpha(final double peakLo, final double peakHi, final Band band) {
            this.alphaPeakLo = peakLo;
            this.alphaPeakHi = peakHi;
            this.alphaBand = Objects.requireNonNull(band);
            return this;
        }

        /** Streaming window and hop of all descriptors but DFA, s. */
        public Builder window(final double seconds, final double hop) {
            this.windowSeconds = seconds;
            this.hopSeconds = hop;
            return this;
        }

        /** Streaming window and hop of DFA, s. */
        public Builder dfaWindow(final double seconds, final double hop) {
            this.dfaWindowSeconds = seconds;
            this.dfaHopSeconds = hop;
            return this;
        }

        /** The options; throws IllegalArgumentException when a setting is out of range. */
        public DescriptorOptions build() {
            return new DescriptorOptions(this);
        }
    }
}
