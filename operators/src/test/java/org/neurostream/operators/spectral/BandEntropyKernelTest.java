package org.neurostream.operators.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The band differential entropy kernel against scipy (sosfilt outputs and BDE on real EEG and on a
 * 2 kHz synthetic signal, src/test/resources/spectral/bde_*, made by make_bde_golden.py), the known
 * answer of docs/features.md#band-differential-entropy-known-answers, continuity across chunks, and
 * flat channels.
 */
class BandEntropyKernelTest {

    private static final List<Band> BANDS = Band.DEFAULT_BANDS;

    @Test
    void shouldFilterRealEegAndA2kHzSignalAsScipySosfiltDoes() throws IOException {
        Golden golden = Golden.load();
        int at = 0;
        for (GoldenInput input : golden.inputs) {
            BandEntropyKernel kernel = new BandEntropyKernel(input.fs, BANDS);
            int kept = (input.samples + input.decimate - 1) / input.decimate;
            for (int c = 0; c < input.channels.length; c++) {
                double[] state = new double[kernel.stateLength(input.channels.length)];
                for (int b = 0; b < BANDS.size(); b++) {
                    double[] y = new double[input.samples];
                    kernel.filterBand(b, c, state, input.channels[c], 0, y, 0, input.samples);
                    double rms = 0;
                    for (int i = 0; i < kept; i++) {
                        rms += golden.filtered[at + i] * golden.filtered[at + i];
                    }
                    rms = Math.sqrt(rms / kept);
                    for (int i = 0; i < kept; i++) {
                        double expected = golden.filtered[at + i];
                        double actual = y[i * input.decimate];
                        // 1e-6 relative, or 1e-9 of the band's rms next to a zero crossing
                        assertEquals(
                                expected,
                                actual,
                                1e-6 * Math.abs(expected) + 1e-9 * rms,
                                input.name
                                        + " channel "
                                        + c
                                        + " band "
                                        + b
                                        + " sample "
                                        + i * input.decimate);
                    }
                    at += kept;
                }
            }
        }
        assertEquals(golden.filtered.length, at, "golden outputs used");
    }

    @Test
    void shouldMatchScipyEntropyAfterTheFirstSecondOnRealEegAndA2kHzSignal() throws IOException {
        Golden golden = Golden.load();
        for (GoldenInput input : golden.inputs) {
            BandEntropyKernel kernel = new BandEntropyKernel(input.fs, BANDS);
            int channels = input.channels.length;
            double[] h = entropyAfterSettling(kernel, input.channels, input.samples);
            for (int c = 0; c < channels; c++) {
                double[] expected = golden.entropy.get(input.name + " " + c);
                for (int b = 0; b < BANDS.size(); b++) {
                    assertEquals(
                            expected[b],
                            h[c * BANDS.size() + b],
                            1e-9,
                            input.name + " channel " + c + " band " + b);
                }
            }
        }
    }

    @Test
    void shouldGiveSpecsKnownAnswerForANoisyTenHertzSineInTheAlphaBand() {
        // docs/features.md#band-differential-entropy-known-answers: 10 sin(2 pi 10 t) + N(0, 1):
        // sigma^2 close to 50.04, h close to 3.375 nats
        double fs = 256;
        float[] x = sine(fs, 60, 10, new Random(20240611), 1.0);
        BandEntropyKernel kernel = new BandEntropyKernel(fs, List.of(new Band("alpha", 8, 13)));

        double[] moments = momentsAfterSettling(kernel, x);

        double variance = BandEntropyKernel.variance(moments[0], moments[1], (long) moments[2]);
        assertEquals(50.04, variance, 0.15);
        assertEquals(3.375, kernel.entropy(moments[0], moments[1], (long) moments[2]), 0.002);
    }

    @Test
    void shouldGiveHalfTheSquaredAmplitudeForANoiselessSineInsideTheBand() {
        double fs = 256;
        float[] x = sine(fs, 60, 10, new Random(1), 0.0);
        BandEntropyKernel kernel = new BandEntropyKernel(fs, List.of(new Band("alpha", 8, 13)));

        double[] moments = momentsAfterSettling(kernel, x);

        double variance = BandEntropyKernel.variance(moments[0], moments[1], (long) moments[2]);
        assertEquals(50.0, variance, 0.01);
        assertEquals(
                0.5 * Math.log(2 * Math.PI * Math.E * 50),
                kernel.entropy(moments[0], moments[1], (long) moments[2]),
                1e-4);
    }

    @Test
    void shouldGiveTheSameOutputsBitForBitWhenFilteredInChunksOfRandomSizes() throws IOException {
        GoldenInput input = Golden.load().inputs.get(0);
        BandEntropyKernel kernel = new BandEntropyKernel(input.fs, BANDS);
        int channels = input.channels.length;
        int n = input.samples;
        double[] wholeState = new double[kernel.stateLength(channels)];
        double[] wholeSum = new double[channels * BANDS.size()];
        double[] wholeSquares = new double[wholeSum.length];
        double[][] wholeY = new double[BANDS.size()][n];
        for (int c = 0; c < channels; c++) {
            kernel.filter(input.channels[c], 0, n, c, wholeState, wholeSum, wholeSquares, 0);
        }
        double[] stateForY = new double[kernel.stateLength(channels)];
        for (int b = 0; b < BANDS.size(); b++) {
            kernel.filterBand(b, 1, stateForY, input.channels[1], 0, wholeY[b], 0, n);
        }

        Random random = new Random(7);
        for (int trial = 0; trial < 5; trial++) {
            double[] state = new double[kernel.stateLength(channels)];
            double[] chunkState = new double[kernel.stateLength(channels)];
            double[] sum = new double[wholeSum.length];
            double[] squares = new double[wholeSum.length];
            double[][] y = new double[BANDS.size()][n];
            for (int start = 0; start < n; ) {
                int length = Math.min(n - start, 1 + random.nextInt(700));
                for (int c = 0; c < channels; c++) {
                    kernel.filter(input.channels[c], start, length, c, state, sum, squares, 0);
                }
                for (int b = 0; b < BANDS.size(); b++) {
                    kernel.filterBand(
                            b, 1, chunkState, input.channels[1], start, y[b], start, length);
                }
                start += length;
            }
            assertArrayEquals(wholeState, state, 0.0, "state after the whole input");
            assertArrayEquals(wholeSum, sum, 0.0, "sums");
            assertArrayEquals(wholeSquares, squares, 0.0, "sums of squares");
            for (int b = 0; b < BANDS.size(); b++) {
                assertArrayEquals(wholeY[b], y[b], 0.0, "outputs of band " + b);
            }
        }
    }

    @Test
    void shouldGiveTheSameBitsAcrossInterleavedChannelsAsChannelByChannel() throws IOException {
        GoldenInput input = Golden.load().inputs.get(0);
        BandEntropyKernel kernel = new BandEntropyKernel(input.fs, BANDS);
        int channels = input.channels.length;
        int n = input.samples;
        int values = channels * BANDS.size();
        // channel by channel, in random chunks, into the second of two moment blocks
        double[] state = new double[kernel.stateLength(channels)];
        double[] sum = new double[2 * values];
        double[] squares = new double[2 * values];
        // sample-major, as frames carry the samples, in other random chunks
        float[] interleaved = new float[channels * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                interleaved[i * channels + c] = input.channels[c][i];
            }
        }
        double[] laneState = new double[state.length];
        double[] laneSum = new double[sum.length];
        double[] laneSquares = new double[sum.length];
        Random random = new Random(11);
        for (int start = 0; start < n; ) {
            int length = Math.min(n - start, 1 + random.nextInt(700));
            for (int c = 0; c < channels; c++) {
                kernel.filter(input.channels[c], start, length, c, state, sum, squares, values);
            }
            start += length;
        }
        for (int start = 0; start < n; ) {
            int length = Math.min(n - start, 1 + random.nextInt(300));
            kernel.filterInterleaved(
                    interleaved,
                    start * channels,
                    length,
                    channels,
                    laneState,
                    laneSum,
                    laneSquares,
                    values);
            start += length;
        }
        assertArrayEquals(state, laneState, "filter state");
        assertArrayEquals(sum, laneSum, "sums");
        assertArrayEquals(squares, laneSquares, "sums of squares");
        assertTrue(Math.abs(laneSquares[values]) > 0, "the moments were written");
    }

    @Test
    void shouldFloorAndFlagAZeroChannelAndNeverGiveNanForAConstantOne() {
        double fs = 160;
        int n = 30 * 160;
        float[][] x = {new float[n], new float[n]};
        java.util.Arrays.fill(x[1], 100f);
        BandEntropyKernel kernel = new BandEntropyKernel(fs, BANDS);
        double[] state = new double[kernel.stateLength(2)];
        double floor = 0.5 * Math.log(2 * Math.PI * Math.E * BandEntropyKernel.VARIANCE_FLOOR);
        double[] h = new double[2 * BANDS.size()];
        boolean[] floored = new boolean[h.length];
        // one-second windows, filters running on: every window is finite
        for (int start = 0; start < n; start += 160) {
            double[] sum = new double[h.length];
            double[] squares = new double[h.length];
            for (int c = 0; c < 2; c++) {
                kernel.filter(x[c], start, 160, c, state, sum, squares, 0);
            }
            kernel.entropies(sum, squares, 160, h, floored);
            for (int i = 0; i < h.length; i++) {
                assertTrue(Double.isFinite(h[i]), "window at " + start + " value " + i);
                assertTrue(h[i] >= floor, "window at " + start + " value " + i);
            }
            for (int b = 0; b < BANDS.size(); b++) {
                assertTrue(floored[b], "zero channel, band " + b);
                assertEquals(floor, h[b], 0.0);
            }
        }
        // the constant channel's step response has died out after 29 s: flat in every band
        for (int b = 0; b < BANDS.size(); b++) {
            assertTrue(floored[BANDS.size() + b], "constant channel, band " + b);
        }
        assertEquals(-21.6, floor, 0.05);
    }

    @Test
    void shouldGiveEntropyInBitsWithLogBaseTwo() {
        BandEntropyKernel nats = new BandEntropyKernel(256, BANDS);
        BandEntropyKernel bits = new BandEntropyKernel(256, BANDS, 2.0);

        assertEquals(nats.entropy(3, 40, 10) / Math.log(2), bits.entropy(3, 40, 10), 1e-12);
        assertEquals(2.0, bits.logBase());
    }

    @Test
    void shouldRefuseBandsTheFiltersCannotPassAndAUselessLogBase() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> new BandEntropyKernel(80, BANDS));
        assertTrue(e.getMessage().startsWith("band gamma:30-45: "), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new BandEntropyKernel(256, List.of(new Band("dc", 0, 4))));
        assertThrows(IllegalArgumentException.class, () -> new BandEntropyKernel(256, BANDS, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new BandEntropyKernel(256, List.of()));
    }

    /** h per channel and band over the samples after the first second, as the command does. */
    static double[] entropyAfterSettling(BandEntropyKernel kernel, float[][] x, int n) {
        int channels = x.length;
        int settle = kernel.settlingSamples();
        double[] state = new double[kernel.stateLength(channels)];
        double[] sum = new double[channels * kernel.bandCount()];
        double[] squares = new double[sum.length];
        for (int c = 0; c < channels; c++) {
            kernel.filter(
                    x[c], 0, settle, c, state, new double[sum.length], new double[sum.length], 0);
            kernel.filter(x[c], settle, n - settle, c, state, sum, squares, 0);
        }
        double[] h = new double[sum.length];
        kernel.entropies(sum, squares, n - settle, h, null);
        return h;
    }

    /** {sum, sum of squares, count} of the one-band filter output after the first second. */
    private static double[] momentsAfterSettling(BandEntropyKernel kernel, float[] x) {
        int settle = kernel.settlingSamples();
        double[] state = new double[kernel.stateLength(1)];
        double[] sum = new double[1];
        double[] squares = new double[1];
        kernel.filter(x, 0, settle, 0, state, new double[1], new double[1], 0);
        kernel.filter(x, settle, x.length - settle, 0, state, sum, squares, 0);
        return new double[] {sum[0], squares[0], x.length - settle};
    }

    private static float[] sine(double fs, int seconds, double f, Random random, double noise) {
        int n = (int) (seconds * fs);
        double phase = 2 * Math.PI * random.nextDouble();
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] =
                    (float)
                            (10 * Math.sin(2 * Math.PI * f * i / fs + phase)
                                    + noise * random.nextGaussian());
        }
        return x;
    }

    /** One golden input as scipy filtered it. */
    record GoldenInput(String name, float[][] channels, int samples, double fs, int decimate) {}

    /** Everything make_bde_golden.py wrote. */
    record Golden(List<GoldenInput> inputs, Map<String, double[]> entropy, double[] filtered) {

        static Golden load() throws IOException {
            List<GoldenInput> inputs = new ArrayList<>();
            Map<String, double[]> entropy = new LinkedHashMap<>();
            try (BufferedReader reader =
                    new BufferedReader(
                            new InputStreamReader(
                                    resource("bde_golden.txt"), StandardCharsets.US_ASCII))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String[] t = line.trim().split("\\s+");
                    if (t[0].equals("input")) {
                        Map<String, String> kv = new LinkedHashMap<>();
                        for (String token : t) {
                            int eq = token.indexOf('=');
                            if (eq > 0) {
                                kv.put(token.substring(0, eq), token.substring(eq + 1));
                            }
                        }
                        int channels = Integer.parseInt(kv.get("channels"));
                        int samples = Integer.parseInt(kv.get("samples"));
                        inputs.add(
                                new GoldenInput(
                                        t[1],
                                        floats(kv.get("file"), channels, samples),
                                        samples,
                                        Double.parseDouble(kv.get("fs")),
                                        Integer.parseInt(kv.get("decimate"))));
                    } else if (t[0].equals("bde")) {
                        double[] h = new double[t.length - 3];
                        for (int i = 0; i < h.length; i++) {
                            h[i] = Double.parseDouble(t[i + 3]);
                        }
                        entropy.put(t[1] + " " + t[2], h);
                    }
                }
            }
            byte[] bytes;
            try (InputStream in = resource("bde_filtered_golden.f64")) {
                bytes = in.readAllBytes();
            }
            double[] filtered = new double[bytes.length / 8];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(filtered);
            return new Golden(inputs, entropy, filtered);
        }

        private static float[][] floats(String file, int channels, int samples) throws IOException {
            byte[] bytes;
            try (InputStream in = resource(file)) {
                bytes = in.readAllBytes();
            }
            assertEquals(4L * channels * samples, bytes.length, file + " size");
            float[][] data = new float[channels][samples];
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] channel : data) {
                buffer.asFloatBuffer().get(channel);
                buffer.position(buffer.position() + 4 * samples);
            }
            return data;
        }

        private static InputStream resource(String name) {
            InputStream in = BandEntropyKernelTest.class.getResourceAsStream("/spectral/" + name);
            if (in == null) {
                throw new IllegalStateException("missing test resource spectral/" + name);
            }
            return in;
        }
    }
}
