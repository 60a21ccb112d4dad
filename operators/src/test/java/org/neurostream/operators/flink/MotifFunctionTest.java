package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** What MotifFunction checks when the job is built, before any task runs. */
class MotifFunctionTest {
    private static final float[] KERNEL = new float[2 * 8 * 3];
    private static final float[] BIAS = {-1f, -2f};

    @Test
    void shouldRefuseAKernelWhoseAddressesDoNotFitTheSensor() {
        // a 4x4 sensor at shift 1 has 2 x 2 x 2 = 8 addresses; at shift 0, 32
        new MotifFunction(KERNEL, BIAS, 2, 8, 3, 1000, 0, 0, 4, 4, 1);
        final IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new MotifFunction(KERNEL, BIAS, 2, 8, 3, 1000, 0, 0, 4, 4, 0));
        assertTrue(e.getMessage().contains("has 32"), e.getMessage());
    }

    @Test
    void shouldRefuseArraysThatDoNotFitTheShapeAndBadSettings() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new MotifFunction(KERNEL, BIAS, 2, 8, 4, 1000, 0, 0, 0, 0, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MotifFunction(KERNEL, BIAS, 2, 8, 3, 0, 0, 0, 0, 0, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MotifFunction(KERNEL, BIAS, 2, 8, 3, 1000, Double.NaN, 0, 0, 0, 0));
    }

    @Test
    void shouldSerializeWithItsKernelAsPlainArrays() throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new MotifFunction(KERNEL, BIAS, 2, 8, 3, 1000, 0, 2, 0, 0, 0));
        }
        assertTrue(bytes.size() > KERNEL.length * 4, "the kernel travels with the function");
    }
}
