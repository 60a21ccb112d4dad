package org.neurostream.operators.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.BandIntegration;
import org.neurostream.operators.spectral.Detrend;
import org.neurostream.operators.spectral.WelchConfig;

/**
 * The OpenCL band-power path against the CPU path ({@link CpuBandPowerBackend}, that is {@link
 * org.neurostream.operators.spectral.WelchKernel}) on the first OpenCL device (PoCL's CPU device in
 * CI): every band power and relative power within 1e-4 relative, on seeded noise with a slow drift
 * and a DC offset, on real EEG (PhysioNet S001R01), and at Neuropixels scale, through the paired
 * FFT (power-of-two nperseg, odd segment counts and channels spread over work-groups included) and
 * the direct DFT (other nperseg) kernels, from arrays (sub-batches over the slots) and through the
 * slots with every slot in flight.
 */
class OpenClBandPowerParityTest {

    private static final double RELATIVE_TOLERANCE = 1e-4;

    @BeforeEach
    void requireOpenCl() {
        OpenClTestDevice.require();
    }

    static Stream<Arguments> settings() {
        return Stream.of(Detrend.values())
                .flatMap(
                        d ->
                                Stream.of(BandIntegration.values())
                                        .flatMap(
                                                r ->
                                                        Stream.of(256, 320, 500)
                                                                .map(n -> Arguments.of(d, r, n))));
    }

    @ParameterizedTest(name = "detrend {0}, {1}, nperseg {2}")
    @MethodSource("settings")
    void shouldMatchCpuOnSeededNoiseForEverySetting(
            final Detrend detrend, final BandIntegration rule, final int nperseg) {
        final WelchConfig config =
                WelchConfig.builder(1000)
                        .nperseg(nperseg)
                        .detrend(detrend)
                        .integration(rule)
                        .bands(
                                List.of(
                                        new Band("low", 4, 30),
                                        new Band("mid", 30, 120),
                                        new Band("high", 120, 450)))
                        .relativeRange(4, 450)
                        .build();
        // 70 channels: more than one upload chunk; offset 17: the range does not start at 0
        final float[][] x = noise(70, 17 + 3000 + 5, 11L, 50.0);
        assertParity(config, x, 17, 3000);
    }

    @ParameterizedTest(name = "detrend {0}")
    @MethodSource("detrends")
    void shouldMatchCpuOnRealEegWithTheDefaultTwoSecondSegments(final Detrend detrend)
            throws IOException {
        // 320 samples = 2 s at 160 Hz: not a power of two, so the direct DFT kernel runs
        final WelchConfig config = WelchConfig.builder(160).detrend(detrend).build();
        assertEquals(320, config.nperseg());
        assertParity(config, eeg(), 0, 3200);
    }

    @ParameterizedTest(name = "detrend {0}")
    @MethodSource("detrends")
    void shouldMatchCpuOnRealEegWithPowerOfTwoSegments(final Detrend detrend) throws IOException {
        final WelchConfig config =
                WelchConfig.builder(160)
                        .nperseg(256)
                        .noverlap(192)
                        .detrend(detrend)
                        .integration(BandIntegration.TRAPZ)
                        .build();
        assertParity(config, eeg(), 100, 3000);
    }

    static Stream<Detrend> detrends() {
        return Stream.of(Detrend.values());
    }

    @ParameterizedTest(name = "nperseg {0}")
    @MethodSource("longSegments")
    void shouldMatchCpuWithLongSegmentsOfEitherTransform(final int nperseg) {
        final WelchConfig config =
                WelchConfig.builder(1000)
                        .nperseg(nperseg)
                        .detrend(Detrend.LINEAR)
                        .bands(
                                List.of(
                                        new Band("low", 1, 30),
                                        new Band("mid", 30, 120),
                                        new Band("high", 120, 450)))
                        .relativeRange(1, 450)
                        .build();
        assertParity(config, noise(6, 3 * nperseg, 13L, 50.0), 0, 3 * nperseg);
    }

    static Stream<Integer> longSegments() {
        // a prime and a composite through the direct DFT, the largest power of two of a 48 KiB GPU
        return Stream.of(2003, 6000, 4096, 8192);
    }

    @Test
    void shouldMatchCpuAtNeuropixelsScale() {
        final WelchConfig config = neuropixels(1024);
        final float[][] x = noise(384, 7680, 5L, 0.0);
        assertParity(config, x, 0, 7680);
    }

    @Test
    void shouldStayCorrectWhenBatchesShrinkAndGrow() {
        final WelchConfig config =
                WelchConfig.builder(1000)
                        .nperseg(128)
                        .bands(List.of(new Band("a", 10, 100), new Band("b", 100, 400)))
                        .relativeRange(10, 400)
                        .build();
        try (BandPowerBackend openCl = BandPowerBackends.create(config, BackendKind.OPENCL)) {
            assertEquals("opencl", openCl.name());
            // big, small, bigger: buffers grow twice and are reused in between
            for (final int[] shape : new int[][] {{40, 2000}, {3, 500}, {90, 4000}, {40, 2000}}) {
                final float[][] x = noise(shape[0], shape[1], shape[0] * 31L + shape[1], 0.0);
                assertParity(config, openCl, x, 0, shape[1]);
            }
        }
    }

    @Test
    void shouldReportZeroSegmentsAndZeroPowerWhenTheRangeIsShorterThanOneSegment() {
        final WelchConfig config = WelchConfig.builder(160).nperseg(256).build();
        try (BandPowerBackend openCl = BandPowerBackends.create(config, BackendKind.OPENCL)) {
            final double[] out = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
            final double[] relative = out.clone();
            assertEquals(0, openCl.bandPowers(noise(2, 255, 1L, 0.0), 0, 255, out, relative));
            assertArrayEquals(new double[10], out);
            assertArrayEquals(new double[10], relative);
        }
    }

    @Test
    void shouldMatchCpuThroughTheSlotsWithEverySlotInFlightAndShapesChanging() {
        final WelchConfig config = neuropixels(512);
        try (BandPowerBackend openCl = BandPowerBackends.create(config, BackendKind.OPENCL)) {
            assertEquals("opencl", openCl.name());
            assertEquals(OpenClBandPowerBackend.DEPTH, openCl.depth());
            // two rounds over every slot, each batch another shape; all slots in flight at once
            final int[][] shapes = {
                {40, 6000}, {7, 2048}, {96, 9000}, {3, 512}, {40, 6000}, {1, 700}
            };
            final float[][][] batches = new float[shapes.length][][];
            for (int round = 0; round < 2; round++) {
                for (int s = 0; s < openCl.depth(); s++) {
                    final int b = round * openCl.depth() + s;
                    batches[b] = noise(shapes[b][0], shapes[b][1], 100L + b, 20.0);
                    final FloatBuffer in = openCl.input(s, shapes[b][0], shapes[b][1]);
                    assertEquals(shapes[b][0] * shapes[b][1], in.remaining());
                    for (final float[] channel : batches[b]) {
                        in.put(channel);
                    }
                    openCl.submit(s);
                }
                // completed in another order than submitted
                for (final int s : new int[] {1, 2, 0}) {
                    final int b = round * openCl.depth() + s;
                    assertSlotParity(config, openCl, s, batches[b]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} channels, {1} samples")
    @MethodSource("oddShapes")
    void shouldMatchCpuWhenASegmentIsLeftUnpairedOrAChannelSpreadsOverWorkGroups(
            final int channels, final int samples) {
        // nperseg 64, step 32: 2 channels make many work-groups per channel on any device, and an
        // odd segment count leaves the last segment of each run without a partner
        final WelchConfig config =
                WelchConfig.builder(1000)
                        .nperseg(64)
                        .detrend(Detrend.LINEAR)
                        .bands(List.of(new Band("low", 20, 150), new Band("high", 150, 480)))
                        .relativeRange(20, 480)
                        .build();
        assertParity(config, noise(channels, samples, 9L * samples, 30.0), 0, samples);
    }

    static Stream<Arguments> oddShapes() {
        // segments: 1, 2, 3, 29, 30 and 31
        return Stream.of(
                Arguments.of(2, 64),
                Arguments.of(2, 96),
                Arguments.of(1, 128),
                Arguments.of(2, 960),
                Arguments.of(3, 992),
                Arguments.of(130, 1024));
    }

    @ParameterizedTest(name = "nperseg {0}")
    @MethodSource("smallPowersOfTwo")
    void shouldMatchCpuWithTheSmallestSegmentsOfTheFft(final int nperseg) {
        // radix-2 stage only (2), radix 4 only (4), both (8), the smallest work-groups
        final WelchConfig config =
                WelchConfig.builder(1000)
                        .nperseg(nperseg)
                        .noverlap(nperseg / 2)
                        .detrend(Detrend.NONE)
                        .integration(BandIntegration.TRAPZ)
                        .bands(List.of(new Band("all", 0, 500)))
                        .relativeRange(0, 500)
                        .build();
        assertParity(config, noise(5, 200, 3L + nperseg, 0.0), 0, 200);
    }

    static Stream<Integer> smallPowersOfTwo() {
        return Stream.of(2, 4, 8, 16, 32);
    }

    /** Neuropixels AP band: 30 kHz, bands above the df of about 29 Hz. */
    static WelchConfig neuropixels(final int nperseg) {
        return WelchConfig.builder(30000)
                .nperseg(nperseg)
                .bands(
                        List.of(
                                new Band("lfp", 100, 300),
                                new Band("low", 300, 1000),
                                new Band("spike", 1000, 6000)))
                .relativeRange(100, 6000)
                .build();
    }

    private static void assertParity(
            final WelchConfig config, final float[][] x, final int offset, final int length) {
        try (BandPowerBackend openCl = BandPowerBackends.create(config, BackendKind.OPENCL)) {
            assertEquals("opencl", openCl.name(), "the OpenCL backend must not have fallen back");
            assertParity(config, openCl, x, offset, length);
        }
    }

    private static void assertParity(
            final WelchConfig config,
            final BandPowerBackend openCl,
            final float[][] x,
            final int offset,
            final int length) {
        final Outputs cl = new Outputs(x.length * config.bands().size());
        final Outputs cpu = cpu(config, x, offset, length);
        assertEquals(cpu.segments, openCl.bandPowers(x, offset, length, cl.power, cl.relative));
        assertEquals("opencl", openCl.name());
        assertClose(config, cpu, cl, "");
    }

    /** Completes {@code slot} and compares it with the CPU path on the same samples. */
    static void assertSlotParity(
            final WelchConfig config,
            final BandPowerBackend backend,
            final int slot,
            final float[][] x) {
        final Outputs cl = new Outputs(x.length * config.bands().size());
        final Outputs cpu = cpu(config, x, 0, x[0].length);
        assertEquals(cpu.segments, backend.complete(slot, cl.power, cl.relative));
        assertClose(config, cpu, cl, "slot " + slot + ", ");
    }

    /** Band powers, relative powers and the segment count of one batch. */
    private static final class Outputs {
        final double[] power;
        final double[] relative;
        int segments;

        Outputs(final int n) {
            power = new double[n];
            relative = new double[n];
        }
    }

    private static Outputs cpu(
            final WelchConfig config, final float[][] x, final int offset, final int length) {
        final Outputs out = new Outputs(x.length * config.bands().size());
        try (BandPowerBackend cpu = new CpuBandPowerBackend(config)) {
            out.segments = cpu.bandPowers(x, offset, length, out.power, out.relative);
        }
        return out;
    }

    private static void assertClose(
            final WelchConfig config, final Outputs cpu, final Outputs cl, final String label) {
        final int bands = config.bands().size();
        for (int i = 0; i < cpu.power.length; i++) {
            assertTrue(cpu.power[i] > 0, "power " + i + " must be positive to compare relatively");
            final String where =
                    label
                            + "channel "
                            + i / bands
                            + ", band "
                            + config.bands().get(i % bands).name();
            assertClose("power", where, cpu.power[i], cl.power[i]);
            assertClose("relative", where, cpu.relative[i], cl.relative[i]);
        }
    }

    private static void assertClose(
            final String what, final String where, final double expected, final double actual) {
        final double error = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(
                error <= RELATIVE_TOLERANCE,
                what
                        + " ["
                        + where
                        + "]: cpu "
                        + expected
                        + ", opencl "
                        + actual
                        + ", relative error "
                        + error);
    }

    /** Gaussian noise plus a slow drift and a DC offset (so detrending matters), seeded. */
    static float[][] noise(
            final int channels, final int samples, final long seed, final double offset) {
        final SplittableRandom random = new SplittableRandom(seed);
        final float[][] x = new float[channels][samples];
        for (int c = 0; c < channels; c++) {
            final double dc = offset * (c % 7 - 3);
            final double drift = offset * 0.001 * (c % 5 - 2);
            for (int i = 0; i < samples; i++) {
                final double u = 1.0 - random.nextDouble();
                final double g =
                        Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
                x[c][i] =
                        (float)
                                (dc
                                        + drift * i
                                        + 10 * g
                                        + 5 * Math.sin(2 * Math.PI * 0.013 * c * i));
            }
        }
        return x;
    }

    /** The 4-channel, 20 s excerpt of S001R01 beside the Welch golden values (160 Hz, uV). */
    static float[][] eeg() throws IOException {
        try (InputStream in =
                OpenClBandPowerParityTest.class.getResourceAsStream(
                        "/spectral/eeg_S001R01_4ch_20s.f32")) {
            final ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            final float[][] x = new float[4][3200];
            for (final float[] channel : x) {
                b.asFloatBuffer().get(channel);
                b.position(b.position() + 4 * channel.length);
            }
            return x;
        }
    }
}
