package org.neurostream.operators.calcium;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurostream.operators.state.StateFormatException;

class RunningPercentileStateTest {

    private static byte[] write(final RunningPercentile p) throws IOException {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        p.writeState(new DataOutputStream(b));
        return b.toByteArray();
    }

    private static void read(final RunningPercentile p, final byte[] state) throws IOException {
        p.readState(new DataInputStream(new ByteArrayInputStream(state)));
    }

    @Test
    void shouldGiveTheWritersPercentilesAfterARead() throws IOException {
        final SplittableRandom random = new SplittableRandom(1);
        final RunningPercentile a = new RunningPercentile(3, 50, 8);
        // window 0 overflows (values leave), window 1 half full, window 2 of doubles with ties
        for (int i = 0; i < 130; i++) {
            a.add(0, (float) random.nextGaussian());
            if (i < 25) {
                a.add(1, (float) (100 + random.nextGaussian()));
            }
            a.add(2, Math.floor(random.nextDouble() * 5) / 3.0);
        }
        final RunningPercentile b = new RunningPercentile(3, 50, 8);
        read(b, write(a));
        for (int i = 0; i < 200; i++) {
            for (int w = 0; w < 3; w++) {
                assertEquals(a.value(w), b.value(w), "window " + w + " after " + i);
                assertEquals(a.count(w), b.count(w));
                final double x = random.nextGaussian() + w;
                a.add(w, x);
                b.add(w, x);
            }
        }
    }

    @Test
    void shouldWriteExactFloatsInFourBytesAndOtherValuesInEightWithoutTheirSlots()
            throws IOException {
        final RunningPercentile floats = new RunningPercentile(1, 100, 8);
        final RunningPercentile doubles = new RunningPercentile(1, 100, 8);
        for (int i = 0; i < 100; i++) {
            floats.add(0, (float) (i * 0.37));
            doubles.add(0, i * 0.37);
        }
        assertEquals(8 + 8 + 1 + 100 * 4, write(floats).length);
        assertEquals(8 + 8 + 1 + 100 * 8, write(doubles).length);
    }

    @Test
    void shouldWriteEachWindowsFloatsInRingSlotOrderFromAnyCopyOrRead() throws IOException {
        final RunningPercentile p = new RunningPercentile(2, 5, 50);
        for (int i = 1; i <= 7; i++) {
            p.add(0, i); // slots 0..4 hold 6, 7, 3, 4, 5
        }
        p.add(1, 20);
        p.add(1, 10);
        final ByteBuffer expected = ByteBuffer.allocate(7 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (final float v : new float[] {6, 7, 3, 4, 5, 20, 10}) {
            expected.putFloat(v);
        }
        final byte[] state = write(p);
        assertArrayEquals(
                expected.array(), Arrays.copyOfRange(state, state.length - 28, state.length));
        assertArrayEquals(state, write(p.copy()));
        final RunningPercentile read = new RunningPercentile(2, 5, 50);
        read(read, state);
        assertArrayEquals(state, write(read));
    }

    @Test
    void shouldRefuseAStateOfOtherWindows() throws IOException {
        final byte[] state = write(new RunningPercentile(2, 50, 8));
        final StateFormatException e =
                assertThrows(
                        StateFormatException.class,
                        () -> read(new RunningPercentile(2, 60, 8), state));
        assertEquals("percentile window length 50 in the state, 60 in the kernel", e.getMessage());
    }

    @Test
    void shouldRestoreStatesThatSpanManyChunksOfEveryEncoding() throws IOException {
        final SplittableRandom random = new SplittableRandom(2);
        final RunningPercentile floats = new RunningPercentile(300, 500, 8);
        final RunningPercentile doubles = new RunningPercentile(40, 500, 8);
        final RunningPercentile wide = new RunningPercentile(1, 70_000, 50);
        for (int i = 0; i < 700; i++) {
            for (int w = 0; w < 300; w++) {
                floats.add(w, (float) (500 + 50 * random.nextGaussian()));
            }
            for (int w = 0; w < 40; w++) {
                doubles.add(w, random.nextGaussian());
            }
        }
        for (int i = 0; i < 80_000; i++) {
            wide.add(0, (float) random.nextGaussian());
        }
        assertEquals(8 + 8 * 300 + 1 + 300 * 500 * 4, write(floats).length);
        assertEquals(8 + 8 * 40 + 1 + 40 * 500 * 8, write(doubles).length);
        assertEquals(8 + 8 + 1 + 70_000 * 4, write(wide).length);
        for (final RunningPercentile a : new RunningPercentile[] {floats, doubles, wide}) {
            final RunningPercentile b =
                    new RunningPercentile(a.windows(), a.capacity(), a == wide ? 50 : 8);
            read(b, write(a));
            for (int i = 0; i < 600; i++) {
                for (int w = 0; w < a.windows(); w++) {
                    assertEquals(a.value(w), b.value(w), "window " + w + " after " + i);
                    final double x = random.nextGaussian();
                    a.add(w, x);
                    b.add(w, x);
                }
            }
        }
    }

    @Test
    void shouldWriteFloat32AgainOnceTheLastInexactValueHasLeftOrBeenCleared() throws IOException {
        final RunningPercentile p = new RunningPercentile(2, 10, 8);
        final int floats = 8 + 16 + 1 + 20 * 4;
        final int doubles = 8 + 16 + 1 + 20 * 8;
        for (int i = 0; i < 10; i++) {
            p.add(0, i == 3 ? 0.1 : i);
            p.add(1, i == 7 ? 0.2 : i);
        }
        assertEquals(doubles, write(p).length, "0.1 and 0.2 held");
        p.clear(1);
        for (int i = 0; i < 10; i++) {
            p.add(1, i);
        }
        assertEquals(doubles, write(p).length, "0.1 still held");
        final RunningPercentile restored = new RunningPercentile(2, 10, 8);
        read(restored, write(p));
        for (int i = 0; i < 3; i++) {
            p.add(0, 5);
            restored.add(0, 5);
        }
        assertEquals(doubles, write(p).length, "0.1 is the next to leave");
        p.add(0, 5);
        restored.add(0, 5);
        assertEquals(floats, write(p).length, "0.1 has left");
        assertEquals(floats, write(restored).length, "0.1 has left the restored windows too");
        p.add(1, 1e-300);
        assertEquals(doubles, write(p).length, "1e-300 is no float32");
        p.clear();
        assertEquals(8 + 16 + 1, write(p).length);
    }

    @Test
    void shouldRefuseAWindowWhoseNextSlotDoesNotFollowItsValues() throws IOException {
        final RunningPercentile p = new RunningPercentile(1, 10, 8);
        for (int i = 0; i < 4; i++) {
            p.add(0, i);
        }
        final byte[] state = write(p);
        // header: windows, W, then count 4 and next slot 4 (little-endian int32 at bytes 12..15)
        state[12] = 3;
        final StateFormatException e =
                assertThrows(
                        StateFormatException.class,
                        () -> read(new RunningPercentile(1, 10, 8), state));
        assertEquals("percentile window 0: next slot 3 for 4 values", e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownLayout() {
        final StateFormatException e =
                assertThrows(
                        StateFormatException.class,
                        () ->
                                new RunningPercentile(1, 10, 8)
                                        .readState(
                                                new DataInputStream(
                                                        new ByteArrayInputStream(new byte[0])),
                                                3));
        assertEquals("percentile windows of layout 3", e.getMessage());
    }
}
