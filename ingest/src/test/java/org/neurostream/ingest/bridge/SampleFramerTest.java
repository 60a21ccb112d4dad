package org.neurostream.ingest.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameKind;
import org.neurostream.core.frame.Modality;
import org.neurostream.ingest.calcium.CalciumTraces;

/** Calcium traces framed as the bridge frames them: ROIs as channels, imaging frames as samples. */
class SampleFramerTest {

    @Test
    void shouldCarryRoisAsChannelsAndImagingFramesAsSamplesAtTheFramePeriod() throws IOException {
        final int rois = 3;
        final int frames = 7;
        final float[] frameMajor = new float[rois * frames];
        for (int i = 0; i < frameMajor.length; i++) {
            frameMajor[i] = i;
        }
        final CalciumTraces traces =
                new CalciumTraces(null, rois, frames, frameMajor, List.of("a", "b", "c"));
        final SampleFramer framer =
                new SampleFramer(traces.asSource(30.0), Modality.CALCIUM, "demo", "calcium", 3);
        assertEquals("demo/calcium", framer.streamId());
        assertEquals(33_333_333L, framer.periodNs());
        final FrameDecoder d = new FrameDecoder();
        final int[] sizes = {3, 3, 1};
        int frame = 0;
        for (int k = 0; k < sizes.length; k++) {
            final byte[] bytes = framer.next();
            d.wrap(new UnsafeBuffer(bytes), 0);
            assertEquals(FrameKind.SAMPLES, d.kind());
            assertEquals(Modality.CALCIUM, d.modality());
            assertEquals(k, d.sequence());
            assertEquals(rois, d.channelCount());
            assertEquals(sizes[k], d.elementCount());
            assertEquals(33_333_333L, d.periodNs());
            assertEquals(frame * 33_333_333L, d.deviceTimeNs());
            assertEquals("demo/calcium", d.streamId());
            for (int s = 0; s < sizes[k]; s++) {
                for (int r = 0; r < rois; r++) {
                    assertEquals(traces.value(r, frame + s), d.sample(s, r));
                }
            }
            frame += sizes[k];
            assertEquals(frame * 33_333_333L, framer.endTimeNs());
        }
        assertNull(framer.next());
        assertEquals(3, framer.frames());
    }

    @Test
    void shouldRejectFramesWithoutSamples() {
        final CalciumTraces traces = new CalciumTraces(null, 1, 1, new float[1], List.of("a"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SampleFramer(traces.asSource(30.0), Modality.CALCIUM, "s", "c", 0));
    }
}
