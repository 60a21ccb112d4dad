package org.neurostream.ingest.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.FrameEncoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;

class OpenStreamsTest {

    private static byte[] frame(
            final String streamId, final long seq, final int samples, final int flags) {
        final byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        final byte[] session = "s".getBytes(StandardCharsets.UTF_8);
        final byte[] bytes =
                new byte[FrameEncoder.frameLength(FrameKind.SAMPLES, 3, samples, id.length, 1)];
        new FrameEncoder()
                .wrap(new UnsafeBuffer(bytes), 0)
                .kind(FrameKind.SAMPLES)
                .modality(Modality.EEG)
                .flags(flags)
                .sequence(seq)
                .deviceTimeNs(seq * samples * 4_000_000L)
                .periodNs(4_000_000L)
                .ingestTimeNs(77 + seq)
                .counts(3, samples)
                .ids(id, session)
                .putSamples(new float[3 * samples], 0)
                .finish();
        return bytes;
    }

    private static void on(final OpenStreams open, final byte[] frame) {
        open.onFrame(new UnsafeBuffer(frame), 0, frame.length);
    }

    @Test
    void shouldEndEveryStreamStillOpenAfterItsLastFrameInOrderOfFirstFrames() {
        final OpenStreams open = new OpenStreams();
        on(open, frame("s/b", 0, 5, 0));
        on(open, frame("s/a", 0, 5, 0));
        on(open, frame("s/b", 1, 5, 0));
        on(open, frame("s/c", 0, 5, 0));
        on(open, frame("s/c", 1, 0, FrameDescriptor.FLAG_END_OF_STREAM));
        on(open, new byte[] {1, 2, 3}); // not a frame: not tracked
        assertEquals(2, open.count());

        final List<byte[]> markers = open.endMarkers();

        assertEquals(2, markers.size(), "c ended by itself");
        final FrameDecoder d = new FrameDecoder();
        d.wrap(new UnsafeBuffer(markers.get(0)), 0);
        assertEquals("s/b", d.streamId());
        assertTrue(EndOfStream.isMarked(d));
        assertEquals(2, d.sequence());
        assertEquals(10 * 4_000_000L, d.deviceTimeNs(), "past b's last sample");
        assertEquals(3, d.channelCount());
        assertEquals(0, d.elementCount());
        assertEquals(78, d.ingestTimeNs(), "b's last frame's stamp");
        assertEquals("s/b", new String(open.keyOf(markers.get(0)), StandardCharsets.UTF_8));
        d.wrap(new UnsafeBuffer(markers.get(1)), 0);
        assertEquals("s/a", d.streamId());
        assertEquals(1, d.sequence());
        assertEquals(0, open.count());
    }
}
