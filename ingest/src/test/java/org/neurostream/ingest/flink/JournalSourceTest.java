package org.neurostream.ingest.flink;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.frame.EndOfStream;
import org.neurostream.core.frame.FrameDecoder;
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
        final JournalCursor cursor =
                new JournalSplit(dir.toString(), 0, Double.POSITIVE_INFINITY, true).cursor();
        final FrameDecoder d = new FrameDecoder();
        final List<Long> sequences = new ArrayList<>();
        final List<Boolean> ends = new ArrayList<>();
        int waits = 0;
        while (!cursor.ended()) {
            final RawRecord r = cursor.poll();
            if (r == null) {
                if (!cursor.ended()) {
                    // not recorded yet: the cursor says when to look again instead of blocking
                    assertEquals(JournalCursor.FOLLOW_WAIT_NS, cursor.retryInNanos());
                    waits++;
                    Thread.sleep(1);
                }
                continue;
            }
            d.wrap(new org.agrona.concurrent.UnsafeBuffer(r.value), 0);
            sequences.add(d.sequence());
            ends.add(EndOfStream.isMarked(d));
            assertEquals("S1/eeg", new String(r.key, StandardCharsets.UTF_8));
            assertEquals(JournalCursor.TOPIC, r.topic);
            assertEquals(sequences.size() - 1, r.offset);
        }
        recorder.join();
        assertTrue(waits > 0, "the follower caught up with the recorder at least once");
        assertNull(failed.get());
        assertEquals(
                51,
                sequences.size(),
                "every frame, the stream's end-of-stream frame, then the end marker ends it");
        for (int i = 0; i <= 50; i++) {
            assertEquals(i, sequences.get(i));
            assertEquals(i == 50, ends.get(i), "only the last frame ends the stream");
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
        final JournalCursor cursor = first.cursor();
        for (int i = 0; i < 12; i++) {
            assertNotNull(cursor.poll());
        }
        final JournalSplit.Serializer serializer = new JournalSplit.Serializer();
        final JournalSplit restored =
                serializer.deserialize(
                        serializer.getVersion(), serializer.serialize(first.at(cursor)));
        cursor.close();
        assertEquals(12, restored.framesDone());
        final JournalCursor resumed = restored.cursor();
        final FrameDecoder d = new FrameDecoder();
        long expected = 12;
        RawRecord r;
        while ((r = resumed.poll()) != null) {
            assertEquals(expected, r.offset);
            d.wrap(new org.agrona.concurrent.UnsafeBuffer(r.value), 0);
            assertEquals(expected == 30, EndOfStream.isMarked(d), "frame " + expected);
            assertEquals(expected++, d.sequence());
        }
        assertEquals(31, expected, "the 18 frames left, then the stream's end");
    }

    @Test
    void shouldHandOutMarkersAmongTheFramesAndResumeAfterThoseACheckpointCounted()
            throws Exception {
        final Path dir = tmp.resolve("markers");
        try (JournalWriter w = writer(dir)) {
            for (int i = 0; i < 6; i++) {
                final byte[] f = frame(i);
                w.append(f, 0, f.length, i);
                if (i % 2 == 1) {
                    w.appendMarker(
                            new org.neurostream.core.records.MarkerRecord(
                                    "S1/trials", 1000L * i, 500, "label=T" + i),
                            i);
                }
            }
        }
        final JournalSplit first =
                new JournalSplit(dir.toString(), 0, Double.POSITIVE_INFINITY, false);
        final List<String> order = new ArrayList<>();
        final JournalCursor cursor = first.cursor();
        for (int i = 0; i < 5; i++) {
            order.add(describe(cursor.poll()));
        }
        // frames 0 and 1, the marker after frame 1, frames 2 and 3
        assertEquals(
                List.of(
                        "journal@0",
                        "journal@1",
                        "neuro.markers@0:label=T1",
                        "journal@2",
                        "journal@3"),
                order);
        final JournalSplit.Serializer serializer = new JournalSplit.Serializer();
        final JournalSplit restored =
                serializer.deserialize(
                        serializer.getVersion(), serializer.serialize(first.at(cursor)));
        cursor.close();
        assertEquals(4, restored.framesDone());
        assertEquals(1, restored.markersDone());
        final List<String> rest = new ArrayList<>();
        try (JournalCursor resumed = restored.cursor()) {
            RawRecord r;
            while ((r = resumed.poll()) != null) {
                rest.add(describe(r));
            }
        }
        assertEquals(
                List.of(
                        "neuro.markers@1:label=T3",
                        "journal@4",
                        "journal@5",
                        "neuro.markers@2:label=T5",
                        "journal@6"),
                rest,
                "the marker after frame 3, the last frames and marker, the stream's end");
    }

    @Test
    void shouldReadASplitOfTheFirstVersionAsOneWithoutMarkersDone() throws Exception {
        final org.apache.flink.core.memory.DataOutputSerializer out =
                new org.apache.flink.core.memory.DataOutputSerializer(64);
        out.writeUTF("/j");
        out.writeLong(7);
        out.writeDouble(2.0);
        out.writeBoolean(false);
        final JournalSplit s = new JournalSplit.Serializer().deserialize(1, out.getCopyOfBuffer());
        assertEquals(7, s.framesDone());
        assertEquals(0, s.markersDone());
    }

    private static String describe(final RawRecord r) {
        return r.topic
                + "@"
                + r.offset
                + (r.topic.equals(org.neurostream.core.Topics.MARKERS)
                        ? ":"
                                + new String(r.value, StandardCharsets.UTF_8)
                                        .replaceAll(".*\"label\":\"([^\"]*)\".*", "$1")
                        : "");
    }

    @Test
    void shouldSayWhenAPacedFrameIsDueInsteadOfWaitingForIt() throws Exception {
        final Path dir = tmp.resolve("paced");
        try (JournalWriter w = writer(dir)) {
            final byte[] f0 = frame(0);
            final byte[] f1 = frame(1);
            w.append(f0, 0, f0.length, 5_000_000_000L);
            w.append(f1, 0, f1.length, 7_000_000_000L); // recorded 2 s later
        }
        try (JournalCursor cursor = new JournalSplit(dir.toString(), 0, 1.0, false).cursor()) {
            assertNotNull(cursor.poll());
            final long t0 = System.nanoTime();
            assertNull(cursor.poll());
            assertTrue(System.nanoTime() - t0 < 500_000_000L, "poll returned at once");
            assertFalse(cursor.ended());
            assertTrue(
                    cursor.retryInNanos() > 1_000_000_000L
                            && cursor.retryInNanos() <= 2_000_000_000L,
                    "due in " + cursor.retryInNanos() + " ns");
        }
    }

    /** a0 b0 a1 b1 ... a9 b9 a10 ... a39: stream a 1 s long, b 0.25 s, 25 ms a frame. */
    private Path twoStreams(final String name, final String... listed) throws Exception {
        final Path dir = tmp.resolve(name);
        try (JournalWriter w =
                JournalWriter.create(
                        dir,
                        org.neurostream.ingest.journal.JournalTestFrames.metadata("S1", listed))) {
            for (int i = 0; i < 40; i++) {
                final byte[] a =
                        org.neurostream.ingest.journal.JournalTestFrames.frame("S1/a", i, 2, 4);
                w.append(a, 0, a.length, i);
                if (i < 10) {
                    final byte[] b =
                            org.neurostream.ingest.journal.JournalTestFrames.frame("S1/b", i, 2, 4);
                    w.append(b, 0, b.length, i);
                }
            }
        }
        return dir;
    }

    private static List<RawRecord> drain(final JournalCursor cursor) throws Exception {
        final List<RawRecord> out = new ArrayList<>();
        RawRecord r;
        while ((r = cursor.poll()) != null) {
            out.add(r);
        }
        return out;
    }

    @Test
    void shouldStopOnceEveryStreamWasReadPastTheDeviceTimeAStreamThatEndedBeforeCounting()
            throws Exception {
        final Path dir = twoStreams("stop", "a", "b");
        final StopAfter stop = new StopAfter(500_000_000L, tmp.resolve("signal"));
        final JournalCursor cursor =
                new JournalCursor(dir.toString(), 0, 0, Double.POSITIVE_INFINITY, false, stop);
        final List<RawRecord> before = drain(cursor);
        // b ended at its 10th frame (0.225 s); a reaches 0.5 s at its frame 20, the journal's 31st
        assertTrue(cursor.stopped());
        assertFalse(cursor.ended());
        assertEquals(31, before.size());
        assertEquals(31, cursor.framesDone());
        final FrameDecoder d = new FrameDecoder();
        d.wrap(new org.agrona.concurrent.UnsafeBuffer(before.get(30).value), 0);
        assertEquals("S1/a", d.streamId());
        assertEquals(500_000_000L, d.deviceTimeNs());
        assertEquals(-1, stop.framesDone(), "the reader signals, not the cursor");
        stop.signal(cursor.framesDone());
        assertEquals(31, stop.framesDone());
        cursor.close();

        // resumed, with a second stop at 0.75 s: a21 .. a30
        final JournalCursor again =
                new JournalCursor(
                        dir.toString(),
                        31,
                        0,
                        Double.POSITIVE_INFINITY,
                        false,
                        new StopAfter(750_000_000L, tmp.resolve("signal2")));
        final List<RawRecord> middle = drain(again);
        assertEquals(10, middle.size());
        assertEquals(31, middle.get(0).offset);
        assertEquals(41, again.framesDone());
        again.close();

        // then to the end: a31 .. a39 and the end-of-stream frames of a and b
        final JournalCursor rest =
                new JournalCursor(dir.toString(), 41, 0, Double.POSITIVE_INFINITY, false, null);
        final List<RawRecord> after = drain(rest);
        assertTrue(rest.ended());
        assertEquals(9 + 2, after.size());
        assertEquals(41, after.get(0).offset);
        d.wrap(new org.agrona.concurrent.UnsafeBuffer(after.get(9).value), 0);
        assertTrue(EndOfStream.isMarked(d));
    }

    @Test
    void shouldStopAtTheJournalsLastFrameWhenAListedStreamNeverGotPast() throws Exception {
        final Path dir = twoStreams("listed", "a", "b", "c");
        final JournalCursor cursor =
                new JournalCursor(
                        dir.toString(),
                        0,
                        0,
                        Double.POSITIVE_INFINITY,
                        false,
                        new StopAfter(500_000_000L, tmp.resolve("signal")));
        assertEquals(50, drain(cursor).size(), "every frame, no end-of-stream frame");
        assertTrue(cursor.stopped());
        assertEquals(50, cursor.framesDone());
        cursor.close();
        final JournalCursor rest =
                new JournalCursor(dir.toString(), 50, 0, Double.POSITIVE_INFINITY, false, null);
        assertEquals(2, drain(rest).size(), "the end-of-stream frames of a and b");
    }
}
