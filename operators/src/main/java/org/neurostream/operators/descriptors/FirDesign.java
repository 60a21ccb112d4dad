package org.neurostream.operators.descriptors;

/**
 * The two band-pass FIR designs the descriptors use, each written to give the coefficients of its
 * reference implementation:
 *
 * <ul>
 *   <li>{@link #firwinBandPass}: {@code scipy.signal.firwin(taps, [lo, hi], pass_zero=False,
 *       fs=fs)} (window method, symmetric Hamming window, scaled to unit gain at the centre of the
 *       pass band), used for the envelopes of DFA and the alpha instantaneous frequency;
 *   <li>{@link #tensorpacFir1}: tensorpac's {@code fir1(order, [lo, hi] / (fs / 2))} (a
 *       least-squares design as MATLAB's {@code firls}, times a Hamming window, normalised to unit
 *       gain at the centre frequency; the design of EEGLAB's {@code eegfilt}), used for
 *       phase-amplitude coupling, with tensorpac's order rule {@link #tensorpacOrder}.
 * </ul>
 *
 * Designs run once per kernel, not per window; they allocate their result.
 */
public final class FirDesign {
    private FirDesign() {}

    /**
     * {@code scipy.signal.firwin(taps, [lo, hi], pass_zero=False, window='hamming', scale=True,
     * fs=fs)}: h[n] = (r sinc(r m) - l sinc(l m)) w[n], m = n - (taps - 1) / 2, l and r the edges
     * over Nyquist, w the symmetric Hamming window, then h / sum(h cos(pi m (l + r) / 2)).
     *
     * @throws IllegalArgumentException unless 0 &lt; lo &lt; hi &lt; fs / 2 and taps is odd and at
     *     least 3 (an even band-pass FIR has a zero at Nyquist that scipy refuses too)
     */
    public static double[] firwinBandPass(
            final int taps, final double lo, final double hi, final double fs) {
        final double nyquist = fs / 2;
        if (!(lo > 0 && lo < hi && hi < nyquist)) {
            throw new IllegalArgumentException(
                    "band " + lo + "-" + hi + " Hz must lie inside (0, " + nyquist + ") Hz");
        }
        if (taps < 3 || taps % 2 == 0) {
            throw new IllegalArgumentException("a band-pass firwin needs an odd number of taps");
        }
        final double left = lo / nyquist;
        final double right = hi / nyquist;
        final double alpha = 0.5 * (taps - 1);
        final double[] h = new double[taps];
        for (int n = 0; n < taps; n++) {
            final double m = n - alpha;
            h[n] = right * sinc(right * m) - left * sinc(left * m);
            h[n] *= 0.54 - 0.46 * Math.cos(2 * Math.PI * n / (taps - 1));
        }
        final double scaleFrequency = 0.5 * (left + right);
        double s = 0;
        for (int n = 0; n < taps; n++) {
            s += h[n] * Math.cos(Math.PI * (n - alpha) * scaleFrequency);
        }
        for (int n = 0; n < taps; n++) {
            h[n] /= s;
        }
        return h;
    }

    /**
     * tensorpac's filter order for a band whose low edge is {@code lo}: cycles x floor(fs / lo),
     * lowered to (length - 1) / 3 when the signal is shorter than three orders ({@code
     * tensorpac.spectral.fir_order}).
     */
    public static int tensorpacOrder(
            final double fs, final int length, final double lo, final int cycles) {
        int order = (int) (cycles * Math.floor(fs / lo));
        if (length < 3 * order) {
            order = (length - 1) / 3;
        }
        return order;
    }

    /**
     * tensorpac's {@code fir1(order, [lo, hi] / (fs / 2))}: order + 1 taps of a least-squares
     * band-pass (MATLAB {@code firls} with bands 0-l, l-h, h-1 of gains 0, 1, 0), times the
     * symmetric Hamming window, divided by the magnitude of its response at the band's centre.
     */
    public static double[] tensorpacFir1(
            final int order, final double lo, final double hi, final double fs) {
        final double nyquist = fs / 2;
        if (!(lo > 0 && lo < hi && hi < nyquist)) {
            throw new IllegalArgumentException(
                    "band " + lo + "-" + hi + " Hz must lie inside (0, " + nyquist + ") Hz");
        }
        if (order < 2) {
            throw new IllegalArgumentException("filter order must be at least 2, got " + order);
        }
        final double wn0 = lo / nyquist;
        final double wn1 = hi / nyquist;
        final int taps = order + 1;
        final double f0 = 0.5 * (wn0 + wn1);
        // firls works on frequencies halved (cycles per sample) with gains 0 0 1 1 0 0
        final double[] f = {0, wn0 / 2, wn0 / 2, wn1 / 2, wn1 / 2, 0.5};
        final double[] o = {0, 0, 1, 1, 0, 0};
        final double half = (taps - 1) / 2.0;
        final double[] h;
        if (taps % 2 == 1) {
            final int l = (int) half;
            final double[] b = new double[l + 1];
            double b0 = 0;
            for (int s = 0; s < 6; s += 2) {
                final double slope = (o[s + 1] - o[s]) / (f[s + 1] - f[s]);
                final double b1 = o[s] - slope * f[s];
                b0 += b1 * (f[s + 1] - f[s]) + slope / 2 * (f[s + 1] * f[s + 1] - f[s] * f[s]);
                for (int k = 1; k <= l; k++) {
                    b[k] +=
                            slope
                                    / (4 * Math.PI * Math.PI)
                                    * (Math.cos(2 * Math.PI * k * f[s + 1])
                                            - Math.cos(2 * Math.PI * k * f[s]))
                                    / ((double) k * k);
                    b[k] +=
                            f[s + 1] * (slope * f[s + 1] + b1) * sinc(2 * k * f[s + 1])
                                    - f[s] * (slope * f[s] + b1) * sinc(2 * k * f[s]);
                }
            }
            b[0] = b0;
            final double[] a = new double[l + 1];
            for (int k = 0; k <= l; k++) {
                a[k] = 4 * b[k];
            }
            a[0] /= 2;
            h = new double[taps];
            for (int k = 1; k <= l; k++) {
                h[l - k] = a[k] / 2;
                h[l + k] = a[k] / 2;
            }
            h[l] = a[0];
        } else {
            final int l = (int) half;
            final double[] b = new double[l + 1];
            for (int s = 0; s < 6; s += 2) {
                final double slope = (o[s + 1] - o[s]) / (f[s + 1] - f[s]);
                final double b1 = o[s] - slope * f[s];
                for (int i = 0; i <= l; i++) {
                    final double k = i + 0.5;
                    b[i] +=
                            slope
                                    / (4 * Math.PI * Math.PI)
                                    * (Math.cos(2 * Math.PI * k * f[s + 1])
                                            - Math.cos(2 * Math.PI * k * f[s]))
                                    / (k * k);
                    b[i] +=
                            f[s + 1] * (slope * f[s + 1] + b1) * sinc(2 * k * f[s + 1])
                                    - f[s] * (slope * f[s] + b1) * sinc(2 * k * f[s]);
                }
            }
            h = new double[taps];
            for (int i = 0; i <= l; i++) {
                h[l - i] = 0.5 * 4 * b[i];
                h[l + 1 + i] = 0.5 * 4 * b[i];
            }
        }
        for (int n = 0; n < taps; n++) {
            h[n] *= 0.54 - 0.46 * Math.cos(2 * Math.PI * n / (taps - 1));
        }
        // |sum h[n] exp(-i 2 pi (f0 / 2) n)|
        double re = 0;
        double im = 0;
        for (int n = 0; n < taps; n++) {
            re += h[n] * Math.cos(2 * Math.PI * (f0 / 2) * n);
            im -= h[n] * Math.sin(2 * Math.PI * (f0 / 2) * n);
        }
        final double gain = Math.hypot(re, im);
        for (int n = 0; n < taps; n++) {
            h[n] /= gain;
        }
        return h;
    }

    /**
     * {@code scipy.signal.firwin(taps, cutoff, window=('kaiser', beta))}, the low-pass of {@code
     * scipy.signal.resample_poly}: h[n] = c sinc(c m) w[n], m = n - (taps - 1) / 2, c the cutoff
     * over Nyquist, w the symmetric Kaiser window I0(beta sqrt(1 - (2 n / (taps - 1) - 1)^2)) /
     * I0(beta), then h / sum(h) (unit gain at 0 Hz).
     *
     * @throws IllegalArgumentException unless 0 &lt; cutoff &lt; 1 and taps is at least 1
     */
    public static double[] firwinLowPassKaiser(
            final int taps, final double cutoff, final double beta) {
        if (!(cutoff > 0 && cutoff < 1) || taps < 1) {
            throw new IllegalArgumentException(
                    "a low-pass needs 0 < cutoff < 1 (of Nyquist) and taps >= 1, got "
                            + cutoff
                            + " and "
                            + taps);
        }
        final double alpha = 0.5 * (taps - 1);
        final double norm = besselI0(beta);
        final double[] h = new double[taps];
        double sum = 0;
        for (int n = 0; n < taps; n++) {
            final double m = n - alpha;
            final double r = taps == 1 ? 0 : 2.0 * n / (taps - 1) - 1;
            h[n] = cutoff * sinc(cutoff * m) * besselI0(beta * Math.sqrt(1 - r * r)) / norm;
            sum += h[n];
        }
        for (int n = 0; n < taps; n++) {
            h[n] /= sum;
        }
        return h;
    }

    /** The modified Bessel function of the first kind, order 0, by its power series. */
    static double besselI0(final double x) {
        final double q = x * x / 4;
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 500 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    /** numpy's normalised sinc: sin(pi x) / (pi x), 1 at 0. */
    static double sinc(final double x) {
        if (x == 0) {
            return 1.0;
        }
        final double y = Math.PI * x;
        return Math.sin(y) / y;
    }
}
