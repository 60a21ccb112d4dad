package org.neurostream.operators.spectral;

import java.io.Serializable;

/**
 * Streaming band-power settings (docs/features.md#streaming-and-offline): every {@code hopSeconds}
 * the operator emits the Welch estimate over the last {@code windowSeconds}, made of segments of
 * {@code segmentSeconds} (0 = the whole window) with 50 % overlap. Kernel settings (detrend,
 * integration, bands) are given as their command-line text so that this stays a plain serializable
 * value.
 *
 * <p>Optional exponential averaging of periodograms ({@code averagingSeconds} &gt; 0, default 0 =
 * off): each hop's Welch PSD P is blended into a running average A = A + alpha (P - A), alpha = 1 -
 * exp(-hop / averagingSeconds), starting from the first hop's P; band powers then integrate A. Band
 * differential entropy uses the same bands, in log base {@code entropyLogBase} (default e, nats).
 */
public final class BandPowerOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public final double windowSeconds;
    public final double hopSeconds;
    public final double segmentSeconds;
    public final String detrend;
    public final String integration;
    public final String bands;

    /** Time constant of the exponential averaging of periodograms, s; 0 = off. */
    public final double averagingSeconds;

    /** Log base of the band differential entropy (e: nats). */
    public final double entropyLogBase;

    /** Options without periodogram averaging and with the entropy in nats. */
    public BandPowerOptions(
            final double windowSeconds,
            final double hopSeconds,
            final double segmentSeconds,
            final String detrend,
            final String integration,
            final String bands) {
        this(windowSeconds, hopSeconds, segmentSeconds, detrend, integration, bands, 0.0, Math.E);
    }

    private BandPowerOptions(
            final double windowSeconds,
            final double hopSeconds,
            final double segmentSeconds,
            final String detrend,
            final String integration,
            final String bands,
            final double averagingSeconds,
            final double entropyLogBase) {
        if (!(windowSeconds > 0)
                || !(hopSeconds > 0)
                || segmentSeconds < 0
                || segmentSeconds > windowSeconds) {
            throw new IllegalArgumentException(
                    "need window > 0, hop > 0 and 0 <= segment <= window; got window "
                            + windowSeconds
                            + " s, hop "
                            + hopSeconds
                            + " s, segment "
                            + segmentSeconds
                            + " s");
        }
        this.windowSeconds = windowSeconds;
        this.hopSeconds = hopSeconds;
        this.segmentSeconds = segmentSeconds;
        this.detrend = detrend;
        this.integration = integration;
        this.bands = bands;
        if (!(averagingSeconds >= 0) || !Double.isFinite(averagingSeconds)) {
            throw new IllegalArgumentException(
                    "averaging time constant must be >= 0 s (0 = off); got " + averagingSeconds);
        }
        if (!(entropyLogBase > 0) || entropyLogBase == 1 || !Double.isFinite(entropyLogBase)) {
            throw new IllegalArgumentException(
                    "entropy log base must be finite, positive and not 1; got " + entropyLogBase);
        }
        this.averagingSeconds = averagingSeconds;
        this.entropyLogBase = entropyLogBase;
    }

    /**
     * These options with exponential averaging of periodograms of time constant {@code seconds}.
     */
    public BandPowerOptions withAveraging(final double seconds) {
        return new BandPowerOptions(
                windowSeconds,
                hopSeconds,
                segmentSeconds,
                detrend,
                integration,
                bands,
                seconds,
                entropyLogBase);
    }

    /**
     * These options with another window, hop and segment length, s (0 = the whole window), the
     * kernel settings, averaging and entropy base kept.
     *
     * @throws IllegalArgumentException unless window &gt; 0, hop &gt; 0 and 0 &lt;= segment &lt;=
     *     window
     */
    public BandPowerOptions withWindows(
            final double window, final double hop, final double segment) {
        return new BandPowerOptions(
                window,
                hop,
                segment,
                detrend,
                integration,
                bands,
                averagingSeconds,
                entropyLogBase);
    }

    /** These options with the band differential entropy in log base {@code base}. */
    public BandPowerOptions withEntropyLogBase(final double base) {
        return new BandPowerOptions(
                windowSeconds,
                hopSeconds,
                segmentSeconds,
                detrend,
                integration,
                bands,
                averagingSeconds,
                base);
    }

    /**
     * Weight of the newest periodogram in the exponential average at sampling rate fs: 1 - exp(-hop
     * / averagingSeconds) with the hop as emitted (a whole number of samples); 1 when averaging is
     * off, so that the average is the newest estimate itself.
     */
    public double averagingWeight(final double fs) {
        return averagingSeconds > 0 ? -Math.expm1(-hopSamples(fs) / fs / averagingSeconds) : 1.0;
    }

    /** Analysis window in samples at sampling rate {@code fs}. */
    public int windowSamples(final double fs) {
        return Math.max(1, (int) Math.round(windowSeconds * fs));
    }

    /** Hop in samples at sampling rate {@code fs}. */
    public int hopSamples(final double fs) {
        return Math.max(1, (int) Math.round(hopSeconds * fs));
    }

    /**
     * The Welch configuration for one window at sampling rate {@code fs}: the one place that turns
     * these options into kernel settings, for the job and for decoder training alike.
     */
    public WelchConfig welchConfig(final double fs) {
        final int window = windowSamples(fs);
        final int nperseg = segmentSeconds > 0 ? (int) Math.round(segmentSeconds * fs) : window;
        return WelchConfig.builder(fs)
                .nperseg(nperseg)
                .noverlap(nperseg / 2)
                .detrend(Detrend.parse(detrend))
                .integration(BandIntegration.parse(integration))
                .bands(Band.parseList(bands))
                .build();
    }

    /**
     * The band differential entropy kernel for sampling rate {@code fs}: these bands and log base.
     */
    public BandEntropyKernel entropyKernel(final double fs) {
        return new BandEntropyKernel(fs, Band.parseList(bands), entropyLogBase);
    }

    /**
     * The defaults of docs/features.md#band-power-parameters: 2 s window, 0.25 s hop, one segment
     * per window, constant detrend, rect, no periodogram averaging, entropy in nats.
     */
    public static BandPowerOptions defaults() {
        return new BandPowerOptions(
                2.0,
                0.25,
                0.0,
                "constant",
                "rect",
                "delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45");
    }
}
