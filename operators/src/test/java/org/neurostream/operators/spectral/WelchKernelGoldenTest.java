package org.neurostream.operators.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the kernel with scipy.signal.welch golden values (src/test/resources/spectral, made by
 * make_golden.py) on real EEG (PhysioNet S001R01, 4 channels, 20 s at 160 Hz) and on a seeded
 * synthetic signal, over detrend constant / linear / none and power-of-two, mixed-radix, odd and
 * prime segment lengths.
 */
class WelchKernelGoldenTest {

    /**
     * Float32 FFT against scipy in double: the agreement docs/features.md#band-power-known-answers
     * states.
     */
    private static final double RELATIVE_TOLERANCE = 1e-4;

    private static final Map<String, GoldenInput> INPUTS = new HashMap<>();

    static Stream<GoldenCase> cases() throws IOException {
        return loadGolden().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldMatchScipyPsdBinByBin(GoldenCase golden) {
        WelchKernel kernel = new WelchKernel(golden.config(BandIntegration.RECT));
        GoldenInput input = golden.input;
        assertEquals(golden.bins, kernel.bins());
        double[] psd = new double[kernel.bins()];
        for (int c = 0; c < input.channels.length; c++) {
            int segments = kernel.psd(input.channels[c], 0, input.samples, psd);
            assertEquals(golden.segments, segments, "segments");
            double[] expected = golden.rows.get("psd").get(c);
            for (int k = 0; k < psd.length; k++) {
                assertClose(expected[k], psd[k], golden.id + " channel " + c + " bin " + k);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldMatchScipyBandPowersUnderBothRules(GoldenCase golden) {
        for (BandIntegration rule : BandIntegration.values()) {
            WelchKernel kernel = new WelchKernel(golden.config(rule));
            GoldenInput input = golden.input;
            int bands = kernel.bandCount();
            double[] out = new double[input.channels.length * bands];
            double[] relative = new double[out.length];
            int segments = kernel.bandPowers(input.channels, 0, input.samples, out, relative);
            assertEquals(golden.segments, segments);
            for (int c = 0; c < input.channels.length; c++) {
                double[] expected = golden.rows.get(rule.label()).get(c);
                double[] expectedRelative = golden.rows.get(rule.label() + "_rel").get(c);
                for (int b = 0; b < bands; b++) {
                    String where = golden.id + " " + rule.label() + " channel " + c + " band " + b;
                    assertClose(expected[b], out[c * bands + b], where);
                    assertClose(expectedRelative[b], relative[c * bands + b], where + " relative");
                }
            }
        }
    }

    private static void assertClose(double expected, double actual, String where) {
        assertFalse(Double.isNaN(actual), where + " is NaN");
        double error = Math.abs(actual - expected);
        assertTrue(
                error <= RELATIVE_TOLERANCE * Math.abs(expected),
                where
                        + ": expected "
                        + expected
                        + ", got "
                        + actual
                        + " (relative error "
                        + error / Math.abs(expected)
                        + ")");
    }

    private static List<GoldenCase> loadGolden() throws IOException {
        List<GoldenCase> cases = new ArrayList<>();
        GoldenCase current = null;
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(
                                resource("welch_golden.txt"), StandardCharsets.US_ASCII))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] tokens = line.trim().split("\\s+");
                switch (tokens[0]) {
                    case "input":
                        Map<String, String> in = keyValues(tokens);
                        INPUTS.put(
                                tokens[1],
                                GoldenInput.read(
                                        in.get("file"),
                                        Integer.parseInt(in.get("channels")),
                                        Integer.parseInt(in.get("samples")),
                                        Double.parseDouble(in.get("fs"))));
                        break;
                    case "case":
                        current = new GoldenCase(tokens[1], keyValues(tokens));
                        cases.add(current);
                        break;
                    default:
                        double[] values = new double[tokens.length - 2];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = Double.parseDouble(tokens[i + 2]);
                        }
                        current.rows
                                .computeIfAbsent(tokens[0], key -> new ArrayList<>())
                                .add(values);
                        break;
                }
            }
        }
        return cases;
    }

    private static Map<String, String> keyValues(String[] tokens) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String token : tokens) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                map.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return map;
    }

    private static InputStream resource(String name) {
        InputStream in = WelchKernelGoldenTest.class.getResourceAsStream("/spectral/" + name);
        if (in == null) {
            throw new IllegalStateException("missing test resource spectral/" + name);
        }
        return in;
    }

    /** One golden input: float32 little-endian, channel-major, as scipy read it. */
    static final class GoldenInput {
        final float[][] channels;
        final int samples;
        final double fs;

        private GoldenInput(float[][] channels, int samples, double fs) {
            this.channels = channels;
            this.samples = samples;
            this.fs = fs;
        }

        static GoldenInput read(String file, int channels, int samples, double fs)
                throws IOException {
            byte[] bytes;
            try (InputStream in = resource(file)) {
                bytes = in.readAllBytes();
            }
            assertEquals(4L * channels * samples, bytes.length, file + " size");
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            float[][] data = new float[channels][samples];
            for (float[] channel : data) {
                buffer.asFloatBuffer().get(channel);
                buffer.position(buffer.position() + 4 * samples);
            }
            return new GoldenInput(data, samples, fs);
        }
    }

    /** One parameter set with scipy's results per channel. */
    static final class GoldenCase {
        final String id;
        final GoldenInput input;
        final int nperseg;
        final int noverlap;
        final Detrend detrend;
        final int bins;
        final int segments;
        final Map<String, List<double[]>> rows = new HashMap<>();

        GoldenCase(String id, Map<String, String> params) {
            this.id = id;
            this.input = INPUTS.get(params.get("input"));
            this.nperseg = Integer.parseInt(params.get("nperseg"));
            this.noverlap = Integer.parseInt(params.get("noverlap"));
            this.detrend = Detrend.parse(params.get("detrend"));
            this.bins = Integer.parseInt(params.get("bins"));
            this.segments = Integer.parseInt(params.get("segments"));
        }

        WelchConfig config(BandIntegration rule) {
            return WelchConfig.builder(input.fs)
                    .nperseg(nperseg)
                    .noverlap(noverlap)
                    .detrend(detrend)
                    .integration(rule)
                    .build();
        }

        @Override
        public String toString() {
            return id;
        }
    }
}
