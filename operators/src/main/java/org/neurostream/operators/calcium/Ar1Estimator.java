package org.neurostream.operators.calcium;

import java.util.List;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.WelchConfig;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * Noise level and AR(1) coefficient of a trace, as CaImAn estimates them for OASIS ({@code GetSn}
 * with {@code method='mean'} and {@code estimate_time_constant} with p = 1, lags = 5).
 *
 * <p>Noise: Welch PSD with scipy's defaults at fs = 1 (periodic Hann, nperseg = min(256, n), 50 %
 * overlap, constant detrend, one-sided density; the spectral package's {@link WelchKernel}), sigma
 * = sqrt(mean(PSD over 0.25 &lt; f &lt; 0.5 cycles/frame) / 2): white noise of variance sigma^2 has
 * a flat one-sided density of 2 sigma^2, and above fs/4 the calcium transients carry little power.
 *
 * <p>g: with the biased autocovariance a(k) of the mean-removed trace, g minimises sum over k =
 * 0..5 of (a(k+1) - g A(k))^2 with A(k) = a(k), except A(0) = a(0) - sigma^2 (the white noise adds
 * sigma^2 at lag 0 only): g = sum A(k) a(k+1) / sum A(k)^2.
 *
 * <p>Not thread-safe; the scratch for traces up to the constructor's length is allocated once.
 */
public final class Ar1Estimator {
    /** Welch segment length of scipy's default. */
    public static final int NPERSEG = 256;

    /** Autocovariance lags beyond the model order, as CaImAn's default. */
    public static final int LAGS = 5;

    private final float[] scratch;
    private final double[] psd;
    private WelchKernel welch;

    /**
     * @param maxSamples the longest trace {@link #noiseSigma} will be given
     */
    public Ar1Estimator(final int maxSamples) {
        this.scratch = new float[Math.max(1, maxSamples)];
        this.psd = new double[NPERSEG / 2 + 1];
        this.welch = maxSamples >= NPERSEG ? kernel(NPERSEG) : null;
    }

    /**
     * The noise standard deviation of {@code y[offset .. offset + n)} (finite values), NaN when n
     * &lt; 8. For n &lt; 256 the segment shrinks to n, as scipy does (that call allocates).
     */
    public double noiseSigma(final double[] y, final int offset, final int n) {
        if (n < 8 || n > scratch.length) {
            if (n > scratch.length) {
                throw new IllegalArgumentException(
                        "trace of " + n + " samples exceeds " + scratch.length);
            }
            return Double.NaN;
        }
        for (int i = 0; i < n; i++) {
            scratch[i] = (float) y[offset + i];
        }
        final WelchKernel k = n >= NPERSEG ? welch : kernel(n);
        final double[] out = n >= NPERSEG ? psd : new double[n / 2 + 1];
        k.psd(scratch, 0, n, out, 0);
        double sum = 0;
        int bins = 0;
        for (int b = 0; b < k.bins(); b++) {
            final double f = k.frequency(b);
            if (f > 0.25 && f < 0.5) {
                sum += out[b];
                bins++;
            }
        }
        return bins == 0 ? Double.NaN : Math.sqrt(sum / bins / 2);
    }

    /**
     * The AR(1) coefficient of {@code y[offset .. offset + n)} (finite values) with the noise
     * variance removed; NaN when n &lt;= 7 or the trace is constant. The result is not clamped: it
     * may fall outside (0, 1) on traces with few transients.
     */
    public static double ar1Coefficient(
            final double[] y, final int offset, final int n, final double sigma) {
        final int lags = LAGS + 1;
        if (n <= lags + 1) {
            return Double.NaN;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += y[offset + i];
        }
        mean /= n;
        final double[] a = new double[lags + 1];
        for (int k = 0; k <= lags; k++) {
            double s = 0;
            for (int i = 0; i + k < n; i++) {
                s += (y[offset + i] - mean) * (y[offset + i + k] - mean);
            }
            a[k] = s / n;
        }
        double num = 0;
        double den = 0;
        for (int k = 0; k < lags; k++) {
            final double ak = k == 0 ? a[0] - sigma * sigma : a[k];
            num += ak * a[k + 1];
            den += ak * ak;
        }
        return den > 0 ? num / den : Double.NaN;
    }

    /**
     * The standard normal quantile function (inverse CDF), by Acklam's rational approximation
     * (relative error below 1.2e-9 on (0, 1)); NaN outside (0, 1).
     */
    public static double normalQuantile(final double p) {
        if (!(p > 0 && p < 1)) {
            return Double.NaN;
        }
        final double pLow = 0.02425;
        final double x;
        if (p < pLow) {
            final double q = Math.sqrt(-2 * Math.log(p));
            x =
                    (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6)
                            / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
        } else if (p <= 1 - pLow) {
            final double q = p - 0.5;
            final double r = q * q;
            x =
                    (((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6)
                            * q
                            / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1);
        } else {
            final double q = Math.sqrt(-2 * Math.log1p(-p));
            x =
                    -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6)
                            / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
        }
        return x;
    }

    private static WelchKernel kernel(final int nperseg) {
        return new WelchKernel(
                WelchConfig.builder(1.0)
                        .nperseg(nperseg)
                        .noverlap(nperseg / 2)
                        .bands(List.of(new Band("high", 0.25, 0.5)))
                        .relativeRange(0.25, 0.5)
                        .build());
    }

    private static final double A1 = -3.969683028665376e+01;
    private static final double A2 = 2.209460984245205e+02;
    private static final double A3 = -2.759285104469687e+02;
    private static final double A4 = 1.383577518672690e+02;
    private static final double A5 = -3.066479806614716e+01;
    private static final double A6 = 2.506628277459239e+00;
    private static final double B1 = -5.447609879822406e+01;
    private static final double B2 = 1.615858368580409e+02;
    private static final double B3 = -1.556989798598866e+02;
    private static final double B4 = 6.680131188771972e+01;
    private static final double B5 = -1.328068155288572e+01;
    private static final double C1 = -7.784894002430293e-03;
    private static final double C2 = -3.223964580411365e-01;
    private static final double C3 = -2.400758277161838e+00;
    private static final double C4 = -2.549732539343734e+00;
    private static final double C5 = 4.374664141464968e+00;
    private static final double C6 = 2.938163982698783e+00;
    private static final double D1 = 7.784695709041462e-03;
    private static final double D2 = 3.224671290700398e-01;
    private static final double D3 = 2.445134137142996e+00;
    private static final double D4 = 3.754408661907416e+00;
}
