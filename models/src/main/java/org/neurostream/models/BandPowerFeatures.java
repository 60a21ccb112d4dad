package org.neurostream.models;

/**
 * The decoder's input: log10 band power, channel-major ({@code [channel * bands + band]}), the
 * order {@link org.neurostream.core.records.BandPowerRecord} keeps. Training and the job call this
 * one method, so a model always sees features made the way it was trained on.
 */
public final class BandPowerFeatures {
    /** Power floor before the log, so that a flat channel gives a finite feature. */
    public static final double FLOOR = 1e-12;

    private BandPowerFeatures() {}

    /** Writes log10(max(power, FLOOR)) of every entry of {@code bandPower} into {@code out}. */
    public static void logBandPower(final double[] bandPower, final double[] out) {
        for (int i = 0; i < bandPower.length; i++) {
            out[i] = Math.log10(Math.max(bandPower[i], FLOOR));
        }
    }

    /**
     * Writes log10(max(power, FLOOR)) of {@code bandPower[offset .. offset + out.length)} into
     * {@code out}.
     */
    public static void logBandPower(
            final double[] bandPower, final int offset, final double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log10(Math.max(bandPower[offset + i], FLOOR));
        }
    }
}
