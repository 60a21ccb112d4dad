package org.neurostream.models.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.BandEntropyKernel;
import org.neurostream.operators.spectral.Butterworth;

/**
 * The causal filters a pipeline runs on every channel from the stream's first sample: one
 * Butterworth band-pass per band ({@link BandEntropyKernel#ORDER} = 4, scipy's {@code butter(4,
 * [lo, hi], btype='band', output='sos')}, run as {@code sosfilt} runs it), or none (the raw
 * samples). Training cuts its epochs from the same filters run from the file's first sample, so
 * training and the live decoder see the same numbers.
 *
 * @param bands the pass bands in Hz; empty for no filtering
 */
public record FilterDesign(List<Band> bands) {
    /** Prototype order of every band-pass. */
    public static final int ORDER = BandEntropyKernel.ORDER;

    /** Copies the list. */
    public FilterDesign {
        bands = List.copyOf(bands);
    }

    /** No filter: windows hold the raw samples. */
    public static FilterDesign none() {
        return new FilterDesign(List.of());
    }

    /** One band-pass from {@code lo} to {@code hi} Hz. */
    public static FilterDesign bandPass(double lo, double hi) {
        return new FilterDesign(List.of(band(lo, hi)));
    }

    /** The filter bank 4-8, 8-12, ..., 36-40 Hz. */
    public static FilterDesign filterBank() {
        final List<Band> bands = new ArrayList<>();
        for (int lo = 4; lo < 40; lo += 4) {
            bands.add(band(lo, lo + 4));
        }
        return new FilterDesign(bands);
    }

    /** A band named after its edges ("8-30"). */
    public static Band band(double lo, double hi) {
        return new Band(String.format(Locale.ROOT, "%s-%s", trim(lo), trim(hi)), lo, hi);
    }

    /** Whether windows hold the raw samples. */
    public boolean isNone() {
        return bands.isEmpty();
    }

    /** Signals per channel in a window: the band count, or 1 without filters. */
    public int outputs() {
        return Math.max(1, bands.size());
    }

    /** The second-order sections of band b at sampling rate fs, scipy's layout. */
    public double[][] sos(int b, double fs) {
        final Band band = bands.get(b);
        return Butterworth.bandPassSos(ORDER, band.lo(), band.hi(), fs);
    }

    /**
     * Checks that every band fits the sampling rate (0 &lt; lo &lt; hi &lt; fs / 2).
     *
     * @throws IllegalArgumentException naming the band that does not
     */
    public void check(double fs) {
        for (Band band : bands) {
            if (!(band.lo() > 0 && band.lo() < band.hi() && band.hi() < fs / 2)) {
                throw new IllegalArgumentException(
                        "band " + band.name() + " Hz does not fit a sample rate of " + fs + " Hz");
            }
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
