package org.neurostream.operators.avalanche;

/**
 * The Hurwitz zeta function zeta(s, q) = sum over k >= 0 of (k + q)^-s, for s &gt; 1 and q &gt; 0,
 * with its first two derivatives in s: the normalising constant of the discrete power law P(x) =
 * x^-alpha / zeta(alpha, x_min) and of its maximum-likelihood equation.
 *
 * <p>Method: Euler-Maclaurin summation. The first N terms are summed directly, N chosen so that a =
 * q + N &gt;= max(10, 2 s); the rest is the integral a^(1-s) / (s - 1), the half term a^-s / 2 and
 * {@value #TERMS} Bernoulli corrections B_2j / (2j)! s (s+1) ... (s+2j-2) a^(-s-2j+1). Values and
 * both derivatives agree with mpmath within 2e-13 relative over s in [1.01, 30] and q in [0.5,
 * 1e10] (the tests' grid).
 *
 * <p>Scaled form: {@link #scaled} returns q^s zeta(s, q) and its s-derivatives scaled the same way,
 * which never underflow for large q or s; the power-law fit works with ratios of these.
 */
public final class HurwitzZeta {

    /** Number of Bernoulli correction terms of the Euler-Maclaurin tail. */
    static final int TERMS = 8;

    /** B_2j / (2j)! for j = 1 .. {@value #TERMS}. */
    private static final double[] BERNOULLI_OVER_FACTORIAL = {
        1.0 / 12.0,
        -1.0 / 720.0,
        1.0 / 30240.0,
        -1.0 / 1209600.0,
        1.0 / 47900160.0,
        -691.0 / 1307674368000.0,
        1.0 / 74724249600.0,
        -3617.0 / 10670622842880000.0,
    };

    private HurwitzZeta() {}

    /**
     * zeta(s, q) = sum over k &gt;= 0 of (k + q)^-s.
     *
     * @throws IllegalArgumentException unless s &gt; 1 and q &gt; 0 (both finite)
     */
    public static double zeta(double s, double q) {
        double[] out = new double[3];
        scaled(s, q, Math.log(q), out);
        return out[0] * Math.exp(-s * Math.log(q));
    }

    /**
     * The derivative d zeta(s, q) / ds = -sum over k of ln(k + q) (k + q)^-s.
     *
     * @throws IllegalArgumentException unless s &gt; 1 and q &gt; 0 (both finite)
     */
    public static double zetaDerivative(double s, double q) {
        double[] out = new double[3];
        scaled(s, q, Math.log(q), out);
        return out[1] * Math.exp(-s * Math.log(q));
    }

    /**
     * Scaled values: out[0] = q^s zeta(s, q), out[1] = q^s d zeta / ds, out[2] = q^s d^2 zeta /
     * ds^2. The scale cancels in the ratios zeta' / zeta = -E[ln X] and zeta'' / zeta = E[ln^2 X]
     * of the discrete power law with x_min = q, so callers never meet underflow.
     *
     * @param lnq ln q, passed in because callers usually have it
     * @throws IllegalArgumentException unless s &gt; 1 and q &gt; 0 (both finite)
     */
    public static void scaled(double s, double q, double lnq, double[] out) {
        if (!(s > 1.0) || !(q > 0.0) || Double.isInfinite(s) || Double.isInfinite(q)) {
            throw new IllegalArgumentException(
                    "Hurwitz zeta needs s > 1 and q > 0; got s = " + s + ", q = " + q);
        }
        double z = 0.0;
        double z1 = 0.0;
        double z2 = 0.0;
        double a = q;
        final double start = Math.max(10.0, 2.0 * s);
        while (a < start) {
            double la = Math.log(a);
            double t = Math.exp(-s * (la - lnq));
            z += t;
            z1 -= la * t;
            z2 += la * la * t;
            a += 1.0;
        }
        double la = Math.log(a);
        // e = a^-s q^s: every tail term carries this factor.
        double e = Math.exp(-s * (la - lnq));
        double sm1 = s - 1.0;

        // Integral term a^(1-s) / (s - 1) and its s-derivatives.
        double ea = e * a;
        z += ea / sm1;
        z1 += ea * (-la / sm1 - 1.0 / (sm1 * sm1));
        z2 += ea * (la * la / sm1 + 2.0 * la / (sm1 * sm1) + 2.0 / (sm1 * sm1 * sm1));

        // Half term a^-s / 2.
        z += 0.5 * e;
        z1 -= 0.5 * la * e;
        z2 += 0.5 * la * la * e;

        // Bernoulli terms c_j P_j(s) a^(-s-2j+1), P_j(s) = s (s+1) ... (s+2j-2).
        double p = s;
        double p1 = 1.0;
        double p2 = 0.0;
        double inv = 1.0 / a;
        double inv2 = inv * inv;
        double power = e * inv;
        for (int j = 0; j < TERMS; j++) {
            double c = BERNOULLI_OVER_FACTORIAL[j] * power;
            z += c * p;
            z1 += c * (p1 - la * p);
            z2 += c * (p2 - 2.0 * la * p1 + la * la * p);
            // Multiply P by (s + 2j + 1)(s + 2j + 2), carrying the derivatives by the product rule.
            for (int m = 1; m <= 2; m++) {
                double f = s + 2 * j + m;
                p2 = p2 * f + 2.0 * p1;
                p1 = p1 * f + p;
                p = p * f;
            }
            power *= inv2;
        }
        out[0] = z;
        out[1] = z1;
        out[2] = z2;
    }
}
