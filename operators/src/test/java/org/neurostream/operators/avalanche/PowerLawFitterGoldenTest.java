package org.neurostream.operators.avalanche;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The discrete power-law fit against R poweRlaw 0.70.6 (displ + estimate_xmin) on 3000 critical
 * Galton-Watson avalanches; resources/avalanche/powerlaw_golden.R made the sample and the answers.
 */
class PowerLawFitterGoldenTest {

    private static final Map<String, String> GOLDEN = Resources.properties("powerlaw_golden.txt");

    @Test
    void shouldAgreeWithPoweRlawOnAvalancheSizes() {
        assertAgrees("size", column(0));
    }

    @Test
    void shouldAgreeWithPoweRlawOnAvalancheDurations() {
        assertAgrees("duration", column(1));
    }

    private static void assertAgrees(String name, long[] values) {
        PowerLawFit fit = PowerLawFitter.fitDiscrete(values, 100);
        assertEquals(Double.parseDouble(GOLDEN.get(name + ".xmin")), fit.xmin(), name + " x_min");
        assertEquals(Integer.parseInt(GOLDEN.get(name + ".ntail")), fit.nTail(), name + " n_tail");
        // poweRlaw maximises with L-BFGS-B (about 1e-6 in alpha here); ours solves to 1e-12.
        assertEquals(
                Double.parseDouble(GOLDEN.get(name + ".alpha")),
                fit.alpha(),
                5e-6,
                name + " alpha");
        assertEquals(Double.parseDouble(GOLDEN.get(name + ".ks")), fit.ks(), 2e-6, name + " KS");
        double se = Double.parseDouble(GOLDEN.get(name + ".alpha_se"));
        assertEquals(se, fit.alphaSe(), 1e-4 * se, name + " standard error");
        PowerLawFit atOne = PowerLawFitter.fitDiscreteAt(values, 0, values.length, 1);
        assertEquals(
                Double.parseDouble(GOLDEN.get(name + ".alpha_at_xmin1")),
                atOne.alpha(),
                5e-6,
                name + " alpha at x_min = 1");
    }

    private static long[] column(int c) {
        List<String> rows = Resources.lines("powerlaw_sample.csv");
        long[] v = new long[rows.size() - 1];
        for (int i = 1; i < rows.size(); i++) {
            v[i - 1] = Long.parseLong(rows.get(i).split(",")[c]);
        }
        return v;
    }
}
