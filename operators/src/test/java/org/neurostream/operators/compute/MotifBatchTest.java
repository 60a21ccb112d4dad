package org.neurostream.operators.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurostream.operators.compute.OpenClMotifParityTest.Detection;
import org.neurostream.operators.compute.OpenClMotifParityTest.Events;
import org.neurostream.operators.motif.MotifDetector;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.MotifStreamState;

/**
 * Many streams' batches decided in shared OpenCL launches ({@link MotifBatch}) give every stream
 * the CPU detector's detections, one for one, and its counts; also when a stream's place is the CPU
 * detector's and when the device fails at a flush.
 */
class MotifBatchTest {
    private static final double THRESHOLD = 0.8;
    private static final int STREAMS = MotifBatchDriver.STREAMS;
    private static final int EVENTS = MotifBatchDriver.EVENTS;

    @BeforeEach
    void requireOpenCl() {
        OpenClTestDevice.require();
    }

    /** What the CPU detector sends for a stream that has not ended (no finish). */
    private static List<Detection> cpu(final MotifKernel kernel, final Events e) {
        final List<Detection> out = new ArrayList<>();
        final MotifDetector detector =
                new MotifDetector(
                        kernel, 1, THRESHOLD, 0, (m, t, p) -> out.add(new Detection(m, t, p)));
        for (int i = 0; i < e.addresses().length; i++) {
            detector.onEventInBin(e.bins()[i], e.addresses()[i]);
        }
        return out;
    }

    @ParameterizedTest(name = "flush every {0} batches, fault {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "1, false",
        "3, false",
        "17, false",
        "5, true",
        "100000, false"
    })
    void shouldDetectEveryStreamAsTheCpuWhenTheirBatchesShareLaunches(
            final int flushEvery, final boolean fault) {
        final SplittableRandom random = new SplittableRandom(77 + flushEvery);
        // motif 1 always on: runs of bins no event reaches detect it too
        final MotifKernel kernel =
                OpenClMotifParityTest.alwaysOn(
                        OpenClMotifParityTest.randomKernel(6, 16, 5, 0.4, random), 1);
        final MotifBatchDriver.Run run;
        try (MotifBatch batch = new MotifBatch(kernel, THRESHOLD, BackendKind.OPENCL)) {
            assertEquals("opencl", batch.name());
            run = MotifBatchDriver.run(batch, kernel, 0, random, flushEvery, fault);
            assertEquals(fault ? "cpu" : "opencl", batch.name());
            if (!fault) {
                assertEquals(0, run.immediate(), "the device's streams detect at the flush");
            }
            final MotifDetector[] reference = new MotifDetector[STREAMS];
            long accepted = 0;
            long outOfRange = 0;
            long outOfOrder = 0;
            for (int k = 0; k < STREAMS; k++) {
                reference[k] = new MotifDetector(kernel, 1, THRESHOLD, 0, (m, t, p) -> {});
                for (int i = 0; i < EVENTS; i++) {
                    reference[k].onEventInBin(
                            run.streams()[k].bins()[i], run.streams()[k].addresses()[i]);
                }
                accepted += reference[k].eventsAccepted();
                outOfRange += reference[k].eventsOutOfRange();
                outOfOrder += reference[k].eventsOutOfOrder();
            }
            assertEquals(accepted, batch.eventsAccepted());
            assertEquals(outOfRange, batch.eventsOutOfRange());
            assertEquals(outOfOrder, batch.eventsOutOfOrder());
            assertEquals(
                    Arrays.stream(reference).mapToLong(MotifDetector::binsEvaluated).sum(),
                    batch.binsEvaluated());
            assertEquals(
                    Arrays.stream(reference).mapToLong(MotifDetector::detections).sum(),
                    batch.detections());
        }
        for (int k = 0; k < STREAMS; k++) {
            final List<Detection> expected = cpu(kernel, run.streams()[k]);
            assertTrue(expected.size() > 50, "detections to compare: " + expected.size());
            OpenClMotifParityTest.assertSame(expected, run.out().get(k));
        }
    }

    @ParameterizedTest(name = "{0} streams")
    @ValueSource(ints = {2, 8})
    void shouldPackTheWindowsOfManyStreamsIntoOneLaunch(final int streams) {
        final SplittableRandom random = new SplittableRandom(3);
        final MotifKernel kernel = OpenClMotifParityTest.randomKernel(4, 16, 5, 0.4, random);
        try (MotifBatch batch = new MotifBatch(kernel, THRESHOLD, BackendKind.OPENCL)) {
            final MotifStreamState[] places = new MotifStreamState[streams];
            for (int k = 0; k < streams; k++) {
                places[k] = batch.newState();
                final int[] addresses = new int[50];
                final long[] bins = new long[50];
                for (int i = 0; i < 50; i++) {
                    addresses[i] = random.nextInt(16);
                    bins[i] = 1000L * k + i;
                }
                batch.add(places[k], addresses, bins, 50, k, (m, t, p) -> {});
            }
            assertEquals(streams, batch.windows());
            batch.flush((tag, m, t, p) -> {});
            final OpenClMotifBackend device = batch.openCl();
            assertEquals(1, device.sparseWindows() + device.denseWindows(), "launches");
            assertEquals(49L * streams, batch.binsEvaluated());
        }
    }
}
