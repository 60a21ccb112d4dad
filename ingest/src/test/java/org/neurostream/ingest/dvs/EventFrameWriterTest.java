package org.neurostream.ingest.dvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.EventAddressing;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.core.frame.Modality;

/** Event batches as EVENTS frames that the validator accepts and the decoder reads back. */
class EventFrameWriterTest {

    private static EventBatch batch() {
        final EventBatch batch = new EventBatch(16);
        batch.add(1_605_537_493_718_345L, 154, 204, 0); // AEDAT 4.0 epoch times fit
        batch.add(1_605_537_493_718_348L, 149, 206, 1);
        batch.add(1_605_537_493_728_000L, 127, 5, 1);
        batch.add(1_605_537_493_728_001L, 400, 5, 1);
        return batch;
    }

    @Test
    void shouldWriteXAndYWithMicrosecondOffsetsFromTheFirstEvent() {
        final EventFrameWriter writer = new EventFrameWriter("dvs-0", "session", null);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[writer.maxFrameLength(4)]);
        final int length = writer.write(batch(), 1, 3, buffer, 0, 42L);

        assertNull(FrameValidator.withDefaultLimits().validate(buffer, 0, length));
        final FrameDecoder d = new FrameDecoder().wrap(buffer, 0);
        assertEquals(FrameKind.EVENTS, d.kind());
        assertEquals(Modality.DVS, d.modality());
        assertEquals(0, d.sequence());
        assertEquals(1_605_537_493_718_348_000L, d.deviceTimeNs());
        assertEquals(1000, d.periodNs());
        assertEquals(3, d.elementCount());
        assertEquals(0, d.eventTimeOffset(0));
        assertEquals(9652, d.eventTimeOffset(1));
        assertEquals(127, d.eventAddress(1));
        assertEquals(5, d.eventY(1));
        assertEquals(1, d.eventPolarity(1));
        assertEquals(1f, d.eventAmplitude(1));
        assertEquals(1, writer.nextSequence());
    }

    @Test
    void shouldWriteAddressesAndLeaveOutEventsOutsideTheSensor() {
        final EventFrameWriter writer =
                new EventFrameWriter("dvs-0", "", new EventAddressing(320, 240, 3));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[writer.maxFrameLength(4)]);
        final int length = writer.write(batch(), 0, 4, buffer, 0, 0L);

        assertNull(FrameValidator.withDefaultLimits().validate(buffer, 0, length));
        final FrameDecoder d = new FrameDecoder().wrap(buffer, 0);
        assertEquals(3, d.elementCount());
        assertEquals(25 * 40 + 19, d.eventAddress(0)); // (154 >> 3) + (204 >> 3) * 40
        assertEquals(0, d.eventY(0));
        assertEquals(1, writer.outsideCount(), "x = 400 is outside 320");
    }

    @Test
    void shouldRefuseARunLongerThanAnInt32Offset() {
        final EventBatch batch = new EventBatch(16);
        batch.add(0, 1, 1, 1);
        batch.add(1L << 31, 1, 1, 1);
        final EventFrameWriter writer = new EventFrameWriter("dvs-0", "", null);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[writer.maxFrameLength(2)]);
        assertThrows(
                IllegalArgumentException.class, () -> writer.write(batch, 0, 2, buffer, 0, 0L));
    }
}
