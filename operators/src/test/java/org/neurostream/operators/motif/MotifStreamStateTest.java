package org.neurostream.operators.motif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MotifStreamStateTest {
    private static final int M = 2;
    private static final int N = 6;
    private static final int D = 4;

    private static MotifKernel kernel() {
        final SplittableRandom random = new SplittableRandom(9);
        final float[] k = new float[M * N * D];
        for (int i = 0; i < k.length; i++) {
            k[i] = random.nextInt(4) == 0 ? 0f : (float) random.nextDouble(-0.3, 1.1);
        }
        return MotifKernel.fromDense(k, new float[] {-2.5f, -3f}, M, N, D);
    }

    /** Seeded events: bins non-decreasing, a few per bin, some bins empty. */
    private static long[][] events(final int count) {
        final SplittableRandom random = new SplittableRandom(4);
        final long[][] e = new long[count][];
        long bin = 0;
        for (int i = 0; i < count; i++) {
            bin += random.nextInt(5) == 0 ? random.nextInt(3) + 1 : 0;
            e[i] = new long[] {bin, random.nextInt(N)};
        }
        return e;
    }

    private static final class Detections implements MotifDetectionSink {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onDetection(final int motif, final long bin, final double potential) {
            seen.add(motif + "@" + bin + "=" + potential);
        }
    }

    @Test
    void shouldGoOnFromATailOfEventsExactlyAsFromTheRingItStandsFor() {
        final long[][] events = events(400);
        final Detections whole = new Detections();
        final MotifDetector a = new MotifDetector(kernel(), 1, 0, 0, whole);
        final int cut = 250;
        for (int i = 0; i < cut; i++) {
            a.onEventInBin(events[i][0], (int) events[i][1]);
        }
        final int before = whole.seen.size();
        // the tail: the events that still reach undecided bins (bins >= open - D + 1)
        final long open = events[cut - 1][0];
        final List<long[]> tail = new ArrayList<>();
        for (int i = 0; i < cut; i++) {
            if (events[i][0] > open - D) {
                tail.add(events[i]);
            }
        }
        final MotifStreamState s = new MotifStreamState(M, D, 1);
        final int[] addresses = tail.stream().mapToInt(e -> (int) e[1]).toArray();
        final long[] bins = tail.stream().mapToLong(e -> e[0]).toArray();
        s.setTail(true, open, addresses, bins, tail.size());
        final Detections resumed = new Detections();
        final MotifDetector b = new MotifDetector(kernel(), 1, 0, 0, resumed);
        b.use(s);
        assertTrue(!s.isTail(), "the detector turned the tail into its ring");
        for (int i = cut; i < events.length; i++) {
            a.onEventInBin(events[i][0], (int) events[i][1]);
            b.onEventInBin(events[i][0], (int) events[i][1]);
        }
        a.finish();
        b.finish();
        assertEquals(whole.seen.subList(before, whole.seen.size()), resumed.seen);
        assertTrue(resumed.seen.size() > 5, "detections after the cut: " + resumed.seen.size());
    }

    @Test
    void shouldWriteAndReadBothFormsAndRefuseAnotherShape() throws IOException {
        final MotifDetector d = new MotifDetector(kernel(), 1, 0, 2, (m, t, v) -> {});
        for (final long[] e : events(100)) {
            d.onEventInBin(e[0], (int) e[1]);
        }
        final MotifStreamState ring = d.state();
        final MotifStreamState read = roundTrip(ring);
        assertEquals(bytes(ring).length, bytes(read).length);
        assertEquals(
                java.util.Arrays.toString(bytes(ring)), java.util.Arrays.toString(bytes(read)));
        final MotifStreamState tail = new MotifStreamState(M, D, 1);
        tail.setTail(true, 7, new int[] {1, 2}, new long[] {5, 7}, 2);
        final MotifStreamState tailRead = roundTrip(tail);
        assertTrue(tailRead.isTail());
        assertEquals(2, tailRead.tailCount());
        final IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new MotifDetector(kernel(), 1, 0, 0, (m, t, v) -> {}).use(read));
        assertTrue(e.getMessage().contains("2r+1=5"), e.getMessage());
    }

    private static byte[] bytes(final MotifStreamState s) throws IOException {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.writeState(new DataOutputStream(b));
        return b.toByteArray();
    }

    private static MotifStreamState roundTrip(final MotifStreamState s) throws IOException {
        return MotifStreamState.readState(new DataInputStream(new ByteArrayInputStream(bytes(s))));
    }
}
