package org.neurostream.operators.spectral;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Digital Butterworth band-pass filters as second-order sections, designed step by step as {@code
 * scipy.signal.butter(N, [lo, hi], btype='band', fs=fs, output='sos')} designs them, so that the
 * coefficients agree with scipy's to rounding (about 1e-15; tests hold them to 1e-10).
 *
 * <p>"Order" is scipy's N: the order of the low-pass prototype. A band-pass of order N has 2N
 * poles, so N second-order sections; the "4th-order Butterworth band-pass" of
 * docs/features.md#filter-design is N = 4, four sections (the usual reading, and what {@code
 * butter(4, ..., btype='band')} gives).
 *
 * <p>Steps: analog prototype poles -exp(j pi m / 2N), m = -N+1, -N+3, .., N-1; frequencies
 * pre-warped to 4 tan(pi W / 2) with W = 2 f / fs; low-pass to band-pass (poles p bw/2 +- sqrt((p
 * bw/2)^2 - wo^2), N zeros at 0, gain bw^N); bilinear transform at fs = 2 (N zeros at +1, N at -1);
 * sections paired as scipy's {@code zpk2sos} with its default 'nearest' pairing: the pole pair
 * closest to the unit circle goes last, each pole pair takes the zeros nearest to it, and the
 * overall gain multiplies the first section's numerator.
 *
 * <p>Only even orders are designed: every pole is then complex (the prototype has no real pole),
 * which is the case band differential entropy needs (docs/features.md#filter-design) and the one
 * whose pairing this class reproduces exactly.
 */
public final class Butterworth {

    private Butterworth() {}

    /**
     * The band-pass [lo, hi] Hz at sampling rate fs as second-order sections, one row per section
     * in scipy's layout {@code [b0, b1, b2, a0, a1, a2]} with a0 = 1, in the order they are to be
     * applied.
     *
     * @param order the prototype order N (even, 2 to 16); the result has N sections
     * @throws IllegalArgumentException when the order is odd or out of range, or the edges do not
     *     satisfy 0 &lt; lo &lt; hi &lt; fs / 2
     */
    public static double[][] bandPassSos(int order, double lo, double hi, double fs) {
        if (order < 2 || order > 16 || order % 2 != 0) {
            throw new IllegalArgumentException(
                    "Butterworth band-pass order must be even, 2 to 16; got " + order);
        }
        if (!(fs > 0) || !Double.isFinite(fs) || !(lo > 0) || !(lo < hi) || !(hi < fs / 2)) {
            throw new IllegalArgumentException(
                    "Butterworth band-pass needs 0 < lo < hi < fs/2;"
                            + " got "
                            + lo
                            + "-"
                            + hi
                            + " Hz at fs "
                            + fs
                            + " Hz");
        }
        // scipy.signal.iirfilter: normalise to Nyquist, then pre-warp for the bilinear transform
        // at its internal fs = 2.
        double w0 = 4.0 * Math.tan(Math.PI * (2.0 * lo / fs) / 2.0);
        double w1 = 4.0 * Math.tan(Math.PI * (2.0 * hi / fs) / 2.0);
        double bw = w1 - w0;
        double wo = Math.sqrt(w0 * w1);

        // lp2bp_zpk: each prototype pole p gives p bw/2 + s and p bw/2 - s, s = sqrt((p bw/2)^2
        // - wo^2), listed as scipy lists them (all "+" poles, then all "-" poles).
        Complex[] analog = new Complex[2 * order];
        Complex woSquared = new Complex(wo * wo, 0);
        for (int i = 0; i < order; i++) {
            int m = -order + 1 + 2 * i;
            double theta = Math.PI * m / (2.0 * order);
            Complex lowPass = new Complex(-Math.cos(theta), -Math.sin(theta)).scale(bw / 2);
            Complex shift = lowPass.times(lowPass).minus(woSquared).sqrt();
            analog[i] = lowPass.plus(shift);
            analog[order + i] = lowPass.minus(shift);
        }
        // bilinear_zpk at fs = 2 (fs2 = 4): z = (4 + s) / (4 - s); the N analog zeros at 0 map
        // to +1, the N zeros at infinity to -1; gain bw^N * prod(4 - zeros) / prod(4 - poles).
        Complex four = new Complex(4, 0);
        Complex[] poles = new Complex[2 * order];
        Complex poleProduct = new Complex(1, 0);
        for (int i = 0; i < poles.length; i++) {
            poles[i] = four.plus(analog[i]).dividedBy(four.minus(analog[i]));
            poleProduct = poleProduct.times(four.minus(analog[i]));
        }
        double gain =
                Math.pow(bw, order) * new Complex(Math.pow(4, order), 0).dividedBy(poleProduct).re;
        return pairSections(order, poles, gain);
    }

    /**
     * scipy's zpk2sos with 'nearest' pairing, for 2N complex poles and N zeros each at +1 and -1.
     */
    private static double[][] pairSections(int order, Complex[] poles, double gain) {
        // _cplxreal keeps one pole of each conjugate pair (positive imaginary part), sorted by
        // real part then by magnitude of the imaginary part.
        List<Complex> remaining = new ArrayList<>();
        for (Complex p : poles) {
            if (p.im > 0) {
                remaining.add(p);
            }
        }
        remaining.sort(
                Comparator.<Complex>comparingDouble(p -> p.re)
                        .thenComparingDouble(p -> Math.abs(p.im)));
        int zerosAtMinusOne = order;
        int zerosAtPlusOne = order;
        double[][] sos = new double[order][];
        for (int section = order - 1; section >= 0; section--) {
            // the pole closest to the unit circle (first one on ties, as numpy's argmin)
            int worst = 0;
            for (int i = 1; i < remaining.size(); i++) {
                if (unitCircleDistance(remaining.get(i))
                        < unitCircleDistance(remaining.get(worst))) {
                    worst = i;
                }
            }
            Complex p = remaining.remove(worst);
            // the nearest zero, then the nearest remaining real zero (all zeros are real here);
            // the zeros are sorted -1s first, so a tie goes to -1 as in numpy's stable argsort
            double z1 = nearestZero(p, zerosAtMinusOne, zerosAtPlusOne);
            if (z1 < 0) {
                zerosAtMinusOne--;
            } else {
                zerosAtPlusOne--;
            }
            double z2 = nearestZero(p, zerosAtMinusOne, zerosAtPlusOne);
            if (z2 < 0) {
                zerosAtMinusOne--;
            } else {
                zerosAtPlusOne--;
            }
            sos[section] =
                    new double[] {
                        1.0, -(z1 + z2), z1 * z2, 1.0, -2.0 * p.re, p.re * p.re + p.im * p.im
                    };
        }
        for (int k = 0; k < 3; k++) {
            sos[0][k] *= gain;
        }
        return sos;
    }

    private static double unitCircleDistance(Complex p) {
        return Math.abs(1.0 - p.abs());
    }

    private static double nearestZero(Complex p, int atMinusOne, int atPlusOne) {
        if (atMinusOne == 0) {
            return 1.0;
        }
        if (atPlusOne == 0) {
            return -1.0;
        }
        double toMinusOne = new Complex(-1, 0).minus(p).abs();
        double toPlusOne = new Complex(1, 0).minus(p).abs();
        return toPlusOne < toMinusOne ? 1.0 : -1.0;
    }

    /** Design-time complex arithmetic, in double. */
    private record Complex(double re, double im) {
        Complex plus(Complex o) {
            return new Complex(re + o.re, im + o.im);
        }

        Complex minus(Complex o) {
            return new Complex(re - o.re, im - o.im);
        }

        Complex times(Complex o) {
            return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
        }

        Complex scale(double s) {
            return new Complex(re * s, im * s);
        }

        Complex dividedBy(Complex o) {
            double d = o.re * o.re + o.im * o.im;
            return new Complex((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
        }

        double abs() {
            return Math.hypot(re, im);
        }

        /** Principal square root (branch cut on the negative real axis, as numpy's). */
        Complex sqrt() {
            if (re == 0 && im == 0) {
                return this;
            }
            double t = Math.sqrt((Math.abs(re) + abs()) / 2);
            return re >= 0
                    ? new Complex(t, im / (2 * t))
                    : new Complex(Math.abs(im) / (2 * t), Math.copySign(t, im));
        }
    }
}
