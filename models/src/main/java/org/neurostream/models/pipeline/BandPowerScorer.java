package org.neurostream.models.pipeline;

import org.neurostream.operators.spectral.WelchConfig;

/**
 * A {@link WindowScorer} whose pipeline reads a window only through its band powers under one Welch
 * configuration ({@code bandpower-lr}), so that it can also score band powers computed elsewhere
 * from the same raw window (the job's band power) with the same result, instead of computing the
 * same Welch PSD again.
 */
public interface BandPowerScorer extends WindowScorer {
    /** The Welch configuration of the band powers it reads, over the model's whole window. */
    WelchConfig welchConfig();

    /**
     * Writes the class probabilities of the window whose band powers are {@code bandPower[offset ..
     * offset + channels x bands)}, channel major, into {@code out}: the same numbers as {@link
     * #probabilities} of that window.
     */
    void probabilitiesOfBandPower(double[] bandPower, int offset, double[] out);
}
