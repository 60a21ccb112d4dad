package org.neurostream.operators.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkWriterTest {

    @Test
    void shouldWriteSingleValuesAsDataOutputDoesAcrossChunkBoundaries() throws IOException {
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        final DataOutputStream one = new DataOutputStream(expected);
        final ByteArrayOutputStream actual = new ByteArrayOutputStream();
        final ChunkWriter chunk =
                new ChunkWriter(new DataOutputStream(actual), ByteOrder.BIG_ENDIAN);
        final SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            final double d = random.nextGaussian();
            final long l = random.nextLong();
            final int n = random.nextInt();
            final boolean b = random.nextBoolean();
            one.writeDouble(d);
            one.writeLong(l);
            one.writeInt(n);
            one.writeBoolean(b);
            chunk.putDouble(d);
            chunk.putLong(l);
            chunk.putInt(n);
            chunk.putBoolean(b);
        }
        chunk.flush();
        assertArrayEquals(expected.toByteArray(), actual.toByteArray());
    }

    @Test
    void shouldWriteRunsAsTheirValuesOneByOneInTheChosenOrder() throws IOException {
        final SplittableRandom random = new SplittableRandom(4);
        final double[] doubles = new double[50_000];
        final int[] ints = new int[50_000];
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = random.nextGaussian() * 1e3;
            ints[i] = random.nextInt(1 << 17);
        }
        for (final ByteOrder order :
                new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            final ByteBuffer expected = ByteBuffer.allocate(2_000_000).order(order);
            final ByteArrayOutputStream actual = new ByteArrayOutputStream();
            final ChunkWriter chunk = new ChunkWriter(new DataOutputStream(actual), order);
            // a leading odd byte puts every run off alignment; runs of 0, short and over a chunk
            chunk.putBoolean(true);
            expected.put((byte) 1);
            final int[][] runs = {{0, 0}, {7, 3}, {100, 40_000}, {3, 17}, {45_000, 5_000}};
            for (final int[] run : runs) {
                chunk.putFloats(doubles, run[0], run[1]);
                chunk.putDoubles(doubles, run[0], run[1]);
                chunk.putShorts(ints, run[0], run[1]);
                chunk.putInts(ints, run[0], run[1]);
                for (int i = run[0]; i < run[0] + run[1]; i++) {
                    expected.putFloat((float) doubles[i]);
                }
                for (int i = run[0]; i < run[0] + run[1]; i++) {
                    expected.putDouble(doubles[i]);
                }
                for (int i = run[0]; i < run[0] + run[1]; i++) {
                    expected.putShort((short) ints[i]);
                }
                for (int i = run[0]; i < run[0] + run[1]; i++) {
                    expected.putInt(ints[i]);
                }
            }
            chunk.flush();
            final byte[] want = new byte[expected.position()];
            expected.flip().get(want);
            assertArrayEquals(want, actual.toByteArray(), order.toString());
        }
    }
}
