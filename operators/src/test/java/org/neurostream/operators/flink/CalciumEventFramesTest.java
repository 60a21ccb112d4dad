package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.CalciumEventRecord;

class CalciumEventFramesTest {

    @Test
    void shouldCarryOneSpikeAsAValidOneEventFrameOnTheEventsOwnClock() throws Exception {
        final CalciumEventFrames frames = new CalciumEventFrames();
        frames.open(null);
        final CalciumEventRecord e = new CalciumEventRecord();
        e.streamId = "zebrafish/calcium";
        e.address = 17;
        e.tUs = 1_233_333;
        e.amplitude = 1.25;
        e.timeNs = 9_000_000_000L;
        e.ingestNs = 42;

        final FrameRecord first = frames.map(e);
        final FrameRecord second = frames.map(e);

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
        assertEquals(
                d.sequence() + 1,
                new FrameDecoder().wrap(new UnsafeBuffer(second.bytes), 0).sequence());
    }
}
