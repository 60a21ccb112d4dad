package org.neurostream.operators.calcium;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.neurostream.operators.descriptors.FirDesign;

/**
 * The resampler gives scipy.signal.resample_poly's values (golden.json, written by make_golden.py
 * beside it), offline and streaming, and survives a state round trip mid-stream.
 */
class PolyphaseResamplerTest {
    private static JsonNode golden() throws Exception {
        try (InputStream in =
                PolyphaseResamplerTest.class.getResourceAsStream("/resample/golden.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static float[][] channels(final JsonNode rows) {
        final float[][] x = new float[rows.size()][];
        for (int c = 0; c < x.length; c++) {
            x[c] = new float[rows.get(c).size()];
            for (int i = 0; i < x[c].length; i++) {
                x[c][i] = (float) rows.get(c).get(i).asDouble();
            }
        }
        return x;
    }

    @Test
    void shouldDesignResamplePolysKaiserLowPass() throws Exception {
        final JsonNode expected = golden().get("firwin_41_third_kaiser5");
        final double[] h = FirDesign.firwinLowPassKaiser(41, 1.0 / 3, 5.0);
        for (int i = 0; i < h.length; i++) {
            assertEquals(expected.get(i).asDouble(), h[i], 1e-15, "tap " + i);
        }
    }

    @Test
    void shouldResampleWholeRecordingsAsResamplePolyDoes() throws Exception {
        for (final JsonNode c : golden().get("cases")) {
            final float[][] x = channels(c.get("x"));
            final float[][] y =
                    PolyphaseResampler.resample(x, c.get("up").asInt(), c.get("down").asInt());
            final JsonNode expected = c.get("y");
            for (int ch = 0; ch < x.length; ch++) {
                assertEquals(expected.get(ch).size(), y[ch].length, c.get("name") + " length");
                for (int i = 0; i < y[ch].length; i++) {
                    final double e = expected.get(ch).get(i).asDouble();
                    assertEquals(
                            e,
                            y[ch][i],
                            1e-6 * Math.max(1, Math.abs(e)),
                            c.get("name") + " channel " + ch + " sample " + i);
                }
            }
        }
    }

    @Test
    void shouldStreamTheSameValuesAndKeepThemAcrossAStateRoundTrip() throws Exception {
        final JsonNode c = golden().get("cases").get(1); // 2.2 -> 5 Hz, 25/11
        final float[][] x = channels(c.get("x"));
        final float[][] whole = PolyphaseResampler.resample(x, 25, 11);
        PolyphaseResampler r = PolyphaseResampler.ofRates(2, 2.2, 5.0);
        assertEquals(25, r.up());
        assertEquals(11, r.down());
        final float[] out = new float[r.maxOutputsPerInput() * 2];
        final float[] in = new float[2];
        int n = 0;
        for (int s = 0; s < x[0].length; s++) {
            if (s == 30) { // a checkpoint and a restore into a new kernel
                final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                r.writeState(new DataOutputStream(bytes));
                r = new PolyphaseResampler(2, 25, 11);
                r.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            }
            in[0] = x[0][s];
            in[1] = x[1][s];
            final int k = r.push(in, 0, out, 0);
            for (int j = 0; j < k; j++, n++) {
                assertEquals(whole[0][n], out[2 * j], "output " + n);
                assertEquals(whole[1][n], out[2 * j + 1], "output " + n);
            }
        }
        // the last outputs wait for input that never comes: 10 input samples' worth (H / up)
        assertEquals(r.outputs(), n);
        assertTrue(
                whole[0].length - n > 0 && whole[0].length - n <= 25,
                "owed " + (whole[0].length - n));
    }

    @Test
    void shouldFindTheRatioOfTwoRatesOrSayThereIsNone() {
        assertArrayEquals(new int[] {1, 12}, PolyphaseResampler.factors(30.0, 2.5));
        assertArrayEquals(new int[] {25, 11}, PolyphaseResampler.factors(2.2, 5.0));
        assertArrayEquals(new int[] {1, 1}, PolyphaseResampler.factors(30.0, 30.0));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> PolyphaseResampler.factors(Math.PI, 5.0))
                        .getMessage()
                        .startsWith("cannot resample 3.14"));
    }
}
