package org.neurostream.operators.descriptors;

import java.util.List;
import org.neurostream.core.records.AlphaRecord;
import org.neurostream.core.records.AperiodicRecord;
import org.neurostream.core.records.ConnectivityRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.core.records.DfaRecord;
import org.neurostream.core.records.HjorthRecord;
import org.neurostream.core.records.PacRecord;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.WelchConfig;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * The descriptor kernels for signals of one layout and length (channels, sampling rate, samples per
 * window), and the records they fill: the offline analysis runs one over the whole span, the
 * streaming function one over its 10 s windows and one over its 60 s DFA windows, so that both run
 * the same code. Each kernel is made at its first use; after that nothing is allocated per window
 * but the records themselves, Hipparchus' fit matrices and JTransforms' scratch for
 * non-power-of-two transforms.
 *
 * <p>Channels are screened first ({@link #screen}): a channel with a non-finite sample or with all
 * samples equal gets no values in any record, with its reason. One instance per thread.
 */
public final class DescriptorKernels {
    private final DescriptorOptions options;
    private final int channels;
    private final double fs;
    private final int length;
    private final boolean[] usable;
    private final String[] unusableReason;
    private PhaseSynchronyKernel connectivity;
    private WelchConfig welchConfig;
    private WelchKernel welch;
    private int[] peakChannel;
    private double[][] peak;
    private AperiodicFit aperiodic;
    private int fitFirstBin;
    private double[] psd;
    private ModulationIndex pac;
    private DetrendedFluctuation dfa;
    private InstantaneousFrequency instantaneous;
    private final double[] hjorth = new double[3];
    private final boolean sharedAnalytic;
    private double[][] values;

    /**
     * Kernels for {@code channels} channels at {@code fs} Hz over windows of {@code length}
     * samples.
     *
     * @throws IllegalArgumentException when a band of the options does not fit fs
     */
    public DescriptorKernels(
            final DescriptorOptions options,
            final int channels,
            final double fs,
            final int length) {
        options.check(fs);
        this.options = options;
        this.channels = channels;
        this.fs = fs;
        this.length = length;
        this.usable = new boolean[channels];
        this.unusableReason = new String[channels];
        this.sharedAnalytic =
                options.dfaBand.lo() == options.alphaBand.lo()
                        && options.dfaBand.hi() == options.alphaBand.hi();
    }

    /** Samples per window. */
    public int length() {
        return length;
    }

    /**
     * Marks the channels of {@code x[c][offset .. offset + length)} that have values: every sample
     * finite and not all equal. Call before the descriptors of that window.
     */
    public void screen(final float[][] x, final int offset) {
        for (int c = 0; c < channels; c++) {
            final float[] xc = x[c];
            final float first = xc[offset];
            boolean finite = true;
            boolean flat = true;
            for (int i = 0; i < length; i++) {
                final float v = xc[offset + i];
                finite &= Float.isFinite(v);
                flat &= v == first;
            }
            usable[c] = finite && !flat;
            unusableReason[c] =
                    !finite
                            ? "channel holds a NaN or infinite sample"
                            : flat
                                    ? "flat channel: all " + length + " samples equal " + first
                                    : null;
        }
    }

    /** Whether channel c passed the last {@link #screen}. */
    public boolean usable(final int c) {
        return usable[c];
    }

    /** Epochs of the connectivity estimate in one window: floor(length / epoch samples). */
    public int epochs() {
        return length / options.epochSamples(fs);
    }

    /** Connectivity over the window's non-overlapping epochs (the remainder left out). */
    public ConnectivityRecord connectivity(final float[][] x, final int offset) {
        final int epochSamples = options.epochSamples(fs);
        final int epochs = epochs();
        final ConnectivityRecord r = new ConnectivityRecord();
        r.channels = channels;
        final List<Band> bands = options.bands;
        r.bands = bands.stream().map(Band::name).toArray(String[]::new);
        r.loHz = bands.stream().mapToDouble(Band::lo).toArray();
        r.hiHz = bands.stream().mapToDouble(Band::hi).toArray();
        r.epochs = epochs;
        r.epochSamples = epochSamples;
        final int pairs = channels * (channels - 1) / 2;
        r.plv = new Double[bands.size() * pairs];
        r.pli = new Double[r.plv.length];
        r.wpli = new Double[r.plv.length];
        if (channels < 2 || epochs < 1) {
            for (int c = 0; c < channels; c++) {
                r.missing(
                        c,
                        "*",
                        channels < 2
                                ? "connectivity needs at least 2 channels"
                                : "the span holds no whole epoch of " + epochSamples + " samples");
            }
            return r;
        }
        if (connectivity == null) {
            connectivity =
                    new PhaseSynchronyKernel(
                            channels, fs, epochSamples, bands, Math.min(epochs, 64));
            values = new double[3][bands.size() * pairs];
        }
        connectivity.compute(x, offset, epochs, usable, values[0], values[1], values[2]);
        for (int i = 0; i < r.plv.length; i++) {
            r.plv[i] = box(values[0][i]);
            r.pli[i] = box(values[1][i]);
            r.wpli[i] = box(values[2][i]);
        }
        for (int c = 0; c < channels; c++) {
            if (!usable[c]) {
                r.missing(c, "*", unusableReason[c]);
            }
        }
        return r;
    }

    /** Hjorth parameters of every channel over the window. */
    public HjorthRecord hjorth(final float[][] x, final int offset) {
        final HjorthRecord r = new HjorthRecord();
        r.channels = channels;
        r.activity = new Double[channels];
        r.mobility = new Double[channels];
        r.complexity = new Double[channels];
        hjorth(x, offset, r, 0, channels);
        return r;
    }

    /** Fills channels [from, to) of {@code r}. */
    public void hjorth(
            final float[][] x,
            final int offset,
            final HjorthRecord r,
            final int from,
            final int to) {
        for (int c = from; c < to; c++) {
            if (!usable[c]) {
                r.missing(c, "*", unusableReason[c]);
                continue;
            }
            Hjorth.compute(x[c], offset, length, hjorth, 0);
            r.activity[c] = box(hjorth[0]);
            r.mobility[c] = box(hjorth[1]);
            r.complexity[c] = box(hjorth[2]);
            if (r.mobility[c] == null || r.complexity[c] == null) {
                r.missing(c, "mobility", "a difference of the signal has zero variance");
            }
        }
    }

    /**
     * The aperiodic fit of every channel's Welch spectrum, and from it the alpha peak; the alpha
     * record gets its instantaneous frequency too. Returns {aperiodic, alpha}.
     */
    public DescriptorRecord[] aperiodicAndAlpha(final float[][] x, final int offset) {
        final AperiodicRecord a = new AperiodicRecord();
        a.channels = channels;
        a.offset = new Double[channels];
        a.exponent = new Double[channels];
        a.rSquared = new Double[channels];
        a.nPeaks = new Integer[channels];
        final AlphaRecord alpha = new AlphaRecord();
        alpha.channels = channels;
        alpha.peakHz = new Double[channels];
        alpha.instantaneousHz = new Double[channels];
        aperiodicAndAlpha(x, offset, a, alpha, 0, channels);
        return new DescriptorRecord[] {a, alpha};
    }

    /** Fills channels [from, to) of {@code a} and {@code alpha}. */
    public void aperiodicAndAlpha(
            final float[][] x,
            final int offset,
            final AperiodicRecord a,
            final AlphaRecord alpha,
            final int from,
            final int to) {
        if (welch == null) {
            welchConfig = options.welchConfig(fs);
            final WelchConfig config = welchConfig;
            welch = new WelchKernel(config);
            psd = new double[welch.bins()];
            final double step = 1.0 / (config.nperseg() * (1.0 / fs));
            int first = -1;
            int count = 0;
            for (int k = 0; k < welch.bins(); k++) {
                final double f = k * step;
                if (f >= options.aperiodicLo && f <= options.aperiodicHi) {
                    first = first < 0 ? k : first;
                    count++;
                }
            }
            fitFirstBin = first;
            final double[] freqs = new double[Math.max(count, 0)];
            for (int i = 0; i < count; i++) {
                freqs[i] = (first + i) * step;
            }
            aperiodic =
                    count < 3
                            ? null
                            : new AperiodicFit(
                                    freqs,
                                    options.peakWidthLow,
                                    options.peakWidthHigh,
                                    options.maxPeaks,
                                    options.minPeakHeight,
                                    options.peakThreshold);
            instantaneous =
                    new InstantaneousFrequency(fs, options.alphaBand, options.firSeconds, length);
            // a peak takes at least one fitted bin
            final int most = channels * (aperiodic == null ? 0 : aperiodic.size());
            peakChannel = new int[most];
            peak = new double[3][most];
        }
        final WelchConfig config = welchConfig;
        final int[] peakChannel = this.peakChannel;
        final double[][] peak = this.peak;
        int peaks = 0;
        for (int c = from; c < to; c++) {
            if (!usable[c]) {
                a.missing(c, "*", unusableReason[c]);
                alpha.missing(c, "*", unusableReason[c]);
                continue;
            }
            String reason = null;
            if (aperiodic == null) {
                reason =
                        "the range "
                                + options.aperiodicLo
                                + "-"
                                + options.aperiodicHi
                                + " Hz holds fewer than 3 Welch bins";
            } else if (welch.psd(x[c], offset, length, psd, 0) == 0) {
                reason =
                        "the span holds fewer samples than one Welch segment ("
                                + config.nperseg()
                                + ")";
            } else {
                reason = aperiodic.fit(psd, fitFirstBin);
            }
            if (reason != null) {
                a.missing(c, "*", reason);
                alpha.missing(c, "peak_hz", "no aperiodic fit: " + reason);
            } else {
                a.offset[c] = aperiodic.offset();
                a.exponent[c] = aperiodic.exponent();
                a.rSquared[c] = aperiodic.rSquared();
                a.nPeaks[c] = aperiodic.peakCount();
                for (int p = 0; p < aperiodic.peakCount(); p++) {
                    peakChannel[peaks] = c;
                    peak[0][peaks] = aperiodic.peakCenter(p);
                    peak[1][peaks] = aperiodic.peakPower(p);
                    peak[2][peaks] = aperiodic.peakBandwidth(p);
                    peaks++;
                }
                alpha.peakHz[c] = alphaPeak();
                if (alpha.peakHz[c] == null) {
                    alpha.missing(
                            c,
                            "peak_hz",
                            "no fitted bin in "
                                    + options.alphaPeakLo
                                    + "-"
                                    + options.alphaPeakHi
                                    + " Hz");
                }
            }
            if (length < instantaneous.minLength()) {
                alpha.missing(
                        c,
                        "instantaneous_hz",
                        "the band-pass needs at least "
                                + instantaneous.minLength()
                                + " samples, the span has "
                                + length);
            } else {
                alpha.instantaneousHz[c] = box(instantaneous.compute(x[c], offset, length));
            }
        }
        a.addPeaks(peakChannel, peak[0], peak[1], peak[2], peaks);
    }

    /** The frequency of the highest aperiodic-corrected bin in the alpha peak range, or null. */
    private Double alphaPeak() {
        final double[] freqs = aperiodic.frequencies();
        int best = -1;
        for (int i = 0; i < freqs.length; i++) {
            if (freqs[i] >= options.alphaPeakLo
                    && freqs[i] <= options.alphaPeakHi
                    && (best < 0 || aperiodic.flattened(i) > aperiodic.flattened(best))) {
                best = i;
            }
        }
        return best < 0 ? null : freqs[best];
    }

    /** Tort's MI of every channel over the window. */
    public PacRecord pac(final float[][] x, final int offset) {
        final PacRecord r = new PacRecord();
        r.channels = channels;
        r.phaseLo = options.pacPhase.lo();
        r.phaseHi = options.pacPhase.hi();
        r.ampLo = options.pacAmplitude.lo();
        r.ampHi = options.pacAmplitude.hi();
        r.mi = new Double[channels];
        pac(x, offset, r, 0, channels);
        return r;
    }

    /** Fills channels [from, to) of {@code r}. */
    public void pac(
            final float[][] x, final int offset, final PacRecord r, final int from, final int to) {
        if (pac == null) {
            try {
                pac =
                        new ModulationIndex(
                                fs,
                                options.pacPhase,
                                options.pacAmplitude,
                                options.pacBins,
                                length);
            } catch (final IllegalArgumentException e) {
                for (int c = from; c < to; c++) {
                    r.missing(c, "mi", e.getMessage());
                }
                return;
            }
        }
        for (int c = from; c < to; c++) {
            if (!usable[c]) {
                r.missing(c, "*", unusableReason[c]);
                continue;
            }
            r.mi[c] = box(pac.compute(x[c], offset));
            if (r.mi[c] == null) {
                r.missing(c, "mi", "the amplitude envelope is zero");
            }
        }
    }

    /** Boxes v, or null where it is not finite. */
    private static Double box(final double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** DFA of every channel's band envelope over the window. */
    public DfaRecord dfa(final float[][] x, final int offset) {
        final DfaRecord r = new DfaRecord();
        r.channels = channels;
        r.band = options.dfaBand.name();
        r.loHz = options.dfaBand.lo();
        r.hiHz = options.dfaBand.hi();
        r.alpha = new Double[channels];
        r.rSquared = new Double[channels];
        dfa(x, offset, r, 0, channels);
        return r;
    }

    /** Fills channels [from, to) of {@code r}. */
    public void dfa(
            final float[][] x, final int offset, final DfaRecord r, final int from, final int to) {
        if (dfa == null) {
            final int[] sizes = options.dfaWindowSizes(fs);
            if (sizes[sizes.length - 1] >= length) {
                for (int c = from; c < to; c++) {
                    r.missing(
                            c,
                            "*",
                            "the largest DFA window ("
                                    + sizes[sizes.length - 1]
                                    + " samples) is not shorter than the span ("
                                    + length
                                    + ")");
                }
                return;
            }
            dfa = new DetrendedFluctuation(fs, options.dfaBand, options.firSeconds, sizes, length);
        }
        for (int c = from; c < to; c++) {
            if (!usable[c]) {
                r.missing(c, "*", unusableReason[c]);
                continue;
            }
            // the alpha instantaneous frequency of the same span and band made the analytic signal
            final String reason =
                    sharedAnalytic
                                    && instantaneous != null
                                    && instantaneous.holds(x[c], offset, length)
                            ? dfa.fromAnalytic(
                                    instantaneous.real(), instantaneous.imaginary(), length)
                            : dfa.compute(x[c], offset, length);
            if (reason != null) {
                r.missing(c, "*", reason);
            } else {
                r.alpha[c] = dfa.alpha();
                r.rSquared[c] = box(dfa.rSquared());
            }
        }
    }
}
