package org.neurostream.operators.spectral;

import java.io.Serializable;

/**
 * Streaming band-power settings (SPECS.md section 1): every {@code hopSeconds} the operator emits
 * the Welch estimate over the last {@code windowSeconds}, made of segments of {@code
 * segmentSeconds} (0 = the whole window) with 50 % overlap. Kernel settings (detrend, integration,
 * bands) are given as their command-line text so that this stays a plain serializable value.
 */
public final class BandPowerOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public final double windowSeconds;
    public final double hopSeconds;
    public final double segmentSeconds;
    public final String detrend;
    public final String integration;
    public final String bands;

    public BandPowerOptions(
            final double windowSeconds,
            final double hopSeconds,
            final double segmentSeconds,
            final String detrend,
            final String integration,
            final String bands) {
        if (!(windowSeconds > 0) || !(hopSeconds > 0) || segmentSeconds < 0 || segmentSeconds > windowSeconds) {
            throw new IllegalArgumentException("need window > 0, hop > 0 and 0 <= segment <= window; got window "
                    + windowSeconds + " s, hop " + hopSeconds + " s, segment " + segmentSeconds + " s");
        }
        this.windowSeconds = windowSeconds;
        this.hopSeconds = hopSeconds;
        this.segmentSeconds = segmentSeconds;
        this.detrend = detrend;
        this.integration = integration;
        this.bands = bands;
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

    /** SPECS defaults: 2 s window, 0.25 s hop, one segment per window, constant detrend, rect. */
    public static BandPowerOptions defaults() {
        return new BandPowerOptions(2.0, 0.25, 0.0, "constant", "rect",
                "delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45");
    }
}
