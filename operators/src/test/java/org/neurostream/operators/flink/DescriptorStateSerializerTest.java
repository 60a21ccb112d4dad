package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.neurostream.operators.descriptors.DescriptorState;

/** The checkpoint form of the descriptors' state against golden bytes of its version 1. */
class DescriptorStateSerializerTest {

    private static DescriptorState sample() {
        final DescriptorState s = new DescriptorState();
        s.channels = 2;
        s.periodNs = 6_250_000;
        s.startNs = 5_000_000_000L;
        s.capacity = 3;
        s.samples = 1234;
        s.nextFastAt = 1280;
        s.nextDfaAt = 9600;
        s.ring = new float[] {0.5f, -1.25f, 3.0f, 1e-3f, -7.5f, 2.0f};
        return s;
    }

    private static byte[] golden() throws IOException {
        try (InputStream in =
                DescriptorStateSerializerTest.class.getResourceAsStream(
                        "/descriptors/state_v1.bin")) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldWriteTheGoldenBytesOfVersionOne() throws IOException {
        final DataOutputSerializer out = new DataOutputSerializer(64);
        DescriptorStateSerializer.INSTANCE.serialize(sample(), out);
        assertArrayEquals(golden(), out.getCopyOfBuffer());
    }

    @Test
    void shouldReadTheGoldenBytesBackIntoTheSameState() throws IOException {
        final DescriptorState s =
                DescriptorStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(golden()));
        final DescriptorState expected = sample();
        assertEquals(expected.channels, s.channels);
        assertEquals(expected.periodNs, s.periodNs);
        assertEquals(expected.startNs, s.startNs);
        assertEquals(expected.capacity, s.capacity);
        assertEquals(expected.samples, s.samples);
        assertEquals(expected.nextFastAt, s.nextFastAt);
        assertEquals(expected.nextDfaAt, s.nextDfaAt);
        assertArrayEquals(expected.ring, s.ring);
    }

    @Test
    void shouldRefuseStateOfAnotherFormatVersion() throws IOException {
        final byte[] bytes = golden();
        bytes[3] = 2;
        final IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                DescriptorStateSerializer.INSTANCE.deserialize(
                                        new DataInputDeserializer(bytes)));
        assertTrue(e.getMessage().contains("format version 2"), e.getMessage());
    }

    @Test
    void shouldCopyDeeply() {
        final DescriptorState s = sample();
        final DescriptorState copy = DescriptorStateSerializer.INSTANCE.copy(s);
        copy.ring[0] = 99;
        assertEquals(0.5f, s.ring[0]);
    }
}
