package org.neurostream.operators.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the Butterworth band-pass design with {@code scipy.signal.butter(N, [lo, hi],
 * btype='band', fs=fs, output='sos')} (src/test/resources/spectral/bde_sos_golden.txt, made by
 * make_bde_golden.py): the default EEG bands at 160 to 2000 Hz, narrow, wide and near-Nyquist
 * bands, and orders 2, 6 and 8 besides the default 4 (docs/features.md#filter-design). Section
 * order and pairing must match too.
 */
class ButterworthGoldenTest {

    static Stream<Design> designs() throws IOException {
        List<Design> designs = new ArrayList<>();
        try (InputStream in =
                        ButterworthGoldenTest.class.getResourceAsStream(
                                "/spectral/bde_sos_golden.txt");
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            Design current = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] t = line.trim().split("\\s+");
                if (t[0].equals("sos")) {
                    current =
                            new Design(
                                    Integer.parseInt(t[1]),
                                    Double.parseDouble(t[2]),
                                    Double.parseDouble(t[3]),
                                    Double.parseDouble(t[4]),
                                    new double[Integer.parseInt(t[5])][]);
                    designs.add(current);
                    current.filled = 0;
                } else if (t[0].equals("row")) {
                    double[] row = new double[6];
                    for (int k = 0; k < 6; k++) {
                        row[k] = Double.parseDouble(t[k + 1]);
                    }
                    current.sos[current.filled++] = row;
                }
            }
        }
        return designs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("designs")
    void shouldMatchScipySectionsWithinOneTenBillionth(Design golden) {
        double[][] sos = Butterworth.bandPassSos(golden.order, golden.lo, golden.hi, golden.fs);

        assertEquals(golden.sos.length, sos.length, "sections");
        for (int s = 0; s < sos.length; s++) {
            for (int k = 0; k < 6; k++) {
                assertEquals(
                        golden.sos[s][k],
                        sos[s][k],
                        1e-10,
                        golden + " section " + s + " coefficient " + k);
            }
        }
    }

    @Test
    void shouldGiveUnitGainAtTheCentreAndZeroAtDcAndNyquist() {
        double[][] sos = Butterworth.bandPassSos(4, 8, 13, 256);
        double centre = Math.sqrt(8 * 13.0);

        assertEquals(1.0, gain(sos, centre, 256), 1e-3);
        assertEquals(0.5, gain(sos, 8, 256) * gain(sos, 8, 256), 1e-9, "-3 dB at lo");
        assertEquals(0.5, gain(sos, 13, 256) * gain(sos, 13, 256), 1e-9, "-3 dB at hi");
        assertEquals(0.0, gain(sos, 0, 256), 1e-12);
        assertEquals(0.0, gain(sos, 128, 256), 1e-12);
    }

    @Test
    void shouldRefuseOddOrdersAndBandsOutsideZeroToNyquist() {
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandPassSos(3, 8, 13, 256));
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandPassSos(0, 8, 13, 256));
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandPassSos(4, 0, 13, 256));
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandPassSos(4, 13, 8, 256));
        assertThrows(
                IllegalArgumentException.class, () -> Butterworth.bandPassSos(4, 30, 128, 256));
    }

    /** |H(e^{j 2 pi f / fs})| of the cascade. */
    private static double gain(double[][] sos, double f, double fs) {
        double w = 2 * Math.PI * f / fs;
        double magnitude = 1;
        for (double[] s : sos) {
            double nr = s[0] + s[1] * Math.cos(w) + s[2] * Math.cos(2 * w);
            double ni = -s[1] * Math.sin(w) - s[2] * Math.sin(2 * w);
            double dr = s[3] + s[4] * Math.cos(w) + s[5] * Math.cos(2 * w);
            double di = -s[4] * Math.sin(w) - s[5] * Math.sin(2 * w);
            magnitude *= Math.hypot(nr, ni) / Math.hypot(dr, di);
        }
        return magnitude;
    }

    /** One design case with scipy's sections. */
    static final class Design {
        final int order;
        final double fs;
        final double lo;
        final double hi;
        final double[][] sos;
        int filled;

        Design(int order, double fs, double lo, double hi, double[][] sos) {
            this.order = order;
            this.fs = fs;
            this.lo = lo;
            this.hi = hi;
            this.sos = sos;
        }

        @Override
        public String toString() {
            return "N=" + order + " " + lo + "-" + hi + " Hz at " + fs + " Hz";
        }
    }
}
