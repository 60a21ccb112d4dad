package org.neurostream.operators.compute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.neurostream.operators.compute.OpenClMotifParityTest.Detection;
import org.neurostream.operators.compute.OpenClMotifParityTest.Events;
import org.neurostream.operators.motif.MotifKernel;
import org.neurostream.operators.motif.MotifStreamState;

/**
 * The multi-stream driver of the {@link MotifBatch} tests: {@value #STREAMS} random streams of
 * {@value #EVENTS} events take turns adding batches of uneven sizes to one batch, which flushes
 * every few batches (and at the end); the last stream's place is the CPU detector's (a restore), so
 * it runs on the CPU at once.
 */
final class MotifBatchDriver {
    static final int STREAMS = 4;
    static final int EVENTS = 4000;

    private static final int[] SIZES = {1, 300, 13, 900, 97, 40, 2};

    private MotifBatchDriver() {}

    /**
     * What a run gave: each stream's events and detections, and the detections that streams whose
     * place was on the device received at {@link MotifBatch#add} rather than at a flush.
     */
    record Run(Events[] streams, List<List<Detection>> out, long immediate) {}

    /**
     * Drives the streams through {@code batch}.
     *
     * @param batch the batch, fresh
     * @param kernel its kernel (M and D of the CPU detector's place)
     * @param radius its suppression radius
     * @param random draws the streams
     * @param flushEvery batches between flushes
     * @param fault whether the device fails at the second flush (before it)
     */
    static Run run(
            final MotifBatch batch,
            final MotifKernel kernel,
            final int radius,
            final SplittableRandom random,
            final int flushEvery,
            final boolean fault) {
        final Events[] streams = new Events[STREAMS];
        final List<List<Detection>> out = new ArrayList<>();
        final MotifStreamState[] places = new MotifStreamState[STREAMS];
        for (int k = 0; k < STREAMS; k++) {
            streams[k] = OpenClMotifParityTest.stream(random, EVENTS, 16);
            out.add(new ArrayList<>());
            places[k] = batch.newState();
        }
        places[STREAMS - 1] =
                new MotifStreamState(kernel.motifs(), kernel.delays(), 2 * radius + 1);
        final long[] immediate = new long[1];
        final List<Integer> tags = new ArrayList<>();
        final TaggedDetectionSink tagged =
                (tag, m, t, p) -> out.get(tags.get(tag)).add(new Detection(m, t, p));
        final int[] from = new int[STREAMS];
        int turn = 0;
        int batches = 0;
        while (Arrays.stream(from).anyMatch(f -> f < EVENTS)) {
            final int k = turn % STREAMS;
            final int size = Math.min(SIZES[turn % SIZES.length], EVENTS - from[k]);
            turn++;
            if (size == 0) {
                continue;
            }
            final List<Detection> sink = out.get(k);
            final boolean onDevice = k != STREAMS - 1;
            batch.add(
                    places[k],
                    Arrays.copyOfRange(streams[k].addresses(), from[k], from[k] + size),
                    Arrays.copyOfRange(streams[k].bins(), from[k], from[k] + size),
                    size,
                    tags.size(),
                    (m, t, p) -> {
                        immediate[0] += onDevice ? 1 : 0;
                        sink.add(new Detection(m, t, p));
                    });
            tags.add(k);
            from[k] += size;
            if (++batches % flushEvery == 0) {
                if (fault && batches == 2 * flushEvery) {
                    batch.openCl().simulateDeviceFault();
                }
                batch.flush(tagged);
                tags.clear();
            }
        }
        batch.flush(tagged);
        return new Run(streams, out, immediate[0]);
    }
}
