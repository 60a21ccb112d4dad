package org.neurostream.operators.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurostream.operators.motif.BinnedEvents;
import org.neurostream.operators.motif.MotifDetectionSink;
import org.neurostream.operators.motif.MotifDetector;
import org.neurostream.operators.motif.MotifEvaluation;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.MotifStreamState;
import org.neurostream.operators.motif.SyntheticMotifs;

/**
 * The OpenCL motif path against the CPU detector ({@link MotifDetector}) on the first OpenCL device
 * (PoCL's CPU device in CI): the same (motif, bin) detections in the same order and potentials
 * within 1e-4, through the sparse scatter, the dense raster and the automatic choice, on random
 * kernels and streams (gaps, busy bins, bad events, thresholds set exactly on a CPU potential), and
 * on the ICANN synthetic benchmark at a reduced size; one backend taking turns with several
 * streams' places, held windows and device failures included.
 */
class OpenClMotifParityTest {

    private static final double TOLERANCE = 1e-4;

    /** One detection as a sink saw it. */
    record Detection(int motif, long bin, double potential) {}

    @BeforeEach
    void requireOpenCl() {
        OpenClTestDevice.require();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OpenClMotifBackend.Mode.class)
    void shouldDetectExactlyAsTheCpuOnRandomStreamsSplitIntoUnevenBatches(
            final OpenClMotifBackend.Mode mode) {
        final SplittableRandom random = new SplittableRandom(5);
        // motif 0 is always on (b >= threshold): bins that no event reaches detect it too
        final MotifKernel kernel = alwaysOn(randomKernel(12, 20, 7, 0.3, random), 0);
        final Events stream = stream(random, 6000, 20);
        final int[] addresses = stream.addresses;
        final long[] bins = stream.bins;
        final double threshold = 0.9;
        final List<Detection> cpu = cpu(kernel, threshold, addresses, bins);
        assertTrue(cpu.size() > 100, "enough detections to compare: " + cpu.size());
        final List<Detection> device = new ArrayList<>();
        try (OpenClMotifBackend b = openCl(kernel, threshold, mode)) {
            feed(b, addresses, bins, new int[] {1, 700, 13, 2500, 997}, device);
            assertCountedAsTheCpu(b, kernel, threshold, addresses, bins);
            assertTrue(b.eventsOutOfRange() > 0 && b.eventsOutOfOrder() > 0);
            if (mode == OpenClMotifBackend.Mode.DENSE) {
                assertEquals(0, b.sparseWindows());
            }
            if (mode == OpenClMotifBackend.Mode.SPARSE) {
                assertEquals(0, b.denseWindows());
            }
        }
        assertSame(cpu, device);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OpenClMotifBackend.Mode.class)
    void shouldDetectExactlyAsTheCpuWhenAWindowHasMoreCandidatesThanItsList(
            final OpenClMotifBackend.Mode mode) {
        // a low threshold: most cells of every window are candidates, far more than 5
        final SplittableRandom random = new SplittableRandom(13);
        final MotifKernel kernel = randomKernel(5, 9, 6, 0.5, random);
        final int[] addresses = new int[2000];
        final long[] bins = new long[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = random.nextInt(9);
            bins[i] = i / 2 + (i > 1000 ? 50 : 0);
        }
        final double threshold = -0.6;
        final List<Detection> cpu = cpu(kernel, threshold, addresses, bins);
        assertTrue(cpu.size() > 1000, "detections: " + cpu.size());
        for (final int capacity : new int[] {5, OpenClMotifBackend.CANDIDATES}) {
            for (final boolean held : new boolean[] {false, true}) {
                final List<Detection> device = new ArrayList<>();
                try (OpenClMotifBackend b =
                        new OpenClMotifBackend(
                                kernel,
                                threshold,
                                0,
                                OpenClTestDevice.require(),
                                OpenClPrograms.source("motif.cl"),
                                mode,
                                capacity,
                                BackendOptions.DEFAULT.withHeldWindows(held))) {
                    feed(b, addresses, bins, new int[] {300, 1700}, device);
                }
                assertSame(cpu, device);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OpenClMotifBackend.Mode.class)
    void shouldDetectExactlyAsTheCpuWhenABatchSpansSeveralFullWindows(
            final OpenClMotifBackend.Mode mode) {
        final SplittableRandom random = new SplittableRandom(23);
        final MotifKernel kernel = randomKernel(6, 10, 9, 0.4, random);
        final int[] addresses = new int[3 * OpenClMotifBackend.WINDOW_BINS + 50];
        final long[] bins = new long[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = random.nextInt(10);
            bins[i] = i + i / 1000;
        }
        final double threshold = 0.8;
        final List<Detection> cpu = cpu(kernel, threshold, addresses, bins);
        assertTrue(cpu.size() > 1000, "detections: " + cpu.size());
        final List<Detection> device = new ArrayList<>();
        try (OpenClMotifBackend b = openCl(kernel, threshold, mode)) {
            feed(b, addresses, bins, new int[] {addresses.length}, device);
        }
        assertSame(cpu, device);
    }

    @Test
    void shouldDetectExactlyAsTheCpuWhenTheMotifsSpanSeveralWorkGroups() {
        // more motifs than one work-group's local memory holds for a tile of bins
        final SplittableRandom random = new SplittableRandom(17);
        final MotifKernel kernel = randomKernel(700, 8, 5, 0.3, random);
        final int[] addresses = new int[1500];
        final long[] bins = new long[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = random.nextInt(8);
            bins[i] = i / 3 + (i > 700 ? 40 : 0);
        }
        final double threshold = 1.2;
        final List<Detection> cpu = cpu(kernel, threshold, addresses, bins);
        assertTrue(cpu.size() > 100, "detections: " + cpu.size());
        final List<Detection> device = new ArrayList<>();
        try (OpenClMotifBackend b = openCl(kernel, threshold, OpenClMotifBackend.Mode.SPARSE)) {
            assertTrue(b.tileChunk() < 700, "motifs per work-group: " + b.tileChunk());
            feed(b, addresses, bins, new int[] {400, 1100}, device);
        }
        assertSame(cpu, device);
    }

    @Test
    void shouldChooseDenseForBusyStreamsAndSparseForQuietOnes() {
        final SplittableRandom random = new SplittableRandom(8);
        final MotifKernel kernel = randomKernel(4, 6, 5, 0.9, random);
        final int[] busy = new int[4000];
        final long[] busyBins = new long[busy.length];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = random.nextInt(6);
            busyBins[i] = i / 8;
        }
        try (OpenClMotifBackend b = openCl(kernel, 0.5, OpenClMotifBackend.Mode.AUTO)) {
            final List<Detection> device = new ArrayList<>();
            feed(b, busy, busyBins, new int[] {busy.length}, device);
            assertTrue(b.denseWindows() > 0 && b.sparseWindows() <= 1, "dense " + b.denseWindows());
            assertSame(cpu(kernel, 0.5, busy, busyBins), device);
        }
        final int[] quiet = new int[400];
        final long[] quietBins = new long[quiet.length];
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] = random.nextInt(6);
            quietBins[i] = 7L * i;
        }
        try (OpenClMotifBackend b = openCl(kernel, 0.5, OpenClMotifBackend.Mode.AUTO)) {
            final List<Detection> device = new ArrayList<>();
            feed(b, quiet, quietBins, new int[] {quiet.length}, device);
            assertEquals(0, b.denseWindows());
            assertSame(cpu(kernel, 0.5, quiet, quietBins), device);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OpenClMotifBackend.Mode.class)
    void shouldKeepDetectionsIdenticalWhenTheThresholdIsExactlyACpuPotential(
            final OpenClMotifBackend.Mode mode) {
        // weights like 0.1 round differently in another summation order
        final SplittableRandom random = new SplittableRandom(21);
        final int m = 6;
        final int n = 10;
        final int d = 9;
        final float[] dense = new float[m * n * d];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = random.nextDouble() < 0.5 ? (float) (0.1 * random.nextInt(1, 4)) : 0f;
        }
        final MotifKernel kernel = MotifKernel.fromDense(dense, new float[m], m, n, d);
        final int[] addresses = new int[3000];
        final long[] bins = new long[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = random.nextInt(n);
            bins[i] = i / 3;
        }
        final List<Detection> all = cpu(kernel, 0.0, addresses, bins);
        int tested = 0;
        for (int k = 0; k < 40; k++) {
            final double threshold = all.get(random.nextInt(all.size())).potential();
            final List<Detection> cpu = cpu(kernel, threshold, addresses, bins);
            final List<Detection> device = new ArrayList<>();
            try (OpenClMotifBackend b = openCl(kernel, threshold, mode)) {
                feed(b, addresses, bins, new int[] {addresses.length}, device);
            }
            assertSame(cpu, device);
            tested++;
        }
        assertEquals(40, tested);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OpenClMotifBackend.Mode.class)
    void shouldDetectExactlyAsTheCpuOnTheSyntheticBenchmarkAtReducedSize(
            final OpenClMotifBackend.Mode mode) {
        final int motifs = 40;
        final int addresses = 32;
        final int delays = 15;
        final int bins = 6000;
        final SyntheticMotifs data =
                SyntheticMotifs.generate(motifs, addresses, delays, bins, 0.002, 0.002, 3);
        final MotifKernel kernel =
                MotifKernel.fromDense(
                        data.kernel(), data.generatingBias(), motifs, addresses, delays);
        final BinnedEvents input = data.input();
        final float[] v = MotifEvaluation.potentials(kernel, input, 0, bins);
        final double threshold = MotifEvaluation.quantile(v, 1 - data.occurrenceRate());
        final List<Detection> cpu = cpu(kernel, threshold, input.ids(), input.bins());
        assertTrue(cpu.size() > 50, "detections: " + cpu.size());
        final List<Detection> device = new ArrayList<>();
        try (OpenClMotifBackend b = openCl(kernel, threshold, mode)) {
            feed(b, input.ids(), input.bins(), new int[] {999}, device);
        }
        assertSame(cpu, device);
    }

    @Test
    void shouldFallBackToTheCpuMidStreamWithoutLosingOrRepeatingADetection() {
        final SplittableRandom random = new SplittableRandom(2);
        final MotifKernel kernel = randomKernel(8, 16, 6, 0.4, random);
        final int[] addresses = new int[3000];
        final long[] bins = new long[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = random.nextInt(16);
            bins[i] = i / 2 + (i > 1500 ? 100 : 0);
        }
        final List<Detection> cpu = cpu(kernel, 0.8, addresses, bins);
        final List<Detection> device = new ArrayList<>();
        try (MotifBackend b = MotifBackends.create(kernel, 0.8, 0, BackendKind.OPENCL)) {
            final FallbackMotifBackend fallback = (FallbackMotifBackend) b;
            assertEquals("opencl", b.name());
            final int[] a1 = java.util.Arrays.copyOfRange(addresses, 0, 1000);
            final long[] b1 = java.util.Arrays.copyOfRange(bins, 0, 1000);
            b.process(a1, b1, a1.length, (m, t, p) -> device.add(new Detection(m, t, p)));
            fallback.openCl().simulateDeviceFault();
            final int[] a2 = java.util.Arrays.copyOfRange(addresses, 1000, addresses.length);
            final long[] b2 = java.util.Arrays.copyOfRange(bins, 1000, bins.length);
            b.process(a2, b2, a2.length, (m, t, p) -> device.add(new Detection(m, t, p)));
            b.finish((m, t, p) -> device.add(new Detection(m, t, p)));
            assertEquals("cpu", b.name());
            assertFalse(fallback.fallbackReason() == null);
            assertEquals(addresses.length, b.eventsAccepted());
            assertEquals(cpu.size(), b.detections());
            assertEquals(counted(kernel, 0.8, addresses, bins).binsEvaluated(), b.binsEvaluated());
        }
        assertSame(cpu, device);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OpenClMotifBackend.Mode.class)
    void shouldDetectExactlyAsTheCpuWhenWindowsStayOnTheDeviceAcrossCalls(
            final OpenClMotifBackend.Mode mode) {
        final SplittableRandom random = new SplittableRandom(31);
        // always on: bins no event reaches detect it, between held windows too
        final MotifKernel kernel = alwaysOn(randomKernel(10, 14, 8, 0.3, random), 3);
        final Events stream = stream(random, 9000, 14);
        final List<Detection> cpu = cpu(kernel, 0.9, stream.addresses, stream.bins);
        final List<Detection> device = new ArrayList<>();
        try (OpenClMotifBackend b =
                openCl(kernel, 0.9, mode, BackendOptions.DEFAULT.withHeldWindows(true))) {
            final List<Detection> beforeFinish = new ArrayList<>();
            int i = 0;
            int s = 0;
            final int[] sizes = {1, 700, 13, 2500, 997, 4000};
            while (i < stream.addresses.length) {
                final int size = Math.min(sizes[s++ % sizes.length], stream.addresses.length - i);
                b.process(
                        Arrays.copyOfRange(stream.addresses, i, i + size),
                        Arrays.copyOfRange(stream.bins, i, i + size),
                        size,
                        (m, t, p) -> device.add(new Detection(m, t, p)));
                i += size;
            }
            beforeFinish.addAll(device);
            b.finish((m, t, p) -> device.add(new Detection(m, t, p)));
            assertTrue(
                    beforeFinish.size() < device.size(),
                    "the held window and the last bins come with finish");
            assertCountedAsTheCpu(b, kernel, 0.9, stream.addresses, stream.bins);
        }
        assertSame(cpu, device);
    }

    /** Where the device fails, relative to the windows in flight. */
    enum Fault {
        /** A launch refused while the previous call's window is still on the device. */
        LAUNCH_WITH_A_WINDOW_HELD,
        /** The wait for the held window fails (a device lost with work in flight). */
        WAIT_FOR_THE_HELD_WINDOW,
        /** A wait at finish: for the held window, or for the window of the last bins. */
        WAIT_AT_FINISH
    }

    @ParameterizedTest(name = "{0}, held {1}")
    @MethodSource("faults")
    void shouldFallBackWithoutLosingOrRepeatingADetectionWhenAWindowIsInFlight(
            final Fault fault, final boolean held) {
        final SplittableRandom random = new SplittableRandom(fault.ordinal() * 7L + 3);
        final MotifKernel kernel = alwaysOn(randomKernel(8, 16, 6, 0.4, random), 5);
        final Events stream = stream(random, 6000, 16);
        final List<Detection> cpu = cpu(kernel, 0.8, stream.addresses, stream.bins);
        final List<Detection> device = new ArrayList<>();
        final MotifDetectionSink sink = (m, t, p) -> device.add(new Detection(m, t, p));
        try (FallbackMotifBackend b = fallback(kernel, 0.8, held)) {
            final int cut = 2000;
            final int cut2 = 4100;
            b.process(
                    Arrays.copyOfRange(stream.addresses, 0, cut),
                    Arrays.copyOfRange(stream.bins, 0, cut),
                    cut,
                    sink);
            b.process(
                    Arrays.copyOfRange(stream.addresses, cut, cut2),
                    Arrays.copyOfRange(stream.bins, cut, cut2),
                    cut2 - cut,
                    sink);
            assertEquals("opencl", b.name());
            final int[] rest = Arrays.copyOfRange(stream.addresses, cut2, stream.addresses.length);
            final long[] restBins = Arrays.copyOfRange(stream.bins, cut2, stream.bins.length);
            switch (fault) {
                case LAUNCH_WITH_A_WINDOW_HELD -> b.openCl().simulateDeviceFault();
                case WAIT_FOR_THE_HELD_WINDOW -> b.openCl().simulateFaultOnComplete();
                case WAIT_AT_FINISH -> {
                    b.process(rest, restBins, rest.length, sink);
                    // held: the wait for the held window fails; else the last bins' window's
                    b.openCl().simulateFaultOnComplete();
                }
            }
            if (fault != Fault.WAIT_AT_FINISH) {
                b.process(rest, restBins, rest.length, sink);
            }
            b.finish(sink);
            assertEquals("cpu", b.name());
            assertFalse(b.fallbackReason() == null);
            assertCountedAsTheCpu(b, kernel, 0.8, stream.addresses, stream.bins);
        }
        assertSame(cpu, device);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> faults() {
        return heldAndNot(Fault.values());
    }

    /** Every value with windows held and without. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> heldAndNot(
            final Enum<?>[] values) {
        return java.util.stream.Stream.of(values)
                .flatMap(
                        f ->
                                java.util.stream.Stream.of(true, false)
                                        .map(
                                                h ->
                                                        org.junit.jupiter.params.provider.Arguments
                                                                .of(f, h)));
    }

    /** Where the device fails while one backend takes turns with the streams' places. */
    enum TurnFault {
        NONE,
        /** A launch refused in a stream's turn. */
        LAUNCH,
        /** A wait for a window fails (in the turn's batch, or completing it before the save). */
        WAIT
    }

    @ParameterizedTest(name = "{0}, held {1}")
    @MethodSource("turnFaults")
    void shouldDetectEveryStreamAsTheCpuWhenOneBackendTakesTurnsWithTheirPlaces(
            final TurnFault fault, final boolean held) {
        final SplittableRandom random = new SplittableRandom(41 + fault.ordinal());
        // always on: a held window always has detections to complete
        final MotifKernel kernel = alwaysOn(randomKernel(8, 16, 6, 0.4, random), 2);
        final Events[] streams = new Events[3];
        final List<List<Detection>> out = new ArrayList<>();
        final MotifStreamState[] places = new MotifStreamState[streams.length];
        for (int k = 0; k < streams.length; k++) {
            streams[k] = stream(random, 5000, 16);
            out.add(new ArrayList<>());
        }
        long detectionsInSaves = 0;
        try (FallbackMotifBackend b = fallback(kernel, 0.8, held)) {
            places[0] = b.newState();
            places[1] = b.newState();
            // a place the cpu detector wrote (a restore on another backend): the cpu path runs it
            places[2] = new MotifStreamState(8, 6, 1);
            assertTrue(places[0].isTail());
            final int[] from = new int[streams.length];
            final int[] sizes = {1, 700, 13, 2500, 997, 64};
            int turn = 0;
            while (from[0] < 5000 || from[1] < 5000 || from[2] < 5000) {
                final int k = turn % streams.length;
                final int size = Math.min(sizes[turn % sizes.length], 5000 - from[k]);
                turn++;
                if (size == 0) {
                    continue;
                }
                if (turn == 8 && fault == TurnFault.LAUNCH) {
                    b.openCl().simulateDeviceFault();
                } else if (turn == 8 && fault == TurnFault.WAIT) {
                    b.openCl().simulateFaultOnComplete();
                }
                final List<Detection> sink = out.get(k);
                b.loadState(places[k]);
                b.process(
                        Arrays.copyOfRange(streams[k].addresses, from[k], from[k] + size),
                        Arrays.copyOfRange(streams[k].bins, from[k], from[k] + size),
                        size,
                        (m, t, p) -> sink.add(new Detection(m, t, p)));
                final int before = sink.size();
                b.saveState(places[k], (m, t, p) -> sink.add(new Detection(m, t, p)));
                detectionsInSaves += sink.size() - before;
                from[k] += size;
            }
            for (int k = 0; k < streams.length; k++) {
                final List<Detection> sink = out.get(k);
                b.loadState(places[k]);
                b.finish((m, t, p) -> sink.add(new Detection(m, t, p)));
            }
            assertEquals(fault == TurnFault.NONE ? "opencl" : "cpu", b.name());
            final MotifDetector[] reference = new MotifDetector[streams.length];
            for (int k = 0; k < streams.length; k++) {
                reference[k] = counted(kernel, 0.8, streams[k].addresses, streams[k].bins);
            }
            assertEquals(
                    Arrays.stream(reference).mapToLong(MotifDetector::eventsAccepted).sum(),
                    b.eventsAccepted());
            assertEquals(
                    Arrays.stream(reference).mapToLong(MotifDetector::eventsOutOfRange).sum(),
                    b.eventsOutOfRange());
            assertEquals(
                    Arrays.stream(reference).mapToLong(MotifDetector::eventsOutOfOrder).sum(),
                    b.eventsOutOfOrder());
            assertEquals(
                    Arrays.stream(reference).mapToLong(MotifDetector::binsEvaluated).sum(),
                    b.binsEvaluated());
            assertEquals(
                    Arrays.stream(reference).mapToLong(MotifDetector::detections).sum(),
                    b.detections());
        }
        for (int k = 0; k < streams.length; k++) {
            assertSame(cpu(kernel, 0.8, streams[k].addresses, streams[k].bins), out.get(k));
        }
        if (held && fault == TurnFault.NONE) {
            assertTrue(detectionsInSaves > 0, "saving a place completes the held window");
        } else if (!held) {
            assertEquals(0, detectionsInSaves, "no window outlives a call");
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> turnFaults() {
        return heldAndNot(TurnFault.values());
    }

    @Test
    void shouldRefuseAnotherStreamWhileAWindowIsHeldAndARingOnTheDevice() {
        final MotifKernel kernel = randomKernel(4, 8, 5, 0.5, new SplittableRandom(9));
        final Events stream = stream(new SplittableRandom(10), 500, 8);
        try (OpenClMotifBackend b =
                openCl(
                        kernel,
                        0.5,
                        OpenClMotifBackend.Mode.AUTO,
                        BackendOptions.DEFAULT.withHeldWindows(true))) {
            final MotifStreamState first = b.newState();
            b.loadState(first);
            b.process(stream.addresses, stream.bins, stream.addresses.length, (m, t, p) -> {});
            assertThrows(IllegalStateException.class, () -> b.loadState(b.newState()));
            b.saveState(first, (m, t, p) -> {});
            b.loadState(b.newState());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> b.loadState(new MotifStreamState(4, 5, 1)),
                    "a ring cannot go on on the device");
        }
    }

    @Test
    void shouldUseTheCpuWithAWarningWhenTheProgramDoesNotBuild() {
        final MotifKernel kernel = randomKernel(3, 4, 3, 0.5, new SplittableRandom(1));
        try (MotifBackend b =
                MotifBackends.create(
                        kernel,
                        0.0,
                        0,
                        BackendKind.OPENCL,
                        BackendOptions.DEFAULT,
                        "__kernel void broken( {")) {
            assertEquals("cpu", b.name());
        }
        try (MotifBackend b = MotifBackends.create(kernel, 0.0, 2, BackendKind.OPENCL)) {
            assertEquals("opencl", b.name(), "suppression runs with the device");
        }
    }

    @Test
    void shouldTakeAGpuOnAutoAndTheCpuWithoutOne() {
        final MotifKernel kernel = randomKernel(3, 4, 3, 0.5, new SplittableRandom(1));
        try (MotifBackend b = MotifBackends.create(kernel, 0.0, 0, BackendKind.AUTO)) {
            assertEquals(OpenClDevices.firstGpu().isPresent() ? "opencl" : "cpu", b.name());
        }
        try (MotifBackend b = MotifBackends.create(kernel, 0.0, 0, BackendKind.CPU)) {
            assertEquals("java", b.device());
        }
    }

    /** The kernel with motif {@code m}'s bias at 1 (always on: it detects in every bin). */
    static MotifKernel alwaysOn(final MotifKernel kernel, final int m) {
        final float[] bias = kernel.biases();
        bias[m] = 1f;
        return MotifKernel.fromDense(
                kernel.toDense(), bias, kernel.motifs(), kernel.addresses(), kernel.delays());
    }

    /** The OpenCL path in its fallback, windows held across calls or not. */
    private static FallbackMotifBackend fallback(
            final MotifKernel kernel, final double threshold, final boolean held) {
        return (FallbackMotifBackend)
                MotifBackends.create(
                        kernel,
                        threshold,
                        0,
                        BackendKind.OPENCL,
                        BackendOptions.DEFAULT.withHeldWindows(held));
    }

    static MotifKernel randomKernel(
            final int m,
            final int n,
            final int d,
            final double density,
            final SplittableRandom random) {
        final float[] dense = new float[m * n * d];
        for (int i = 0; i < dense.length; i++) {
            if (random.nextDouble() < density) {
                dense[i] = (float) (random.nextGaussian() * 0.5);
            }
        }
        final float[] bias = new float[m];
        for (int i = 0; i < m; i++) {
            bias[i] = (float) (random.nextDouble() - 1.0);
        }
        return MotifKernel.fromDense(dense, bias, m, n, d);
    }

    private static OpenClMotifBackend openCl(
            final MotifKernel kernel, final double threshold, final OpenClMotifBackend.Mode mode) {
        return openCl(kernel, threshold, mode, BackendOptions.DEFAULT);
    }

    private static OpenClMotifBackend openCl(
            final MotifKernel kernel,
            final double threshold,
            final OpenClMotifBackend.Mode mode,
            final BackendOptions options) {
        return new OpenClMotifBackend(
                kernel,
                threshold,
                0,
                OpenClTestDevice.require(),
                OpenClPrograms.source("motif.cl"),
                mode,
                OpenClMotifBackend.CANDIDATES,
                options);
    }

    /** A stream of events. */
    record Events(int[] addresses, long[] bins) {}

    /**
     * Bursts, quiet stretches longer than D, a few addresses out of range and late events: every
     * case of the stream semantics.
     */
    static Events stream(final SplittableRandom random, final int n, final int addresses) {
        final int[] a = new int[n];
        final long[] bins = new long[n];
        long bin = -40;
        for (int i = 0; i < n; i++) {
            final double u = random.nextDouble();
            bin += u < 0.6 ? 0 : u < 0.97 ? random.nextInt(1, 4) : random.nextInt(8, 300);
            a[i] =
                    random.nextDouble() < 0.01
                            ? addresses + random.nextInt(3)
                            : random.nextInt(addresses);
            bins[i] = random.nextDouble() < 0.005 ? bin - 9 : bin;
        }
        return new Events(a, bins);
    }

    private static List<Detection> cpu(
            final MotifKernel kernel,
            final double threshold,
            final int[] addresses,
            final long[] bins) {
        final List<Detection> out = new ArrayList<>();
        final MotifDetector detector =
                new MotifDetector(
                        kernel, 1, threshold, 0, (m, t, p) -> out.add(new Detection(m, t, p)));
        for (int i = 0; i < addresses.length; i++) {
            detector.onEventInBin(bins[i], addresses[i]);
        }
        detector.finish();
        return out;
    }

    private static MotifDetector counted(
            final MotifKernel kernel,
            final double threshold,
            final int[] addresses,
            final long[] bins) {
        final MotifDetector detector = new MotifDetector(kernel, 1, threshold, 0, (m, t, p) -> {});
        for (int i = 0; i < addresses.length; i++) {
            detector.onEventInBin(bins[i], addresses[i]);
        }
        detector.finish();
        return detector;
    }

    /** The backend's counters equal the CPU detector's on the whole stream. */
    private static void assertCountedAsTheCpu(
            final MotifBackend b,
            final MotifKernel kernel,
            final double threshold,
            final int[] addresses,
            final long[] bins) {
        final MotifDetector reference = counted(kernel, threshold, addresses, bins);
        assertEquals(reference.eventsAccepted(), b.eventsAccepted());
        assertEquals(reference.eventsOutOfRange(), b.eventsOutOfRange());
        assertEquals(reference.eventsOutOfOrder(), b.eventsOutOfOrder());
        assertEquals(reference.binsEvaluated(), b.binsEvaluated());
        assertEquals(reference.detections(), b.detections());
    }

    /** Feeds the stream in batches of the given sizes (the last size repeats), then finishes. */
    private static void feed(
            final MotifBackend b,
            final int[] addresses,
            final long[] bins,
            final int[] sizes,
            final List<Detection> out) {
        int i = 0;
        int s = 0;
        while (i < addresses.length) {
            final int size = Math.min(sizes[Math.min(s++, sizes.length - 1)], addresses.length - i);
            b.process(
                    java.util.Arrays.copyOfRange(addresses, i, i + size),
                    java.util.Arrays.copyOfRange(bins, i, i + size),
                    size,
                    (m, t, p) -> out.add(new Detection(m, t, p)));
            i += size;
        }
        b.finish((m, t, p) -> out.add(new Detection(m, t, p)));
    }

    static void assertSame(final List<Detection> cpu, final List<Detection> device) {
        assertEquals(cpu.size(), device.size(), "number of detections");
        for (int i = 0; i < cpu.size(); i++) {
            final Detection c = cpu.get(i);
            final Detection g = device.get(i);
            assertEquals(c.motif(), g.motif(), "motif of detection " + i);
            assertEquals(c.bin(), g.bin(), "bin of detection " + i);
            assertEquals(c.potential(), g.potential(), TOLERANCE, "potential of detection " + i);
        }
    }
}
