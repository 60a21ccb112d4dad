package org.neurostream.operators.motif;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streaming detector: the toy answers of docs/features.md#spiking-motif-known-answers, its
 * dense twin, and bad input.
 */
class MotifDetectorTest {

    /** One detection as the sink saw it. */
    record Detection(int motif, long bin, double potential) {}

    /** A sink that keeps what it receives. */
    static final class Collect implements MotifDetectionSink {
        final List<Detection> all = new ArrayList<>();

        @Override
        public void onDetection(int motif, long bin, double potential) {
            all.add(new Detection(motif, bin, potential));
        }
    }

    /** The toy kernel: N = 3 addresses, D = 10 delays, b = -2.5. */
    static MotifKernel toyKernel() {
        int n = 3;
        int d = 10;
        float[] k = new float[2 * n * d];
        k[(0 * n + 0) * d + 1] = 1;
        k[(0 * n + 1) * d + 5] = 1;
        k[(0 * n + 2) * d + 9] = 1;
        k[(1 * n + 0) * d + 8] = 1;
        k[(1 * n + 1) * d + 5] = 1;
        k[(1 * n + 2) * d + 1] = 1;
        return MotifKernel.fromDense(k, new float[] {-2.5f, -2.5f}, 2, n, d);
    }

    private static List<Detection> run(
            MotifKernel kernel, int radius, double threshold, long[] bins, int[] addresses) {
        Collect sink = new Collect();
        MotifDetector detector = new MotifDetector(kernel, 1, threshold, radius, sink);
        for (int i = 0; i < bins.length; i++) {
            detector.onEventInBin(bins[i], addresses[i]);
        }
        detector.finish();
        return sink.all;
    }

    @Test
    void shouldDetectMotifZeroAtBinTenWithProbabilitySigmoidOfHalf() {
        List<Detection> found = run(toyKernel(), 0, 0, new long[] {1, 5, 9}, new int[] {2, 1, 0});

        assertEquals(List.of(new Detection(0, 10, 0.5)), found);
        assertEquals(0.6225, 1 / (1 + Math.exp(-found.get(0).potential())), 1e-4);
    }

    @Test
    void shouldDetectMotifOneAtBinTenForTheOtherOrder() {
        List<Detection> found = run(toyKernel(), 0, 0, new long[] {2, 5, 9}, new int[] {0, 1, 2});

        assertEquals(List.of(new Detection(1, 10, 0.5)), found);
    }

    @Test
    void shouldDetectNothingWhenAllThreeFireInBinZero() {
        Collect sink = new Collect();
        MotifDetector detector = new MotifDetector(toyKernel(), 1, 0, 0, sink);
        detector.onEventInBin(0, 0);
        detector.onEventInBin(0, 1);
        detector.onEventInBin(0, 2);
        detector.finish();

        assertEquals(List.of(), sink.all);
        assertEquals(10, detector.binsEvaluated(), "bins 0 to 0 + D - 1");
    }

    @Test
    void shouldBinMicrosecondsByFlooring() {
        Collect sink = new Collect();
        MotifDetector detector = new MotifDetector(toyKernel(), 1000, 0, 0, sink);
        detector.onEvent(1999, 2);
        detector.onEvent(5000, 1);
        detector.onEvent(9999, 0);
        detector.finish();

        assertEquals(List.of(new Detection(0, 10, 0.5)), sink.all);
    }

    @Test
    void shouldAgreeWithTheDenseConvolutionWithinOneTenThousandth() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 5; trial++) {
            int m = 1 + random.nextInt(9);
            int n = 1 + random.nextInt(16);
            int d = 1 + random.nextInt(20);
            MotifKernel kernel = randomKernel(random, m, n, d, 0.3, false);
            BinnedEvents input = randomInput(random, n, 400, 0.05);

            float[] ring =
                    MotifEvaluation.potentials(
                            kernel,
                            input,
                            input.bin(0),
                            (int) (input.bin(input.size() - 1) - input.bin(0)) + d);
            double[][] dense = DenseMotifDetector.potentials(kernel, raster(input, n, d));

            double worst = 0;
            for (int mm = 0; mm < m; mm++) {
                int bins = dense[mm].length;
                for (int t = 0; t < bins; t++) {
                    worst = Math.max(worst, Math.abs(ring[mm * bins + t] - dense[mm][t]));
                }
            }
            assertTrue(worst < 1e-4, "trial " + trial + ": max |ring - dense| = " + worst);
        }
    }

    @Test
    void shouldSuppressNonMaximaExactlyAsTheDenseTwin() {
        SplittableRandom random = new SplittableRandom(5);
        for (int radius = 0; radius <= 4; radius++) {
            // Weights on a grid of 1/2 make every sum exact, ties included, in float and double.
            MotifKernel kernel = randomKernel(random, 4, 6, 7, 0.4, true);
            BinnedEvents input = randomInput(random, 6, 500, 0.3);
            double[][] dense = DenseMotifDetector.potentials(kernel, raster(input, 6, 7));
            Collect expected = new Collect();
            DenseMotifDetector.detect(dense, input.bin(0), 1.0, radius, expected);

            List<Detection> found = run(kernel, radius, 1.0, input.bins(), input.ids());

            assertTrue(expected.all.size() > 20, "enough detections to compare");
            assertEquals(expected.all, found, "radius " + radius);
        }
    }

    @Test
    void shouldKeepTheEarliestOfTiedMaximaAndDropSmallerNeighbours() {
        // One address, one motif, weight 1 at delays 0..2: counts make V = counts in window - 0.5.
        MotifKernel kernel =
                MotifKernel.fromDense(new float[] {1, 1, 1}, new float[] {-0.5f}, 1, 1, 3);
        // Events in bins 0, 1 and 10 give V = 0.5, 1.5, 1.5, 0.5 (bins 0-3), 0.5 0.5 0.5 (10-12).
        long[] bins = {0, 1, 10};
        int[] addresses = {0, 0, 0};

        assertEquals(
                List.of(new Detection(0, 1, 1.5), new Detection(0, 10, 0.5)),
                run(kernel, 2, 0, bins, addresses));
        assertEquals(7, run(kernel, 0, 0, bins, addresses).size(), "no suppression: every bin");
        assertEquals(List.of(new Detection(0, 1, 1.5)), run(kernel, 9, 0, bins, addresses));
    }

    @Test
    void shouldCountAddressesOutsideTheKernelAndIgnoreThem() {
        Collect sink = new Collect();
        MotifDetector detector = new MotifDetector(toyKernel(), 1, 0, 0, sink);
        detector.onEventInBin(0, 3);
        detector.onEventInBin(1, 2);
        detector.onEventInBin(2, -1);
        detector.onEventInBin(5, 1);
        detector.onEventInBin(7, Integer.MAX_VALUE);
        detector.onEventInBin(9, 0);
        detector.onEventInBin(20, 3);
        detector.finish();

        assertEquals(List.of(new Detection(0, 10, 0.5)), sink.all);
        assertEquals(4, detector.eventsOutOfRange());
        assertEquals(3, detector.eventsAccepted());
        assertEquals(18, detector.binsEvaluated(), "bins 1 to 9 + 9: ignored events do not count");
    }

    @Test
    void shouldCountAndDropEventsThatGoBackInTime() {
        Collect sink = new Collect();
        MotifDetector detector = new MotifDetector(toyKernel(), 1, 0, 0, sink);
        detector.onEventInBin(1, 2);
        detector.onEventInBin(5, 1);
        detector.onEventInBin(4, 0);
        detector.onEventInBin(5, 2);
        detector.onEventInBin(9, 0);
        detector.onEventInBin(8, 1);
        detector.finish();

        assertEquals(List.of(new Detection(0, 10, 0.5)), sink.all);
        assertEquals(2, detector.eventsOutOfOrder());
        assertEquals(4, detector.eventsAccepted(), "the second event of bin 5 is in order");
    }

    @Test
    void shouldSkipLongSilencesWithoutChangingDetections() {
        MotifKernel kernel = toyKernel();
        long gap = 1_000_000_000_000L;
        long[] bins = {1, 5, 9, gap + 2, gap + 5, gap + 9};
        int[] addresses = {2, 1, 0, 0, 1, 2};
        for (int radius : new int[] {0, 3}) {
            Collect sink = new Collect();
            MotifDetector detector = new MotifDetector(kernel, 1, 0, radius, sink);
            for (int i = 0; i < bins.length; i++) {
                detector.onEventInBin(bins[i], addresses[i]);
            }
            detector.finish();

            assertEquals(
                    List.of(new Detection(0, 10, 0.5), new Detection(1, gap + 10, 0.5)),
                    sink.all,
                    "radius " + radius);
            assertEquals(gap + 9 + 9 - 1 + 1, detector.binsEvaluated());
        }
    }

    @Test
    void shouldReportEveryQuietBinWhenABiasReachesTheThreshold() {
        MotifKernel kernel =
                MotifKernel.fromDense(new float[] {1, 0}, new float[] {0.25f}, 1, 1, 2);
        List<Detection> found = run(kernel, 0, 0, new long[] {0, 100}, new int[] {0, 0});

        assertEquals(102, found.size(), "bins 0 to 101, each with V >= b = 0.25");
        assertEquals(new Detection(0, 0, 1.25), found.get(0));
        assertEquals(new Detection(0, 50, 0.25), found.get(50));
    }

    @Test
    void shouldStartAFreshStreamAfterFinish() {
        Collect sink = new Collect();
        MotifDetector detector = new MotifDetector(toyKernel(), 1, 0, 0, sink);
        for (int stream = 0; stream < 2; stream++) {
            detector.onEventInBin(1, 2);
            detector.onEventInBin(5, 1);
            detector.onEventInBin(9, 0);
            detector.finish();
        }
        assertEquals(List.of(new Detection(0, 10, 0.5), new Detection(0, 10, 0.5)), sink.all);
        assertEquals(0, detector.eventsOutOfOrder());
    }

    @Test
    void shouldAllocateNothingPerEvent() {
        SplittableRandom random = new SplittableRandom(3);
        MotifKernel kernel = randomKernel(random, 50, 32, 15, 0.05, false);
        long[] count = new long[1];
        MotifDetector detector = new MotifDetector(kernel, 1000, 0.5, 2, (m, bin, v) -> count[0]++);
        int[] addresses = new int[200_000];
        long[] times = new long[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = random.nextInt(34) - 1;
            times[i] = i * 700L;
        }
        feed(detector, times, addresses); // warm up: compile the loops
        detector.finish();

        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        feed(detector, times, addresses);
        long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertTrue(count[0] > 0, "some detections");
        assertTrue(allocated < 1024, allocated + " bytes allocated for 200000 events");
    }

    private static void feed(MotifDetector detector, long[] times, int[] addresses) {
        for (int i = 0; i < times.length; i++) {
            detector.onEvent(times[i], addresses[i]);
        }
    }

    @Test
    void shouldStoreRowsByDelayThenMotif() {
        MotifKernel kernel = toyKernel();

        assertEquals(6, kernel.nonZeroCount());
        assertEquals(2, kernel.rowStart(1) - kernel.rowStart(0));
        int k = kernel.rowStart(2);
        assertEquals(1, kernel.motif(k), "address 2: (m1, d1) before (m0, d9)");
        assertEquals(1, kernel.delay(k));
        assertEquals(0, kernel.motif(k + 1));
        assertEquals(9, kernel.delay(k + 1));
        assertEquals(k + 1, kernel.delayStart(2, 2));
        assertArrayEquals(new float[] {-2.5f, -2.5f}, kernel.biases());
        float[] dense = kernel.toDense();
        assertEquals(1f, dense[(1 * 3 + 0) * 10 + 8]);
        assertEquals(6.0, sum(dense), 0.0);
    }

    @Test
    void shouldRejectKernelsThatDoNotFitTheirShape() {
        assertThrows(
                IllegalArgumentException.class,
                () -> MotifKernel.fromDense(new float[5], new float[1], 1, 2, 3));
        assertThrows(
                IllegalArgumentException.class,
                () -> MotifKernel.fromDense(new float[6], new float[2], 1, 2, 3));
        assertThrows(
                IllegalArgumentException.class,
                () -> MotifKernel.fromDense(new float[] {Float.NaN}, new float[1], 1, 1, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MotifDetector(toyKernel(), 0, 0, 0, (m, b, v) -> {}));
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    /** A random kernel; with grid, weights are multiples of 1/2 in -2..2 (exact sums). */
    static MotifKernel randomKernel(
            SplittableRandom random, int m, int n, int d, double density, boolean grid) {
        float[] k = new float[m * n * d];
        for (int i = 0; i < k.length; i++) {
            if (random.nextDouble() < density) {
                k[i] = grid ? (random.nextInt(9) - 4) / 2f : (float) (random.nextDouble() * 4 - 2);
            }
        }
        float[] b = new float[m];
        for (int i = 0; i < m; i++) {
            b[i] = grid ? -random.nextInt(3) / 2f : (float) (random.nextDouble() * 2 - 1.5);
        }
        return MotifKernel.fromDense(k, b, m, n, d);
    }

    /** Events over about `bins` bins, some bins empty, some with several events of one address. */
    static BinnedEvents randomInput(SplittableRandom random, int n, int bins, double rate) {
        List<long[]> events = new ArrayList<>();
        long t = 100 - random.nextInt(200);
        events.add(new long[] {t, random.nextInt(n)});
        for (int i = 0; i < bins; i++) {
            t += random.nextInt(10) == 0 ? random.nextInt(40) : 1;
            for (int a = 0; a < n; a++) {
                int c = random.nextDouble() < rate ? 1 + random.nextInt(3) : 0;
                for (int j = 0; j < c; j++) {
                    events.add(new long[] {t, a});
                }
            }
        }
        int[] ids = new int[events.size()];
        long[] times = new long[events.size()];
        for (int i = 0; i < ids.length; i++) {
            times[i] = events.get(i)[0];
            ids[i] = (int) events.get(i)[1];
        }
        return new BinnedEvents(ids, times);
    }

    /** A[a][t] over bins first .. last + D - 1. */
    static int[][] raster(BinnedEvents input, int n, int d) {
        long first = input.bin(0);
        int bins = (int) (input.bin(input.size() - 1) - first) + d;
        int[][] counts = new int[n][bins];
        for (int i = 0; i < input.size(); i++) {
            counts[input.id(i)][(int) (input.bin(i) - first)]++;
        }
        return counts;
    }
}
