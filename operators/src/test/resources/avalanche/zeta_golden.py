"""Golden Hurwitz zeta values for HurwitzZetaTest.

Run with Debian's python3 (scipy, mpmath): /usr/bin/python3 zeta_golden.py > zeta_golden.csv
Columns: s, q, zeta(s, q), d zeta / ds, d^2 zeta / ds^2. Values and derivatives by mpmath at 200
digits of working precision; the script also checks the values against scipy.special.zeta
(within 1e-12).
"""
import mpmath
import scipy.special

# mpmath's zeta loses digits for large s and q at 40 and 100 digits of working precision;
# 200 agrees with 300 and with a direct Euler-Maclaurin sum everywhere on this grid.
mpmath.mp.dps = 200
S = [1.01, 1.2, 1.5, 2.0, 2.5, 3.7, 6.0, 10.0, 30.0]
Q = [0.5, 1.0, 2.5, 7.0, 10.0, 123.25, 1.0e4, 1.0e6, 1.0e10]
print("s,q,zeta,dzeta,d2zeta")
for s in S:
    for q in Q:
        z = mpmath.zeta(s, q)
        ref = scipy.special.zeta(s, q)
        assert abs(ref - float(z)) <= 1e-12 * abs(float(z)), (s, q, ref, z)
        d1 = mpmath.zeta(s, q, 1)
        d2 = mpmath.zeta(s, q, 2)
        print("%r,%r,%s,%s,%s" % (s, q, mpmath.nstr(z, 20), mpmath.nstr(d1, 20),
                                  mpmath.nstr(d2, 20)))
