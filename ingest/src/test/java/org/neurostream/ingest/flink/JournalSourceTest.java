package org.neurostream.ingest.flink;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.frame.FrameDecoder;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.SessionMetadata;

/** The journal source's split and iterator, without a Flink cluster. */
class JournalSourceTest {
    @TempDir Path tmp;

    private static byte[] frame(final long sequence) {
        return org.neurostream.ingest.journal.JournalTestFrames.frame("S1/eeg", sequence, 2, 4);
    }

    private JournalWriter writer(final Path dir) throws Exception {
        final SessionMetadata m = new SessionMetadata();
        m.sessionId = "S1";
        return JournalWriter.create(dir, m);
    }

    @Test
    void shouldFollowALiveJournalUntilItsRecorderClosesIt() throws Exception {
        final Path dir = tmp.resolve("live");
        final JournalWriter w = writer(dir);
        final AtomicReference<Exception> failed = new AtomicReference<>();
        final Thread recorder =
                new Thread(
                        () -> {
                            try (w) {
                                for (int i = 0; i < 50; i++) {
                                    final byte[] f = frame(i);
                                    w.append(f, 0, f.length, i);
                                    Thread.sleep(2);
                                }
                            } catch (final Exception e) {
                                failed.set(e);
                            }
                        });
        recorder.start();
        final JournalIterator it =
                new JournalSplit(dir.toString(), 0, Double.POSITIVE_INFINITY, true).getIterator();
        final FrameDecoder d = new FrameDecoder();
        final List<Long> sequences = new ArrayList<>();
        while (it.hasNext()) {
            final RawRecord r = it.next();
            d.wrap(new org.agrona.concurrent.UnsafeBuffer(r.value), 0);
            sequences.add(d.sequence());
            assertEquals("S1/eeg", new String(r.key, StandardCharsets.UTF_8));
            assertEquals(JournalIterator.TOPIC, r.topic);
            assertEquals(sequences.size() - 1, r.offset);
        }
        recorder.join();
        assertNull(failed.get());
        assertEquals(50, sequences.size(), "every frame, then the end marker ends it");
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sequences.get(i));
        }
    }

    @Test
    void shouldResumeAfterTheFramesACheckpointCounted() throws Exception {
        final Path dir = tmp.resolve("j");
        try (JournalWriter w = writer(dir)) {
            for (int i = 0; i < 30; i++) {
                final byte[] f = frame(i);
                w.append(f, 0, f.length, i);
            }
        }
        final JournalSplit first =
                new JournalSplit(dir.toString(), 0, Double.POSITIVE_INFINITY, false);
        final JournalIterator it = first.getIterator();
        for (int i = 0; i < 12; i++) {
            it.next();
        }
        final JournalSplit.Serializer serializer = new JournalSplit.Serializer();
        final JournalSplit restored =
                serializer.deserialize(
                        serializer.getVersion(),
                        serializer.serialize((JournalSplit) first.getUpdatedSplitForIterator(it)));
        assertEquals(12, restored.framesDone());
        final JournalIterator resumed = restored.getIterator();
        final FrameDecoder d = new FrameDecoder();
        long expected = 12;
        while (resumed.hasNext()) {
            final RawRecord r = resumed.next();
            assertEquals(expected, r.offset);
            d.wrap(new org.agrona.concurrent.UnsafeBuffer(r.value), 0);
            assertEquals(expected++, d.sequence());
        }
        assertEquals(30, expected);
    }
}
