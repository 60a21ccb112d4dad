package org.neurostream.ingest.journal;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.bridge.SampleSource;
import org.neurostream.ingest.frame.FrameDecoder;
import org.neurostream.ingest.frame.Modality;

class JournalFrameSinkTest {
    @TempDir Path tmp;

    /** 3 channels, 100 samples, value = sample * 10 + channel. */
    private static SampleSource ramp() {
        return new SampleSource() {
            private int at;

            @Override
            public int channelCount() {
                return 3;
            }

            @Override
            public double sampleRate() {
                return 200;
            }

            @Override
            public void close() {}

            @Override
            public int read(final float[] dst, final int maxSamples) {
                final int n = Math.min(maxSamples, 100 - at);
                for (int s = 0; s < n; s++) {
                    for (int c = 0; c < 3; c++) {
                        dst[s * 3 + c] = (at + s) * 10 + c;
                    }
                }
                at += n;
                return n;
            }
        };
    }

    @Test
    void shouldJournalTheBridgesFramesWithTheirIngestStampAsArrival() throws Exception {
        final Path dir = tmp.resolve("j");
        try (JournalWriter w = JournalWriter.create(dir, JournalTestFrames.metadata("S9", "eeg"))) {
            final FrameBridge bridge =
                    new FrameBridge(new JournalFrameSink(w), Modality.EEG, "S9", "eeg");
            assertEquals(9, bridge.run(ramp(), 12, Pacing.parse("max")));
        }
        final FrameDecoder d = new FrameDecoder();
        final List<long[]> seen = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            r.readAll(
                    (b, o, l, t) -> {
                        d.wrap(b, o);
                        assertEquals(t, d.ingestTimeNs(), "arrival is the ingest stamp");
                        assertEquals("S9/eeg", d.streamId());
                        assertEquals(5_000_000L, d.periodNs());
                        final long first = d.sequence() * 12;
                        assertEquals(first * 5_000_000L, d.deviceTimeNs());
                        assertEquals(first * 10 + 2, d.sample(0, 2), 0f);
                        seen.add(new long[] {d.sequence(), d.elementCount()});
                    });
        }
        assertEquals(9, seen.size());
        assertEquals(8, seen.get(8)[0]);
        assertEquals(100 - 8 * 12, seen.get(8)[1], "the last frame holds the rest");
    }
}
