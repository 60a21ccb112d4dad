package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.CalciumEventRecord;

class CalciumEventFramesTest {

    @Test
    void shouldCarryOneSpikeAsAValidOneEventFrameOnTheEventsOwnClock() {
        final CalciumEventFrames frames = new CalciumEventFrames();
        final CalciumEventRecord e = new CalciumEventRecord();
        e.streamId = "zebrafish/calcium";
        e.address = 17;
        e.tUs = 1_233_333;
        e.amplitude = 1.25;
        e.timeNs = 9_000_000_000L;
        e.ingestNs = 42;

        final FrameRecord first = frames.frame(e, 7);
        final FrameRecord second = frames.frame(e, 8);

        assertEquals("zebrafish/calcium", first.streamId);
        assertEquals(Modality.CALCIUM, first.modality);
        assertEquals(1_233_333_000L, first.deviceTimeNs);
        assertNull(
                FrameValidator.withDefaultLimits()
                        .validate(new UnsafeBuffer(first.bytes), 0, first.bytes.length),
                "a frame the validator accepts");
        final FrameDecoder d = new FrameDecoder().wrap(new UnsafeBuffer(first.bytes), 0);
        assertEquals(FrameKind.EVENTS, d.kind());
        assertEquals(Modality.CALCIUM, d.modality());
        assertEquals("zebrafish/calcium", d.streamId());
        assertEquals("zebrafish", d.sessionId());
        assertEquals(1_233_333_000L, d.deviceTimeNs());
        assertEquals(1000L, d.periodNs());
        assertEquals(42L, d.ingestTimeNs());
        assertEquals(1, d.elementCount());
        assertEquals(0, d.eventTimeOffset(0));
        assertEquals(17, d.eventAddress(0));
        assertEquals(1.25f, d.eventAmplitude(0));
        assertEquals(7L, d.sequence());
        assertEquals(0, d.flags());
        assertEquals(8L, new FrameDecoder().wrap(new UnsafeBuffer(second.bytes), 0).sequence());
    }

    @Test
    void shouldEndACalciumStreamWithAValidEmptyFlaggedFrame() {
        final FrameRecord end =
                new CalciumEventFrames().endOfStream("zebrafish/calcium", 5_000_000L, 42, 9);

        assertNull(
                FrameValidator.withDefaultLimits()
                        .validate(new UnsafeBuffer(end.bytes), 0, end.bytes.length),
                "a frame the validator accepts");
        final FrameDecoder d = new FrameDecoder().wrap(new UnsafeBuffer(end.bytes), 0);
        assertTrue(EndOfStream.isMarked(d));
        assertEquals(FrameKind.EVENTS, d.kind());
        assertEquals(Modality.CALCIUM, d.modality());
        assertEquals(0, d.elementCount());
        assertEquals(9L, d.sequence());
        assertEquals(5_000_000L, d.deviceTimeNs());
        assertEquals("zebrafish/calcium", end.streamId);
    }
}
