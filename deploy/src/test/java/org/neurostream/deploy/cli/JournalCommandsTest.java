package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.ingest.journal.SessionMetadata;

/** record, sessions and replay on the sample recording, and their answers to bad journals. */
class JournalCommandsTest {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final Path S001R01 = HOME.resolve("replay-data/eeg/S001R01.edf");
    private static final Path MODEL = HOME.resolve("replay-data/models/rest-vs-imagery.json");

    @TempDir Path tmp;

    @Test
    void shouldRecordListAndReplayARecording() throws Exception {
        final Path journal = tmp.resolve("rec");
        final CommandRun record =
                CommandRun.of(
                        "record", "--input", S001R01.toString(), "--journal", journal.toString());
        assertEquals(0, record.exitCode(), record.err());
        // 61 s at 160 Hz in 50 ms frames of 8 samples: 9760 / 8; the journal holds them and the
        // stream's end-of-stream frame
        assertTrue(
                record.out().contains("record: S001R01/eeg: 1220 frames of 64 channels at 160 Hz"),
                record.out());

        final CommandRun sessions = CommandRun.of("sessions", tmp.toString());
        assertEquals(0, sessions.exitCode(), sessions.err());
        assertTrue(
                sessions.out()
                        .startsWith(
                                journal
                                        + "  session=S001R01 state=closed frames=1221 duration_s=61.000 size_mb="),
                sessions.out());
        assertTrue(
                sessions.out()
                        .contains("    S001R01/eeg  channels=64 frames=1221 duration_s=61.000"),
                sessions.out());

        final Path out = tmp.resolve("out");
        final CommandRun replay =
                CommandRun.of(
                        "replay",
                        "--journal",
                        journal.toString(),
                        "--out",
                        out.toString(),
                        "--model",
                        MODEL.toString());
        assertEquals(0, replay.exitCode(), replay.err());
        assertTrue(
                replay.out().contains("features=237 predictions=237 deadletters=0"), replay.out());
        final List<String> features = Files.readAllLines(out.resolve("features_S001R01_eeg.csv"));
        assertEquals(238, features.size());
        assertTrue(
                features.get(0).startsWith("start_ns,end_ns,power_Fc5._delta,"), features.get(0));
        // first analysis window ends at sample 320 (2 s at 160 Hz)
        assertTrue(features.get(1).startsWith("0,2000000000,"), features.get(1));
        // start, end, then power, relative power and band differential entropy of 64 x 5
        assertEquals(2 + 3 * 64 * 5, features.get(1).split(",").length);
        assertTrue(features.get(0).contains(",bde_Fc5._delta,"), features.get(0));
        final List<String> avalanches =
                Files.readAllLines(out.resolve("avalanches_S001R01_eeg.csv"));
        assertEquals("start_ns,end_ns,duration_bins,size,amplitude", avalanches.get(0));
        assertTrue(avalanches.size() > 1, "avalanches found");
        final List<String> predictions =
                Files.readAllLines(out.resolve("predictions_S001R01_eeg.csv"));
        assertEquals("start_ns,end_ns,model,label,probability", predictions.get(0));
        assertTrue(
                predictions.get(1).startsWith("0,2000000000,rest-vs-imagery.json,"),
                predictions.get(1));
        assertEquals(238, predictions.size());
    }

    @Test
    void shouldRecordEventCameraAndCalciumFilesAsStreamsOfTheirModality() throws Exception {
        final Path journal = tmp.resolve("multi");
        final CommandRun record =
                CommandRun.of(
                        "record",
                        "--input",
                        HOME.resolve("replay-data/dvs/moving-bars.raw").toString(),
                        HOME.resolve("replay-data/calcium/synthetic-gcamp.npy").toString(),
                        "--calcium-fs",
                        "30",
                        "--journal",
                        journal.toString());
        assertEquals(0, record.exitCode(), record.err());
        // 224305 events (neurostream events --summary) over 60 s in 50 ms windows; the traces are
        // 40 ROIs x 3600 imaging frames, one per frame
        assertTrue(
                record.out().contains("record: moving-bars/dvs: 1200 frames of 224305 events"),
                record.out());
        assertTrue(
                record.out()
                        .contains(
                                "record: synthetic-gcamp/calcium: 3600 frames of 40 ROIs at 30 Hz"),
                record.out());
        final SessionMetadata m = JournalReader.readMetadata(journal);
        assertEquals("moving-bars", m.sessionId);
        assertEquals(
                List.of("moving-bars/dvs DVS 0.0", "synthetic-gcamp/calcium CALCIUM 30.0"),
                m.streams.stream()
                        .map(st -> st.streamId + " " + st.modality + " " + st.sampleRate)
                        .toList());

        final Path out = tmp.resolve("multi-out");
        final CommandRun replay =
                CommandRun.of(
                        "replay",
                        "--journal",
                        journal.toString(),
                        "--out",
                        out.toString(),
                        "--motif-model",
                        HOME.resolve("replay-data/models/moving-bars.json").toString(),
                        "--calcium-motif-model",
                        HOME.resolve("replay-data/models/calcium-bursts.json").toString());
        assertEquals(0, replay.exitCode(), replay.err());
        assertTrue(
                replay.out().contains("4802 frames of 2 streams"),
                "4800 frames and the 2 streams' ends: " + replay.out());
        final List<String> events =
                Files.readAllLines(out.resolve("calciumevents_synthetic-gcamp_calcium.csv"));
        assertTrue(
                events.size() > 100, "calcium events from the journaled traces: " + events.size());
        final List<String> bars = Files.readAllLines(out.resolve("motifs_moving-bars_dvs.csv"));
        assertEquals("bin,motif,potential", bars.get(0));
        assertTrue(bars.size() > 10, "the moving bars' sweeps are detected: " + bars.size());
        // the session's 10 population bursts (motifs detect on the calcium command's events)
        assertEquals(
                11, Files.readAllLines(out.resolve("motifs_synthetic-gcamp_calcium.csv")).size());
    }

    @Test
    void shouldRefuseAFileOfAnUnknownKindNamingIt() throws Exception {
        final Path notes = Files.writeString(tmp.resolve("notes.txt"), "hello");
        final CommandRun record =
                CommandRun.of(
                        "record",
                        "--input",
                        notes.toString(),
                        "--journal",
                        tmp.resolve("j").toString());
        assertEquals(2, record.exitCode());
        assertTrue(
                record.err().contains(notes + ": not a stream file: expected EDF"), record.err());
        assertFalse(Files.exists(tmp.resolve("j")), "nothing recorded");
    }

    @Test
    void shouldNameAFolderThatIsNotAJournal() throws Exception {
        final Path plain = Files.createDirectories(tmp.resolve("plain"));
        final CommandRun replay = CommandRun.of("replay", "--journal", plain.toString());
        assertEquals(2, replay.exitCode());
        assertEquals(
                "neurostream replay: " + plain + ": not a NeuroStream journal (no journal.json)",
                replay.err().trim());
        final CommandRun sessions = CommandRun.of("sessions", plain.toString());
        assertEquals(2, sessions.exitCode());
        assertEquals(
                "neurostream sessions: " + plain + ": no journals here", sessions.err().trim());
    }

    @Test
    void shouldRefuseToRecordIntoAnExistingJournal() throws Exception {
        final Path journal = tmp.resolve("rec");
        assertEquals(
                0,
                CommandRun.of(
                                "record",
                                "--input",
                                S001R01.toString(),
                                "--journal",
                                journal.toString())
                        .exitCode());
        final CommandRun again =
                CommandRun.of(
                        "record", "--input", S001R01.toString(), "--journal", journal.toString());
        assertEquals(2, again.exitCode());
        assertEquals(
                "neurostream record: "
                        + journal
                        + ": holds a journal already; record into a new folder",
                again.err().trim());
    }

    @Test
    void shouldReplayTheReadablePartOfATruncatedJournalAndExit3NamingIt() throws Exception {
        final Path journal = tmp.resolve("cut");
        assertEquals(
                0,
                CommandRun.of(
                                "record",
                                "--input",
                                S001R01.toString(),
                                "--journal",
                                journal.toString())
                        .exitCode());
        try (java.util.stream.Stream<Path> files = Files.list(journal)) {
            for (final Path q : files.filter(p -> p.toString().endsWith(".cq4")).toList()) {
                try (java.nio.channels.FileChannel ch =
                        java.nio.channels.FileChannel.open(
                                q, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.truncate(1_000_000);
                }
            }
        }
        final Path out = tmp.resolve("out");
        final CommandRun replay =
                CommandRun.of(
                        "replay",
                        "--journal",
                        journal.toString(),
                        "--out",
                        out.toString(),
                        "--model",
                        MODEL.toString());
        assertEquals(3, replay.exitCode(), replay.err());
        final java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(
                                "neurostream replay: warning: "
                                        + java.util.regex.Pattern.quote(journal.toString())
                                        + ": journal truncated: (\\d+) of 1221 frames readable, no end marker;"
                                        + " the readable frames were replayed")
                        .matcher(replay.err().trim());
        assertTrue(m.matches(), replay.err());
        final long frames = Long.parseLong(m.group(1));
        // 8 samples a frame; a window of 320 samples every 40
        final long windows = (frames * 8 - 320) / 40 + 1;
        assertTrue(frames > 300 && frames < 1220, "frames " + frames);
        assertEquals(
                windows + 1, Files.readAllLines(out.resolve("features_S001R01_eeg.csv")).size());

        final CommandRun sessions = CommandRun.of("sessions", journal.toString());
        assertEquals(3, sessions.exitCode());
        assertTrue(sessions.out().contains("state=truncated frames=" + frames), sessions.out());
    }

    @Test
    void shouldRefuseAJournalFromANewerVersionWithExit2() throws Exception {
        final Path journal = tmp.resolve("newer");
        assertEquals(
                0,
                CommandRun.of(
                                "record",
                                "--input",
                                S001R01.toString(),
                                "--journal",
                                journal.toString())
                        .exitCode());
        final Path meta = journal.resolve("journal.json");
        final String written = Files.readString(meta);
        final String newer = written.replaceFirst("\"version\" : \\d+", "\"version\" : 7");
        assertNotEquals(written, newer, "journal.json names its version");
        Files.writeString(meta, newer);
        final CommandRun replay = CommandRun.of("replay", "--journal", journal.toString());
        assertEquals(2, replay.exitCode());
        assertEquals(
                "neurostream replay: "
                        + journal
                        + ": journal format version 7 is newer than this NeuroStream"
                        + " reads (up to "
                        + org.neurostream.ingest.journal.JournalFormat.VERSION
                        + "); read it with a newer NeuroStream",
                replay.err().trim());
    }
}
