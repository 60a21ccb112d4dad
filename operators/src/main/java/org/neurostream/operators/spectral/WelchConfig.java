package org.neurostream.operators.spectral;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable parameters of a Welch band-power estimate (docs/features.md#band-power), checked once
 * when built so that the kernel never meets a configuration it cannot honour.
 *
 * <p>Defaults: {@code nperseg} = 2 s of samples, {@code noverlap} = nperseg / 2 (integer division,
 * as scipy), {@link Detrend#CONSTANT}, {@link BandIntegration#RECT}, {@link Band#DEFAULT_BANDS} and
 * the relative-power range {@link Band#DEFAULT_RELATIVE_RANGE} (1-45 Hz). Bin k has frequency
 * {@code k * fs / nperseg}; there are {@code nperseg / 2 + 1} bins.
 */
public final class WelchConfig {

    private final double fs;
    private final int nperseg;
    private final int noverlap;
    private final Detrend detrend;
    private final BandIntegration integration;
    private final List<Band> bands;
    private final Band relativeRange;

    private WelchConfig(Builder b) {
        this.fs = b.fs;
        this.nperseg = b.nperseg > 0 ? b.nperseg : (int) Math.round(2.0 * b.fs);
        this.noverlap = b.noverlap >= 0 ? b.noverlap : nperseg / 2;
        this.detrend = b.detrend;
        this.integration = b.integration;
        this.bands = List.copyOf(b.bands);
        this.relativeRange = b.relativeRange;
        validate();
    }

    /** A builder for sampling rate {@code fs} (Hz), with every other parameter at its default. */
    public static Builder builder(double fs) {
        return new Builder(fs);
    }

    /** The default configuration for sampling rate {@code fs} (Hz). */
    public static WelchConfig defaults(double fs) {
        return builder(fs).build();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        return new Builder(fs)
                .nperseg(nperseg)
                .noverlap(noverlap)
                .detrend(detrend)
                .integration(integration)
                .bands(bands)
                .relativeRange(relativeRange.lo(), relativeRange.hi());
    }

    /** Sampling rate in Hz. */
    public double fs() {
        return fs;
    }

    /** Samples per segment. */
    public int nperseg() {
        return nperseg;
    }

    /** Samples shared by consecutive segments. */
    public int noverlap() {
        return noverlap;
    }

    /** Distance in samples between consecutive segment starts: nperseg - noverlap. */
    public int step() {
        return nperseg - noverlap;
    }

    /** Segment detrending. */
    public Detrend detrend() {
        return detrend;
    }

    /** Band integration rule. */
    public BandIntegration integration() {
        return integration;
    }

    /** The bands, in output order (unmodifiable). */
    public List<Band> bands() {
        return bands;
    }

    /** The range whose power relative band powers divide by (named {@code total}). */
    public Band relativeRange() {
        return relativeRange;
    }

    /** Number of one-sided PSD bins: nperseg / 2 + 1. */
    public int bins() {
        return nperseg / 2 + 1;
    }

    /** Frequency of bin {@code k} in Hz: k * fs / nperseg (exact where that value is a double). */
    public double frequency(int k) {
        return k * fs / nperseg;
    }

    /** Bin width df = fs / nperseg in Hz. */
    public double binWidth() {
        return fs / nperseg;
    }

    /**
     * Number of full segments in {@code length} samples: segments start at 0, step {@link #step()},
     * and only whole segments count (scipy's default, no padding); 0 when length &lt; nperseg.
     */
    public int segmentCount(int length) {
        return length < nperseg ? 0 : (length - nperseg) / step() + 1;
    }

    /**
     * First bin of {@code band} under this configuration's rule: the smallest k with f_k &gt;= lo.
     */
    public int firstBin(Band band) {
        int k = 0;
        while (k < bins() && frequency(k) < band.lo()) {
            k++;
        }
        return k;
    }

    /**
     * Last bin of {@code band} under this configuration's rule: the largest k with f_k &lt; hi
     * (rect) or f_k &lt;= hi (trapz), at most the last bin; below {@link #firstBin} when the band
     * holds no bin.
     */
    public int lastBin(Band band) {
        int k = bins() - 1;
        while (k >= 0
                && !(integration == BandIntegration.RECT
                        ? frequency(k) < band.hi()
                        : frequency(k) <= band.hi())) {
            k--;
        }
        return k;
    }

    /**
     * The parameters as one line, for logs and feature metadata, for example {@code fs=256.0
     * nperseg=512 noverlap=256 window=hann detrend=constant integration=rect bands=delta:1-4,...
     * relative=1-45}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("fs=")
                .append(fs)
                .append(" nperseg=")
                .append(nperseg)
                .append(" noverlap=")
                .append(noverlap)
                .append(" window=hann detrend=")
                .append(detrend.label())
                .append(" integration=")
                .append(integration.label())
                .append(" bands=");
        for (int i = 0; i < bands.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(bands.get(i));
        }
        String range = relativeRange.toString();
        return sb.append(" relative=").append(range.substring(range.indexOf(':') + 1)).toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WelchConfig)) {
            return false;
        }
        WelchConfig c = (WelchConfig) o;
        return Double.compare(fs, c.fs) == 0
                && nperseg == c.nperseg
                && noverlap == c.noverlap
                && detrend == c.detrend
                && integration == c.integration
                && bands.equals(c.bands)
                && relativeRange.equals(c.relativeRange);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fs, nperseg, noverlap, detrend, integration, bands, relativeRange);
    }

    private void validate() {
        if (nperseg < 2) {
            throw new IllegalArgumentException("nperseg must be at least 2, got " + nperseg);
        }
        if (noverlap >= nperseg) {
            throw new IllegalArgumentException(
                    "noverlap must be in [0, nperseg), got "
                            + noverlap
                            + " with nperseg "
                            + nperseg);
        }
        if (bands.isEmpty()) {
            throw new IllegalArgumentException("at least one band is required");
        }
        Set<String> names = new HashSet<>();
        for (Band band : bands) {
            if (!names.add(band.name())) {
                throw new IllegalArgumentException("band '" + band.name() + "' appears twice");
            }
            checkHoldsBins(band);
        }
        checkHoldsBins(relativeRange);
    }

    private void checkHoldsBins(Band band) {
        // A band without bins would silently report zero power: refuse it here instead.
        int needed = integration == BandIntegration.RECT ? 1 : 2;
        int held = lastBin(band) - firstBin(band) + 1;
        if (held < needed) {
            throw new IllegalArgumentException(
                    "band "
                            + band
                            + " Hz holds "
                            + Math.max(held, 0)
                            + " PSD bin(s) at fs "
                            + fs
                            + " Hz and nperseg "
                            + nperseg
                            + " (bin width "
                            + binWidth()
                            + " Hz, Nyquist "
                            + fs / 2
                            + " Hz); "
                            + integration.label()
                            + " needs at least "
                            + needed);
        }
    }

    /** Builds a {@link WelchConfig}; every setter returns this builder. */
    public static final class Builder {
        private final double fs;
        private int nperseg = -1;
        private int noverlap = -1;
        private Detrend detrend = Detrend.CONSTANT;
        private BandIntegration integration = BandIntegration.RECT;
        private List<Band> bands = Band.DEFAULT_BANDS;
        private Band relativeRange = Band.DEFAULT_RELATIVE_RANGE;

        private Builder(double fs) {
            if (!Double.isFinite(fs) || fs <= 0) {
                throw new IllegalArgumentException("fs must be a positive number of Hz, got " + fs);
            }
            this.fs = fs;
        }

        /** Samples per segment (default: round(2 s x fs)). */
        public Builder nperseg(int nperseg) {
            if (nperseg < 2) {
                throw new IllegalArgumentException("nperseg must be at least 2, got " + nperseg);
            }
            this.nperseg = nperseg;
            return this;
        }

        /** Samples shared by consecutive segments (default: nperseg / 2). */
        public Builder noverlap(int noverlap) {
            if (noverlap < 0) {
                throw new IllegalArgumentException(
                        "noverlap must not be negative, got " + noverlap);
            }
            this.noverlap = noverlap;
            return this;
        }

        /** Segment detrending (default constant). */
        public Builder detrend(Detrend detrend) {
            this.detrend = Objects.requireNonNull(detrend, "detrend");
            return this;
        }

        /** Band integration rule (default rect). */
        public Builder integration(BandIntegration integration) {
            this.integration = Objects.requireNonNull(integration, "integration");
            return this;
        }

        /** The bands, in output order (default {@link Band#DEFAULT_BANDS}). */
        public Builder bands(List<Band> bands) {
            this.bands = List.copyOf(Objects.requireNonNull(bands, "bands"));
            return this;
        }

        /** The bands in text form, as {@link Band#parseList}: "delta:1-4,theta:4-8,...". */
        public Builder bands(String text) {
            return bands(Band.parseList(text));
        }

        /** The range of the total power for relative band power, in Hz (default 1-45). */
        public Builder relativeRange(double lo, double hi) {
            this.relativeRange = new Band("total", lo, hi);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException when noverlap &gt;= nperseg, the default nperseg would
         *     be below 2, a band name repeats, or a band or the relative range holds too few PSD
         *     bins for the integration rule (one for rect, two for trapz)
         */
        public WelchConfig build() {
            return new WelchConfig(this);
        }
    }
}
