package org.neurostream.operators.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/** Behaviour of the Welch kernel beyond the scipy golden values. */
class WelchKernelTest {

    @ParameterizedTest(name = "nperseg {0}")
    @ValueSource(ints = {2, 3, 5, 7, 8, 9, 16, 100, 255})
    void shouldMatchTheTextbookPeriodogramForOddAndEvenSegments(int n) {
        double fs = 100;
        float[] x = noise(new Random(n), n, 1.0);
        for (int i = 0; i < n; i++) {
            x[i] += 0.25f * i;
        }
        WelchKernel kernel =
                new WelchKernel(
                        WelchConfig.builder(fs)
                                .nperseg(n)
                                .noverlap(0)
                                .detrend(Detrend.NONE)
                                .bands(n < 9 ? "all:0-50" : "low:0-20,high:20-50")
                                .relativeRange(0, 50)
                                .build());
        double[] psd = new double[kernel.bins()];

        assertEquals(1, kernel.psd(x, 0, n, psd));

        double[] expected = naivePeriodogram(x, fs);
        assertEquals(n / 2 + 1, kernel.bins());
        // float32 FFT: errors scale with the largest bin (the ramp's), so allow 1e-6 of it
        double floor = 1e-6 * Arrays.stream(expected).max().orElseThrow();
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], psd[k], 1e-5 * expected[k] + floor, "bin " + k);
        }
    }

    @Test
    void shouldRemoveARampExactlyWithLinearDetrend() {
        float[] x = new float[2048];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3.0f + 0.5f * i; // exactly representable: the input is an exact line
        }
        double[] linear = psdOf(x, Detrend.LINEAR);
        double[] constant = psdOf(x, Detrend.CONSTANT);

        double largestLeft = Arrays.stream(constant).max().orElseThrow();
        assertTrue(largestLeft > 1e3, "mean removal leaves the ramp: " + largestLeft);
        assertTrue(
                Arrays.stream(linear).max().orElseThrow() < 1e-12 * largestLeft,
                "linear detrend leaves " + Arrays.stream(linear).max().orElseThrow());
    }

    @Test
    void shouldGiveTheSamePsdForASignalWithAndWithoutAnAddedRamp() {
        float[] x = noise(new Random(5), 4096, 2.0);
        float[] ramped = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            ramped[i] = x[i] + 7.0f - 0.01f * i;
        }
        double[] plain = psdOf(x, Detrend.LINEAR);
        double[] withRamp = psdOf(ramped, Detrend.LINEAR);

        for (int k = 0; k < plain.length; k++) {
            assertEquals(plain[k], withRamp[k], 1e-4 * plain[k] + 1e-9, "bin " + k);
        }
    }

    @Test
    void shouldSignalZeroSegmentsWithZeroNotNaNWhenShorterThanNperseg() {
        WelchKernel kernel = new WelchKernel(WelchConfig.defaults(256));
        float[][] channels = {noise(new Random(1), 511, 1.0), noise(new Random(2), 511, 1.0)};
        double[] psd = new double[kernel.bins()];
        Arrays.fill(psd, Double.NaN);
        double[] out = new double[2 * kernel.bandCount()];
        double[] relative = new double[out.length];
        Arrays.fill(out, Double.NaN);
        Arrays.fill(relative, Double.NaN);

        assertEquals(0, kernel.psd(channels[0], 0, 511, psd));
        assertEquals(0, kernel.bandPowers(channels, 0, 511, out, relative));

        assertArrayEquals(new double[psd.length], psd);
        assertArrayEquals(new double[out.length], out);
        assertArrayEquals(new double[relative.length], relative);
    }

    @Test
    void shouldIgnoreAPartialTailSegment() {
        WelchKernel kernel = new WelchKernel(WelchConfig.defaults(256));
        float[] x = noise(new Random(3), 512 + 255, 1.0);
        double[] whole = new double[kernel.bins()];
        double[] first = new double[kernel.bins()];

        assertEquals(1, kernel.psd(x, 0, x.length, whole));
        assertEquals(1, kernel.psd(x, 0, 512, first));

        assertArrayEquals(first, whole, 0.0);
        assertEquals(2, kernel.config().segmentCount(512 + 256));
    }

    @Test
    void shouldReadTheRangeAtTheGivenOffset() {
        WelchKernel kernel = new WelchKernel(WelchConfig.defaults(160));
        float[] x = noise(new Random(4), 2000, 10.0);
        float[] copy = Arrays.copyOfRange(x, 123, 123 + 1500);
        double[] atOffset = new double[kernel.bins() + 3];
        double[] fromCopy = new double[kernel.bins()];

        kernel.psd(x, 123, 1500, atOffset, 3);
        kernel.psd(copy, 0, 1500, fromCopy);

        assertArrayEquals(fromCopy, Arrays.copyOfRange(atOffset, 3, atOffset.length), 0.0);
    }

    @Test
    void shouldGiveTheSameBandPowersInBatchAsChannelByChannel() {
        WelchKernel kernel = new WelchKernel(WelchConfig.defaults(256));
        float[][] channels = new float[3][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = noise(new Random(10 + c), 3000, 1.0 + c);
        }
        int bands = kernel.bandCount();
        double[] batch = new double[channels.length * bands];
        double[] batchRelative = new double[batch.length];
        double[] batchPsd = new double[channels.length * kernel.bins()];

        assertEquals(10, kernel.bandPowers(channels, 100, 2900, batch, batchRelative));
        assertEquals(10, kernel.psd(channels, 100, 2900, batchPsd));

        double[] psd = new double[kernel.bins()];
        double[] one = new double[bands];
        double[] oneRelative = new double[bands];
        for (int c = 0; c < channels.length; c++) {
            kernel.psd(channels[c], 100, 2900, psd);
            kernel.bandPowers(psd, 0, one, 0, oneRelative, 0);
            assertArrayEquals(one, Arrays.copyOfRange(batch, c * bands, (c + 1) * bands), 0.0);
            assertArrayEquals(
                    oneRelative,
                    Arrays.copyOfRange(batchRelative, c * bands, (c + 1) * bands),
                    0.0);
            assertArrayEquals(
                    psd,
                    Arrays.copyOfRange(batchPsd, c * kernel.bins(), (c + 1) * kernel.bins()),
                    0.0);
        }
    }

    @Test
    void shouldIntegrateRectAndTrapzOverTheirOwnEdgeBins() {
        // A flat PSD of 1 per Hz at df = 0.5 Hz: rect alpha = bins 8.0 .. 12.5 (10 bins) x 0.5,
        // trapz alpha = bins 8.0 .. 13.0 (11 bins, two halved) x 0.5; both give the width 5.
        double[] flat = new double[257];
        Arrays.fill(flat, 1.0);
        for (BandIntegration rule : BandIntegration.values()) {
            WelchKernel kernel =
                    new WelchKernel(WelchConfig.builder(256).integration(rule).build());
            double[] out = new double[5];
            double[] relative = new double[5];

            kernel.bandPowers(flat, 0, out, 0, relative, 0);

            assertArrayEquals(new double[] {3, 4, 5, 17, 15}, out, 1e-12, rule.label());
            assertEquals(44, kernel.totalPower(flat, 0), 1e-12);
            assertEquals(5.0 / 44, relative[2], 1e-12);
        }
        // A single bin at exactly 13 Hz belongs to beta under rect, to alpha and beta under trapz.
        double[] line = new double[257];
        line[26] = 1.0;
        double[] out = new double[5];
        new WelchKernel(WelchConfig.defaults(256)).bandPowers(line, 0, out, 0, null, 0);
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 0}, out, 0.0);
        new WelchKernel(WelchConfig.builder(256).integration(BandIntegration.TRAPZ).build())
                .bandPowers(line, 0, out, 0, null, 0);
        assertArrayEquals(new double[] {0, 0, 0.25, 0.25, 0}, out, 0.0);
    }

    @Test
    void shouldReportZeroRelativePowerForAFlatChannel() {
        WelchKernel kernel = new WelchKernel(WelchConfig.defaults(256));
        float[][] channels = {new float[1024]};
        Arrays.fill(channels[0], 42.0f);
        double[] out = new double[5];
        double[] relative = new double[5];

        assertEquals(3, kernel.bandPowers(channels, 0, 1024, out, relative));

        assertArrayEquals(new double[5], out, 0.0);
        assertArrayEquals(new double[5], relative, 0.0);
    }

    @Test
    void shouldRejectOutputsTooShortForTheChannels() {
        WelchKernel kernel = new WelchKernel(WelchConfig.defaults(256));
        float[][] channels = {new float[1024], new float[1024]};

        assertThrows(
                IllegalArgumentException.class,
                () -> kernel.bandPowers(channels, 0, 1024, new double[9], null));
        assertThrows(
                IllegalArgumentException.class,
                () -> kernel.bandPowers(channels, 0, 1024, new double[10], new double[5]));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> kernel.bandPowers(channels, 1, 1024, new double[10], null));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> kernel.psd(channels[0], 0, 1024, new double[256]));
    }

    @Test
    void shouldAllocateNothingPerCallForAPowerOfTwoSegment() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        WelchKernel kernel = new WelchKernel(WelchConfig.defaults(256));
        float[][] channels = new float[8][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = noise(new Random(c), 4096, 1.0);
        }
        double[] out = new double[8 * 5];
        double[] relative = new double[8 * 5];
        for (int i = 0; i < 200; i++) {
            kernel.bandPowers(channels, 0, 4096, out, relative);
        }
        long thread = Thread.currentThread().getId();

        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 200; i++) {
            kernel.bandPowers(channels, 0, 4096, out, relative);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertTrue(allocated < 200, "allocated " + allocated + " bytes in 200 calls");
    }

    @Test
    void shouldKeepTheFftLibraryFromStartingThreadsForLargeSegments() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        WelchKernel kernel = new WelchKernel(WelchConfig.builder(30000).nperseg(65536).build());
        float[] x = noise(new Random(9), 65536 * 2, 1.0);

        assertEquals(3, kernel.psd(x, 0, x.length, new double[kernel.bins()]));

        Set<String> started =
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> !before.contains(t) && t.isAlive())
                        .map(Thread::getName)
                        .collect(Collectors.toSet());
        assertEquals(Set.of(), started);
        assertEquals(1, ConcurrencyUtils.getNumberOfThreads());
    }

    private static double[] psdOf(float[] x, Detrend detrend) {
        WelchKernel kernel =
                new WelchKernel(WelchConfig.builder(256).nperseg(512).detrend(detrend).build());
        double[] psd = new double[kernel.bins()];
        kernel.psd(x, 0, x.length, psd);
        return psd;
    }

    /** One-sided periodogram by the definition, in double, with an O(n^2) DFT. */
    private static double[] naivePeriodogram(float[] x, double fs) {
        int n = x.length;
        double[] w = new double[n];
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            sumSquares += w[i] * w[i];
        }
        double[] p = new double[n / 2 + 1];
        for (int k = 0; k < p.length; k++) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                double angle = -2 * Math.PI * ((long) k * i % n) / n;
                re += w[i] * x[i] * Math.cos(angle);
                im += w[i] * x[i] * Math.sin(angle);
            }
            double c = k == 0 || (n % 2 == 0 && k == n / 2) ? 1 : 2;
            p[k] = c * (re * re + im * im) / (fs * sumSquares);
        }
        return p;
    }

    private static float[] noise(Random random, int n, double sd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (sd * random.nextGaussian());
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 255})
    void shouldGiveBandPowersFromTheBinsTheyReadThatAreTheBitsOfTheWholePsd(int nperseg) {
        double fs = 1000;
        // bands at DC, in the middle and up to the last bin (Nyquist for even nperseg)
        WelchConfig config =
                WelchConfig.builder(fs)
                        .nperseg(nperseg)
                        .noverlap(nperseg / 2)
                        .bands("low:0-20,mid:120-200,top:400-500")
                        .relativeRange(1, 45)
                        .build();
        WelchKernel kernel = new WelchKernel(config);
        float[] x = new float[4 * nperseg + 17];
        Random random = new Random(nperseg);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 + 20 * random.nextGaussian());
        }
        double[] psd = new double[kernel.bins()];
        int bands = kernel.bandCount();
        double[] expected = new double[bands];
        double[] expectedRelative = new double[bands];
        kernel.psd(x, 5, x.length - 5, psd);
        kernel.bandPowers(psd, 0, expected, 0, expectedRelative, 0);
        double[] out = new double[bands + 2];
        double[] relative = new double[bands + 3];
        kernel.bandPowers(x, 5, x.length - 5, out, 2, relative, 3);
        assertArrayEquals(expected, Arrays.copyOfRange(out, 2, 2 + bands));
        assertArrayEquals(expectedRelative, Arrays.copyOfRange(relative, 3, 3 + bands));
        assertTrue(expected[2] > 0, "the top band has power");
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6})
    void shouldGiveTheBitsOfOneSegmentAtATimeWhenSummingSegmentsInPairs(int segments) {
        // accumulate sums the means of two segments in one pass; segmentPowers sums each alone
        int nperseg = 256;
        int step = nperseg / 2;
        WelchConfig config =
                WelchConfig.builder(1000)
                        .nperseg(nperseg)
                        .noverlap(nperseg - step)
                        .bands("low:0-20,mid:120-200")
                        .relativeRange(1, 45)
                        .build();
        WelchKernel kernel = new WelchKernel(config);
        int length = nperseg + (segments - 1) * step;
        float[] x = new float[length + 3];
        Random random = new Random(segments);
        for (int i = 0; i < x.length; i++) {
            // magnitudes 1e-6 to 1e6: the mean's double sum is inexact, so its order shows
            x[i] = (float) (Math.pow(10, random.nextInt(13) - 6) * random.nextGaussian());
        }
        int bands = kernel.bandCount();
        double[] paired = new double[bands];
        double[] pairedRelative = new double[bands];
        assertEquals(segments, kernel.bandPowers(x, 3, length, paired, 0, pairedRelative, 0));
        int used = kernel.usedBins();
        double[] powers = new double[segments * used];
        for (int s = 0; s < segments; s++) {
            kernel.segmentPowers(x, 3 + s * step, powers, s * used);
        }
        double[] single = new double[bands];
        double[] singleRelative = new double[bands];
        kernel.bandPowersOfSegments(powers, 0, 0, segments, single, 0, singleRelative, 0);
        assertArrayEquals(single, paired);
        assertArrayEquals(singleRelative, pairedRelative);
    }
}
