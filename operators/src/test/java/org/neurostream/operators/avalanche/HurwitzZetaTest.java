package org.neurostream.operators.avalanche;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HurwitzZetaTest {

    @Test
    void shouldMatchMpmathValuesAndDerivativesOverTheWholeGrid() {
        List<String> rows = Resources.lines("zeta_golden.csv");
        assertEquals(82, rows.size());
        double[] out = new double[3];
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            double s = Double.parseDouble(f[0]);
            double q = Double.parseDouble(f[1]);
            HurwitzZeta.scaled(s, q, Math.log(q), out);
            double unscale = Math.exp(-s * Math.log(q));
            for (int k = 0; k < 3; k++) {
                double expected = Double.parseDouble(f[2 + k]);
                assertEquals(
                        expected,
                        out[k] * unscale,
                        2e-13 * Math.abs(expected),
                        "derivative " + k + " at s = " + s + ", q = " + q);
            }
        }
    }

    @Test
    void shouldGiveTheClassicalRiemannValues() {
        assertEquals(Math.PI * Math.PI / 6, HurwitzZeta.zeta(2, 1), 1e-15);
        assertEquals(Math.pow(Math.PI, 4) / 90, HurwitzZeta.zeta(4, 1), 1e-15);
        assertEquals(2.612375348685488, HurwitzZeta.zeta(1.5, 1), 1e-15);
        // zeta(s, 1/2) = (2^s - 1) zeta(s)
        assertEquals(Math.PI * Math.PI / 2, HurwitzZeta.zeta(2, 0.5), 1e-14);
        // zeta'(2) = -0.9375482543158437 (d/ds of the Riemann zeta at 2)
        assertEquals(-0.9375482543158437, HurwitzZeta.zetaDerivative(2, 1), 1e-15);
    }

    @Test
    void shouldRefuseArgumentsOutsideTheSeriesDomain() {
        assertThrows(IllegalArgumentException.class, () -> HurwitzZeta.zeta(1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> HurwitzZeta.zeta(2.0, 0));
        assertThrows(IllegalArgumentException.class, () -> HurwitzZeta.zeta(Double.NaN, 1));
    }
}
