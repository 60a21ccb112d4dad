package org.neurostream.operators.flink;

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

    /** SPECS defaults: 2 s window, 0.25 s hop, one segment per window, constant detrend, rect. */
    public static BandPowerOptions defaults() {
        return new BandPowerOptions(2.0, 0.25, 0.0, "constant", "rect",
                "delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45");
    }
}
