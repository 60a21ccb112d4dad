package org.neurostream.ingest.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.stream.StreamId;
import org.neurostream.ingest.edf.EdfWriter;
import org.neurostream.ingest.identifiers.Identifiers;

/** Files of every kind become streams of frames of their modality, counted as they go. */
class FileStreamsTest {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final FileStreams.Options OPTIONS =
            new FileStreams.Options(Duration.ofMillis(50), Duration.ofMillis(10), 30);

    @TempDir Path dir;

    @Test
    void shouldStreamEveryKindOfFileAsFramesOfItsModality() throws Exception {
        check("eeg/S001R01.edf", Modality.EEG, "S001R01/eeg");
        check("dvs/moving-bars.raw", Modality.DVS, "moving-bars/dvs");
        check("calcium/synthetic-gcamp.npy", Modality.CALCIUM, "synthetic-gcamp/calcium");
    }

    @Test
    void shouldNameAFileOfAnUnknownKindAndAMissingOne() throws Exception {
        final Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertTrue(
                assertThrows(
                                FileStreams.FileStreamException.class,
                                () -> FileStreams.open(notes, OPTIONS))
                        .getMessage()
                        .startsWith(notes + ": not a stream file: expected EDF"));
        assertEquals(
                dir.resolve("none.edf") + ": no such file",
                assertThrows(
                                FileStreams.FileStreamException.class,
                                () -> FileStreams.open(dir.resolve("none.edf"), OPTIONS))
                        .getMessage());
    }

    @Test
    void shouldCarryPseudonymsOfThePatientAndTheMarkedFileNameParts() throws Exception {
        final Path file = dir.resolve("jane-doe_rest.edf");
        EdfWriter.write(
                file,
                new EdfWriter.Header(
                        List.of("Cz"),
                        16,
                        "uV",
                        -100,
                        100,
                        -32768,
                        32767,
                        "",
                        "X X BCI2000",
                        LocalDateTime.of(2024, 3, 1, 9, 0),
                        "MCH-0234567 F 02-MAY-1951 Jane_Doe"),
                new float[1][32],
                List.of());
        final Identifiers ids =
                Identifiers.pseudonyms(
                        "a lab key of enough bytes".getBytes(StandardCharsets.UTF_8),
                        "test",
                        List.of(Pattern.compile("jane-doe")));
        final FileStreams.Options options =
                new FileStreams.Options(Duration.ofMillis(50), Duration.ofMillis(10), 30, ids);

        try (FileStream s = FileStreams.open(file, options)) {
            assertEquals(ids.pseudonym("jane-doe") + "_rest/eeg", s.streamId());
            assertEquals(
                    dir.resolve(ids.pseudonym("jane-doe") + "_rest.edf").toString(), s.source());
            assertEquals(ids.pseudonym("MCH-0234567 F 02-MAY-1951 Jane_Doe"), s.subject());
            assertTrue(s.recording().startsWith(Identifiers.PREFIX), s.recording());
        }
        try (FileStream s =
                FileStreams.open(
                        file,
                        new FileStreams.Options(
                                Duration.ofMillis(50),
                                Duration.ofMillis(10),
                                30,
                                Identifiers.kept()))) {
            assertEquals("jane-doe_rest/eeg", s.streamId());
            assertEquals("MCH-0234567 F 02-MAY-1951 Jane_Doe", s.subject());
        }
    }

    private static void check(final String file, final Modality modality, final String streamId)
            throws Exception {
        final AtomicLong frames = new AtomicLong();
        final FrameDecoder decoder = new FrameDecoder();
        try (FileStream s = FileStreams.open(HOME.resolve("replay-data").resolve(file), OPTIONS)) {
            assertEquals(modality, s.modality());
            assertEquals(streamId, s.streamId());
            assertEquals(streamId, StreamId.of(s.session(), s.streamName()));
            final long sent =
                    s.frames(
                            (key, frame, ingestNs) -> {
                                decoder.wrap(new org.agrona.concurrent.UnsafeBuffer(frame), 0);
                                assertEquals(modality, decoder.modality());
                                frames.incrementAndGet();
                            },
                            new Pacing(Double.POSITIVE_INFINITY));
            assertTrue(sent > 0, file);
            assertEquals(sent, s.framesSent(), file);
            // the sink also got each stream's end-of-stream frame, where the bridge sends one
            assertTrue(frames.get() == sent || frames.get() == sent + 1, file);
        }
    }
}
