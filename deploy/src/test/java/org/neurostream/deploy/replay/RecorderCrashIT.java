package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.deploy.cli.CliRun;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.ingest.journal.JournalSummary;

/**
 * kill -9 of {@code neurostream record} in the middle of a recording: the journal stays readable,
 * every frame in it is whole and the streams have no gaps, and it replays.
 */
class RecorderCrashIT {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path EEG = HOME.resolve("replay-data/eeg");

    @TempDir Path tmp;

    @Test
    void shouldLeaveAReadableGapFreeJournalAfterKillMinus9() throws Exception {
        final Path journal = tmp.resolve("crashed");
        final Process recorder = startRecorder(journal);
        try {
            RecorderProcess.awaitFrames(journal, 200, recorder);
        } finally {
            recorder.destroyForcibly(); // SIGKILL: no shutdown hook, no end marker
            assertTrue(recorder.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, recorder.exitValue(), "killed by signal 9");

        final JournalSummary summary = JournalSummary.scan(journal);
        assertEquals(JournalSummary.State.OPEN, summary.state());
        assertTrue(summary.frames() >= 200, "frames " + summary.frames());
        assertNull(JournalReader.readMetadata(journal).frames, "the recorder never closed it");

        final FrameValidator validator = FrameValidator.withDefaultLimits();
        final FrameDecoder decoder = new FrameDecoder();
        final Map<String, Long> next = new HashMap<>();
        final long[] frames = {0};
        try (JournalReader r = JournalReader.open(journal)) {
            r.readAll(
                    (b, o, l, t) -> {
                        final byte[] copy = new byte[l];
                        b.getBytes(o, copy);
                        assertNull(
                                validator.validate(
                                        new org.agrona.concurrent.UnsafeBuffer(copy), 0, l),
                                "frame " + frames[0] + " is whole");
                        decoder.wrap(b, o);
                        final String stream = decoder.streamId();
                        assertEquals(
                                next.getOrDefault(stream, 0L),
                                decoder.sequence(),
                                "no gap in " + stream);
                        next.put(stream, decoder.sequence() + 1);
                        frames[0]++;
                    });
        }
        assertEquals(summary.frames(), frames[0]);

        final CliRun replay =
                CliRun.of(
                        "replay",
                        "--journal",
                        journal.toString(),
                        "--out",
                        tmp.resolve("out").toString());
        assertEquals(0, replay.exitCode(), replay.err());
        final long r01Samples = next.getOrDefault("S001R01/eeg", 0L) * 8;
        final long expected = r01Samples < 320 ? 0 : (r01Samples - 320) / 40 + 1;
        final Path features = tmp.resolve("out/features_S001R01_eeg.csv");
        assertEquals(
                expected,
                Files.isRegularFile(features) ? Files.readAllLines(features).size() - 1 : 0,
                "features of the journaled part of S001R01");
    }

    /**
     * Ctrl-C (SIGTERM here, the same shutdown) in the middle of a recording: the recorder closes
     * the journal, which then reads as a whole session with its final frame count.
     */
    @Test
    void shouldCloseTheJournalWhenStoppedBySignal() throws Exception {
        final Path journal = tmp.resolve("stopped");
        final Process recorder = startRecorder(journal);
        try {
            RecorderProcess.awaitFrames(journal, 200, recorder);
        } finally {
            recorder.destroy(); // SIGTERM: shutdown hooks run
            assertTrue(recorder.waitFor(30, TimeUnit.SECONDS));
        }
        final JournalSummary summary = JournalSummary.scan(journal);
        assertEquals(JournalSummary.State.CLOSED, summary.state());
        assertTrue(summary.frames() >= 200, "frames " + summary.frames());
        assertEquals(summary.frames(), JournalReader.readMetadata(journal).frames);
        final String log = Files.readString(tmp.resolve("recorder.log"));
        assertTrue(log.contains(" closed after "), "the recorder says so: " + log);
    }

    /** {@code neurostream record} of both EEG sessions at 10x in a JVM of its own. */
    private Process startRecorder(final Path journal) throws IOException {
        return RecorderProcess.start(
                tmp.resolve("recorder.log"),
                "--input",
                EEG.resolve("S001R01.edf").toString(),
                EEG.resolve("S001R04.edf").toString(),
                "--journal",
                journal.toString(),
                "--speed",
                "10");
    }
}
