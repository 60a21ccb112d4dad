package org.neurostream.models.pipeline;

/**
 * The digamma function psi(x) = d/dx ln Gamma(x) for x &gt; 0: the recurrence psi(x) = psi(x + 1) -
 * 1 / x up to x &gt;= 10, then the asymptotic series ln x - 1/(2x) - sum B_2k / (2k x^2k) to the
 * x^-12 term (absolute error below 1e-14 there).
 */
final class Digamma {
    private Digamma() {}

    static double of(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("digamma needs x > 0, got " + x);
        }
        double shift = 0.0;
        while (x < 10.0) {
            shift -= 1.0 / x;
            x += 1.0;
        }
        final double inv = 1.0 / x;
        final double inv2 = inv * inv;
        final double series =
                inv2
                        * (1.0 / 12
                                - inv2
                                        * (1.0 / 120
                                                - inv2
                                                        * (1.0 / 252
                                                                - inv2
                                                                        * (1.0 / 240
                                                                                - inv2
                                                                                        * (1.0
                                                                                                / 132)))));
        return shift + Math.log(x) - 0.5 * inv - series;
    }
}
