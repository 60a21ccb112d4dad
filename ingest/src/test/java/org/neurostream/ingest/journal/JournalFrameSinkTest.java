package org.neurostream.ingest.journal;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameDescriptor;
import org.neurostream.core.frame.Modality;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.bridge.SampleSource;

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

    /** {@code channels} channels, {@code samples} samples, value = sample * 1000 + channel. */
    private static SampleSource wide(final int channels, final int samples) {
        return new SampleSource() {
            private int at;

            @Override
            public int channelCount() {
                return channels;
            }

            @Override
            public double sampleRate() {
                return 1000;
            }

            @Override
            public void close() {}

            @Override
            public int read(final float[] dst, final int maxSamples) {
                final int n = Math.min(maxSamples, samples - at);
                for (int s = 0; s < n; s++) {
                    for (int c = 0; c < channels; c++) {
                        dst[s * channels + c] = (at + s) * 1000 + c;
                    }
                }
                at += n;
                return n;
            }
        };
    }

    @ParameterizedTest(name = "{0} samples per frame")
    @ValueSource(ints = {7, 400})
    void shouldEncodeFramesInPlaceAcrossTheQueuesMappedChunks(final int perFrame) throws Exception {
        // 64 KiB blocks, mapped in 128 KiB chunks that run 64 KiB past their end: frames of 1.1
        // and 64 KB, many of them across a chunk's end
        final Path dir = tmp.resolve("j" + perFrame);
        final int channels = 40;
        final int samples = 3000;
        try (JournalWriter w =
                JournalWriter.create(dir, JournalTestFrames.metadata("S2", "np"), 1 << 16)) {
            final FrameBridge bridge =
                    new FrameBridge(new JournalFrameSink(w), Modality.SPIKES, "S2", "np");
            bridge.run(wide(channels, samples), perFrame, Pacing.parse("max"));
        }
        final FrameDecoder d = new FrameDecoder();
        final long[] next = {0, 0};
        final int[] ends = {0};
        try (JournalReader r = JournalReader.open(dir)) {
            r.readAll(
                    (b, o, l, t) -> {
                        d.wrap(b, o);
                        assertEquals(next[0]++, d.sequence());
                        assertEquals(t, d.ingestTimeNs());
                        if (EndOfStream.isMarked(d)) {
                            assertEquals(0, d.elementCount());
                            assertEquals(next[1] * d.periodNs(), d.deviceTimeNs());
                            ends[0]++;
                        }
                        for (int s = 0; s < d.elementCount(); s++) {
                            final long sample = next[1] + s;
                            assertEquals(sample * 1000, d.sample(s, 0), 0f);
                            assertEquals(
                                    sample * 1000 + channels - 1, d.sample(s, channels - 1), 0f);
                        }
                        next[1] += d.elementCount();
                    });
        }
        assertEquals((samples + perFrame - 1) / perFrame + 1, next[0], "and the stream's end");
        assertEquals(1, ends[0]);
        assertEquals(samples, next[1]);
    }

    @Test
    void shouldRefuseAFrameLargerThanABlockNamingBoth() throws Exception {
        final Path dir = tmp.resolve("big");
        try (JournalWriter w =
                JournalWriter.create(dir, JournalTestFrames.metadata("S3", "np"), 1 << 16)) {
            final FrameBridge bridge =
                    new FrameBridge(new JournalFrameSink(w), Modality.SPIKES, "S3", "np");
            final IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> bridge.run(wide(40, 3000), 500, Pacing.parse("max")));
            assertTrue(
                    e.getMessage()
                            .contains(
                                    "a frame of 80072 bytes does not fit a journal block"
                                            + " of 65536 bytes"),
                    e.getMessage());
        }
        try (JournalReader r = JournalReader.open(dir)) {
            final long[] frames = {0};
            r.readAll((b, o, l, t) -> frames[0]++);
            assertEquals(0, frames[0]);
        }
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
                        seen.add(new long[] {d.sequence(), d.elementCount(), d.flags()});
                        if (EndOfStream.isMarked(d)) {
                            assertEquals(100 * 5_000_000L, d.deviceTimeNs(), "past the end");
                            return;
                        }
                        final long first = d.sequence() * 12;
                        assertEquals(first * 5_000_000L, d.deviceTimeNs());
                        assertEquals(first * 10 + 2, d.sample(0, 2), 0f);
                    });
        }
        assertEquals(10, seen.size(), "9 frames and the end-of-stream frame");
        assertEquals(8, seen.get(8)[0]);
        assertEquals(100 - 8 * 12, seen.get(8)[1], "the last frame holds the rest");
        assertEquals(0, seen.get(8)[2]);
        assertEquals(9, seen.get(9)[0], "the end takes the next number");
        assertEquals(0, seen.get(9)[1]);
        assertEquals(FrameDescriptor.FLAG_END_OF_STREAM, seen.get(9)[2]);
    }
}
