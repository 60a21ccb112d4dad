package org.neurostream.ingest.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.core.frame.Modality;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.dvs.EventFileReader;
import org.neurostream.ingest.dvs.Evt2Writer;

/** The bridges end every stream they finish with an empty frame flagged end-of-stream. */
class EndOfStreamBridgesTest {
    @TempDir Path tmp;

    /** A sink that keeps what it is handed. */
    private static final class Kept implements FrameSink {
        final List<byte[]> frames = new ArrayList<>();

        @Override
        public void accept(final byte[] key, final byte[] frame, final long ingestNs) {
            frames.add(frame);
        }
    }

    @Test
    void shouldEndASampledStreamJustPastItsLastSample() throws IOException {
        final float[] values = new float[2 * 11];
        final CalciumTraces traces = new CalciumTraces(null, 2, 11, values, List.of("a", "b"));
        final Kept sink = new Kept();
        final FrameBridge bridge = new FrameBridge(sink, Modality.CALCIUM, "s", "calcium");

        assertEquals(3, bridge.run(traces.asSource(20.0), 4, Pacing.parse("max")));

        assertEquals(4, sink.frames.size(), "3 frames and the end");
        final FrameDecoder d = new FrameDecoder();
        for (int i = 0; i < 3; i++) {
            d.wrap(new UnsafeBuffer(sink.frames.get(i)), 0);
            assertFalse(EndOfStream.isMarked(d));
        }
        final byte[] end = sink.frames.get(3);
        assertNull(
                FrameValidator.withDefaultLimits().validate(new UnsafeBuffer(end), 0, end.length));
        d.wrap(new UnsafeBuffer(end), 0);
        assertTrue(EndOfStream.isMarked(d));
        assertEquals(FrameKind.SAMPLES, d.kind());
        assertEquals(Modality.CALCIUM, d.modality());
        assertEquals(2, d.channelCount());
        assertEquals(0, d.elementCount());
        assertEquals(3, d.sequence());
        assertEquals(11 * 50_000_000L, d.deviceTimeNs());
        assertEquals(50_000_000L, d.periodNs());
        assertEquals("s/calcium", d.streamId());
        assertTrue(d.ingestTimeNs() > 0);
    }

    @Test
    void shouldEndAnEventStreamAtItsLastEvent() throws IOException {
        final Path file = tmp.resolve("e.raw");
        try (OutputStream out = Files.newOutputStream(file);
                Evt2Writer w = new Evt2Writer(out, 16, 16)) {
            for (int i = 0; i < 500; i++) {
                w.write(1_000_000L + i * 37L, i % 16, (i / 16) % 16, i % 2);
            }
        }
        final Kept sink = new Kept();
        final long sent;
        try (EventFileReader reader = EventFileReader.open(file)) {
            sent = new EventBridge(sink, "cam", "dvs", 4096).run(reader, 5000, Pacing.parse("max"));
        }

        assertEquals(sent + 1, sink.frames.size(), "the frames and the end");
        final FrameDecoder d = new FrameDecoder();
        d.wrap(new UnsafeBuffer(sink.frames.get(sink.frames.size() - 2)), 0);
        final long lastSequence = d.sequence();
        final byte[] end = sink.frames.get(sink.frames.size() - 1);
        assertNull(
                FrameValidator.withDefaultLimits().validate(new UnsafeBuffer(end), 0, end.length));
        d.wrap(new UnsafeBuffer(end), 0);
        assertTrue(EndOfStream.isMarked(d));
        assertEquals(FrameKind.EVENTS, d.kind());
        assertEquals(Modality.DVS, d.modality());
        assertEquals(0, d.elementCount());
        assertEquals(lastSequence + 1, d.sequence());
        assertEquals((1_000_000L + 499 * 37L) * 1000L, d.deviceTimeNs(), "the last event's time");
        assertEquals("cam/dvs", d.streamId());
    }
}
