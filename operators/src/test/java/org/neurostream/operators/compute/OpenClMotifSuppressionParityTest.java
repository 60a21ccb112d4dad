package org.neurostream.operators.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurostream.operators.compute.OpenClMotifParityTest.Detection;
import org.neurostream.operators.compute.OpenClMotifParityTest.Events;
import org.neurostream.operators.motif.MotifDetectionSink;
import org.neurostream.operators.motif.MotifDetector;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.MotifStreamState;

/**
 * Non-maximum suppression with the OpenCL backend (device accumulation, suppression on the host)
 * against the CPU detector with the same radius, on the first OpenCL device (PoCL's CPU device in
 * CI): the very detections, potentials to the bit, and the same counts; with radii below and above
 * D, ties (weights of one value), gaps shorter and longer than D + 2r, batches cut anywhere,
 * windows held across calls, places saved and handed between streams, to the CPU detector and
 * through the serializer, many streams sharing launches ({@link MotifBatch}) and device failures at
 * a flush.
 */
class OpenClMotifSuppressionParityTest {
    private static final double THRESHOLD = 0.8;

    @BeforeEach
    void requireOpenCl() {
        OpenClTestDevice.require();
    }

    @ParameterizedTest(name = "mode {0}, radius {1}, ties {2}, held {3}")
    @CsvSource({
        "AUTO, 1, false, false",
        "SPARSE, 3, false, true",
        "DENSE, 3, true, false",
        "AUTO, 4, true, true",
        "SPARSE, 12, true, false",
        "DENSE, 12, false, true"
    })
    void shouldSuppressExactlyAsTheCpuOnRandomStreamsCutIntoUnevenBatches(
            final OpenClMotifBackend.Mode mode,
            final int radius,
            final boolean ties,
            final boolean held) {
        final SplittableRandom random = new SplittableRandom(radius * 31L + (ties ? 1 : 0));
        final MotifKernel kernel = kernel(random, ties);
        final Events stream = OpenClMotifParityTest.stream(random, 8000, 16);
        final List<Detection> cpu = cpu(kernel, radius, stream, true);
        assertTrue(cpu.size() > 50, "enough detections to compare: " + cpu.size());
        assertTrue(
                cpu.size() < cpu(kernel, 0, stream, true).size(), "suppression removes detections");
        final List<Detection> device = new ArrayList<>();
        try (OpenClMotifBackend b =
                new OpenClMotifBackend(
                        kernel,
                        THRESHOLD,
                        radius,
                        OpenClTestDevice.require(),
                        OpenClPrograms.source("motif.cl"),
                        mode,
                        OpenClMotifBackend.CANDIDATES,
                        BackendOptions.DEFAULT.withHeldWindows(held))) {
            final int[] sizes = {1, 700, 13, 2500, 997, 3, 4000};
            int i = 0;
            int s = 0;
            while (i < stream.addresses().length) {
                final int size = Math.min(sizes[s++ % sizes.length], stream.addresses().length - i);
                b.process(
                        Arrays.copyOfRange(stream.addresses(), i, i + size),
                        Arrays.copyOfRange(stream.bins(), i, i + size),
                        size,
                        sink(device));
                i += size;
            }
            b.finish(sink(device));
            final MotifDetector reference = reference(kernel, radius, stream);
            assertEquals(reference.eventsAccepted(), b.eventsAccepted());
            assertEquals(reference.binsEvaluated(), b.binsEvaluated());
            assertEquals(reference.detections(), b.detections());
        }
        assertIdentical(cpu, device);
    }

    @ParameterizedTest(name = "radius {0}, fault {1}")
    @CsvSource({"2, NONE", "9, NONE", "3, LAUNCH", "3, WAIT"})
    void shouldSuppressEveryStreamAsTheCpuWhenOneBackendTakesTurnsWithTheirPlaces(
            final int radius, final OpenClMotifParityTest.TurnFault fault) throws IOException {
        final SplittableRandom random = new SplittableRandom(7 + radius);
        final MotifKernel kernel = kernel(random, true);
        final int events = 5000;
        final Events[] streams = new Events[3];
        final List<List<Detection>> out = new ArrayList<>();
        final MotifStreamState[] places = new MotifStreamState[streams.length];
        try (MotifBackend b =
                MotifBackends.create(
                        kernel,
                        THRESHOLD,
                        radius,
                        BackendKind.OPENCL,
                        BackendOptions.DEFAULT.withHeldWindows(true))) {
            final FallbackMotifBackend fallback = (FallbackMotifBackend) b;
            assertEquals("opencl", b.name());
            for (int k = 0; k < streams.length; k++) {
                streams[k] = OpenClMotifParityTest.stream(random, events, 16);
                out.add(new ArrayList<>());
                places[k] = b.newState();
            }
            assertTrue(places[0].isTail());
            final int[] from = new int[streams.length];
            final int[] sizes = {1, 700, 13, 2500, 997, 64};
            int turn = 0;
            while (Arrays.stream(from).anyMatch(f -> f < events)) {
                final int k = turn % streams.length;
                final int size = Math.min(sizes[turn % sizes.length], events - from[k]);
                turn++;
                if (size == 0) {
                    continue;
                }
                if (turn == 8 && fault == OpenClMotifParityTest.TurnFault.LAUNCH) {
                    fallback.openCl().simulateDeviceFault();
                } else if (turn == 8 && fault == OpenClMotifParityTest.TurnFault.WAIT) {
                    fallback.openCl().simulateFaultOnComplete();
                }
                b.loadState(places[k]);
                b.process(
                        Arrays.copyOfRange(streams[k].addresses(), from[k], from[k] + size),
                        Arrays.copyOfRange(streams[k].bins(), from[k], from[k] + size),
                        size,
                        sink(out.get(k)));
                b.saveState(places[k], sink(out.get(k)));
                // every place goes through the serializer's bytes, as a checkpoint would
                places[k] = roundTrip(places[k]);
                from[k] += size;
            }
            for (int k = 0; k < streams.length; k++) {
                b.loadState(places[k]);
                b.finish(sink(out.get(k)));
            }
            assertEquals(
                    fault == OpenClMotifParityTest.TurnFault.NONE ? "opencl" : "cpu", b.name());
            long bins = 0;
            long detections = 0;
            for (final Events e : streams) {
                final MotifDetector reference = reference(kernel, radius, e);
                bins += reference.binsEvaluated();
                detections += reference.detections();
            }
            assertEquals(bins, b.binsEvaluated());
            assertEquals(detections, b.detections());
        }
        for (int k = 0; k < streams.length; k++) {
            assertIdentical(cpu(kernel, radius, streams[k], true), out.get(k));
        }
    }

    @Test
    void shouldHandAPlaceWithPendingDecisionsToTheCpuDetector() throws IOException {
        final int radius = 5;
        final SplittableRandom random = new SplittableRandom(3);
        final MotifKernel kernel = kernel(random, true);
        final Events stream = OpenClMotifParityTest.stream(random, 6000, 16);
        final List<Detection> out = new ArrayList<>();
        final int[] cuts = {1, 900, 2000, 3333, 5999};
        for (final int cut : cuts) {
            out.clear();
            MotifStreamState place;
            try (OpenClMotifBackend b =
                    new OpenClMotifBackend(kernel, THRESHOLD, radius, OpenClTestDevice.require())) {
                place = b.newState();
                b.loadState(place);
                b.process(
                        Arrays.copyOfRange(stream.addresses(), 0, cut),
                        Arrays.copyOfRange(stream.bins(), 0, cut),
                        cut,
                        sink(out));
                b.saveState(place, sink(out));
            }
            place = roundTrip(place);
            // the CPU detector rebuilds its ring and the history of the last 2r bins from the tail
            try (CpuMotifBackend cpu = new CpuMotifBackend(kernel, THRESHOLD, radius)) {
                cpu.loadState(place);
                final int rest = stream.addresses().length - cut;
                cpu.process(
                        Arrays.copyOfRange(stream.addresses(), cut, cut + rest),
                        Arrays.copyOfRange(stream.bins(), cut, cut + rest),
                        rest,
                        sink(out));
                cpu.finish(sink(out));
            }
            assertIdentical(cpu(kernel, radius, stream, true), out);
        }
    }

    @ParameterizedTest(name = "radius {0}, flush every {1} batches, fault {2}")
    @CsvSource({"3, 1, false", "3, 7, false", "11, 5, false", "4, 5, true", "4, 100000, false"})
    void shouldSuppressEveryStreamAsTheCpuWhenTheirBatchesShareLaunches(
            final int radius, final int flushEvery, final boolean fault) {
        final SplittableRandom random = new SplittableRandom(radius * 100L + flushEvery);
        final MotifKernel kernel = kernel(random, true);
        final MotifBatchDriver.Run run;
        try (MotifBatch batch = new MotifBatch(kernel, THRESHOLD, radius, BackendKind.OPENCL)) {
            assertEquals("opencl", batch.name());
            run = MotifBatchDriver.run(batch, kernel, radius, random, flushEvery, fault);
            assertEquals(fault ? "cpu" : "opencl", batch.name());
            long bins = 0;
            long detections = 0;
            for (final Events e : run.streams()) {
                final MotifDetector reference = reference(kernel, radius, e, false);
                bins += reference.binsEvaluated();
                detections += reference.detections();
            }
            assertEquals(bins, batch.binsEvaluated());
            assertEquals(detections, batch.detections());
        }
        for (int k = 0; k < MotifBatchDriver.STREAMS; k++) {
            assertIdentical(cpu(kernel, radius, run.streams()[k], false), run.out().get(k));
        }
    }

    @Test
    void shouldGiveTheCpuPathToSuppressionWithAMotifThatDetectsInQuietBinsOrAHugeRadius() {
        final SplittableRandom random = new SplittableRandom(1);
        final MotifKernel kernel =
                OpenClMotifParityTest.alwaysOn(
                        OpenClMotifParityTest.randomKernel(4, 8, 3, 0.4, random), 1);
        try (MotifBackend b = MotifBackends.create(kernel, THRESHOLD, 2, BackendKind.OPENCL)) {
            assertEquals("cpu", b.name());
        }
        try (MotifBackend b = MotifBackends.create(kernel, THRESHOLD, 0, BackendKind.OPENCL)) {
            assertEquals("opencl", b.name());
        }
        final MotifKernel quiet = kernel(random, false);
        try (MotifBackend b =
                MotifBackends.create(
                        quiet, THRESHOLD, OpenClMotifBackend.WINDOW_BINS + 1, BackendKind.OPENCL)) {
            assertEquals("cpu", b.name(), "a radius wider than a window");
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> new OpenClMotifBackend(kernel, THRESHOLD, 2, OpenClTestDevice.require()));
    }

    /**
     * A random kernel of M 6, N 16, D 5, biases below the threshold; with {@code ties} every weight
     * is 0.5 or 1 (potentials repeat, so tied maxima are common).
     */
    private static MotifKernel kernel(final SplittableRandom random, final boolean ties) {
        final MotifKernel k = OpenClMotifParityTest.randomKernel(6, 16, 5, 0.4, random);
        if (!ties) {
            return k;
        }
        final float[] dense = k.toDense();
        for (int i = 0; i < dense.length; i++) {
            dense[i] = dense[i] == 0f ? 0f : random.nextBoolean() ? 0.5f : 1f;
        }
        final float[] bias = new float[6];
        Arrays.fill(bias, -1.5f);
        return MotifKernel.fromDense(dense, bias, 6, 16, 5);
    }

    private static MotifDetectionSink sink(final List<Detection> out) {
        return (m, t, p) -> out.add(new Detection(m, t, p));
    }

    private static List<Detection> cpu(
            final MotifKernel kernel, final int radius, final Events e, final boolean finish) {
        final List<Detection> out = new ArrayList<>();
        final MotifDetector detector = new MotifDetector(kernel, 1, THRESHOLD, radius, sink(out));
        for (int i = 0; i < e.addresses().length; i++) {
            detector.onEventInBin(e.bins()[i], e.addresses()[i]);
        }
        if (finish) {
            detector.finish();
        }
        return out;
    }

    private static MotifDetector reference(
            final MotifKernel kernel, final int radius, final Events e) {
        return reference(kernel, radius, e, true);
    }

    private static MotifDetector reference(
            final MotifKernel kernel, final int radius, final Events e, final boolean finish) {
        final MotifDetector detector =
                new MotifDetector(kernel, 1, THRESHOLD, radius, (m, t, p) -> {});
        for (int i = 0; i < e.addresses().length; i++) {
            detector.onEventInBin(e.bins()[i], e.addresses()[i]);
        }
        if (finish) {
            detector.finish();
        }
        return detector;
    }

    private static MotifStreamState roundTrip(final MotifStreamState s) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.writeState(new DataOutputStream(bytes));
        return MotifStreamState.readState(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    /** The same detections in the same order, potentials to the bit. */
    private static void assertIdentical(final List<Detection> cpu, final List<Detection> device) {
        assertEquals(cpu.size(), device.size(), "number of detections");
        for (int i = 0; i < cpu.size(); i++) {
            assertEquals(cpu.get(i), device.get(i), "detection " + i);
        }
    }
}
