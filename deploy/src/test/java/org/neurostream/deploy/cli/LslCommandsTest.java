package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.io.SecretFile;
import org.neurostream.ingest.edf.EdfAnnotation;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.ingest.identifiers.Identifiers;
import org.neurostream.ingest.lsl.ChannelFormat;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.ingest.lsl.LslOutlet;
import org.neurostream.ingest.lsl.StreamInfo;

/** The lsl commands against our own outlets and inlets, on loopback. */
class LslCommandsTest {
    static final long SECOND = 1_000_000_000L;

    @TempDir Path tmp;

    static LslConfig config() {
        final LslConfig c = LslConfig.load();
        assertTrue(c.isLoopbackOnly(), "tests run with LSLAPICFG = config/lsl_loopback.cfg: " + c);
        return c;
    }

    @Test
    void shouldSayInEveryHelpWhichNetworkItTalksTo() {
        for (final String sub : List.of("list", "pull", "play", "record")) {
            final CommandRun run = CommandRun.of("lsl", sub, "--help");
            assertEquals(0, run.exitCode());
            final String help = run.out().replaceAll("\\s+", " ");
            assertTrue(help.contains("LSLAPICFG"), sub + ": " + help);
            assertTrue(help.contains("multicast"), sub);
            assertTrue(help.contains("LSLAPICFG=config/lsl_loopback.cfg"), sub);
        }
    }

    @Test
    void shouldSayInLiveHelpWhichNetworkItTalksToAndTheSummaryKeys() {
        final CommandRun run = CommandRun.of("live", "--help");
        assertEquals(0, run.exitCode());
        final String help = run.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("LSLAPICFG=config/lsl_loopback.cfg"), help);
        assertTrue(help.contains("multicast"), help);
        assertTrue(
                help.contains(
                        "models=NAME@VERSION:N,... lsl_streams=N lsl_samples=N lsl_gaps=N"
                                + " lsl_in_p50_ms=X"
                                + " lsl_in_p99_ms=Y"),
                help);
    }

    @Test
    void shouldStartNothingLiveWhenNothingMatches() {
        config();
        final CommandRun run =
                CommandRun.of("live", "--lsl", "name='no-such-stream'", "--timeout", "1s");
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("no LSL stream matches name='no-such-stream'"), run.err());
        assertEquals("", run.out(), "no runtime started");
    }

    @Test
    void shouldListOurOutletsSortedByNameThenUid() throws Exception {
        final LslConfig c = config();
        try (LslOutlet b = LslOutlet.open(info("list-b", 160, "b"), c, m -> {});
                LslOutlet a = LslOutlet.open(info("list-a x", 0, "a"), c, m -> {})) {
            final CommandRun run = CommandRun.of("lsl", "list", "--timeout", "1500ms");
            assertEquals(0, run.exitCode(), run.err());
            final List<String> ours =
                    run.out().lines().filter(l -> l.startsWith("name=list-")).toList();
            assertEquals(
                    List.of(
                            "name=list-a%20x type=EEG channels=2 srate=0.0 format=float32"
                                    + " source_id=a hostname="
                                    + a.info().hostname()
                                    + " uid="
                                    + a.info().uid(),
                            "name=list-b type=EEG channels=2 srate=160.0 format=float32"
                                    + " source_id=b hostname="
                                    + b.info().hostname()
                                    + " uid="
                                    + b.info().uid()),
                    ours);
        }
    }

    @Test
    void shouldExitWith2WhenNothingMatches() {
        config();
        final CommandRun run =
                CommandRun.of(
                        "lsl", "pull", "--stream", "name='no-such-stream'", "--timeout", "1s");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no LSL stream matches name='no-such-stream'"), run.err());
        final CommandRun bad =
                CommandRun.of("lsl", "pull", "--stream", "name=='x", "--timeout", "1s");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("invalid LSL predicate"), bad.err());
    }

    @Test
    void shouldPullOurOutletToStandardOutput() throws Exception {
        final LslConfig c = config();
        try (LslOutlet o =
                LslOutlet.open(
                        StreamInfo.builder("pull-me", "EEG", 2, 100, ChannelFormat.DOUBLE64, "p")
                                .channel("A", "uV", "EEG")
                                .channel("B", "uV", "EEG")
                                .build(),
                        c,
                        m -> {})) {
            final Thread pusher =
                    new Thread(
                            () -> {
                                if (o.waitForConsumers(10 * SECOND)) {
                                    for (int i = 0; i < 5; i++) {
                                        o.pushSample(new double[] {i / 3.0, -i}, 100.0 + i);
                                    }
                                }
                            });
            pusher.start();
            final CommandRun run =
                    CommandRun.of("lsl", "pull", "--stream", "pull-me", "--count", "5");
            pusher.join();
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(
                    List.of(
                            "timestamp,A,B",
                            "100.0,0.0,0.0",
                            "101.0,0.3333333333333333,-1.0",
                            "102.0,0.6666666666666666,-2.0",
                            "103.0,1.0,-3.0",
                            "104.0,1.3333333333333333,-4.0"),
                    run.out().lines().toList());
        }
    }

    @Test
    void shouldEndAPullWithoutCountAfterASilenceOfTheTimeoutAndCorrectOnRequest() throws Exception {
        final LslConfig c = config();
        try (LslOutlet o = LslOutlet.open(info("pull-silent", 100, "s"), c, m -> {})) {
            final Thread pusher =
                    new Thread(
                            () -> {
                                if (o.waitForConsumers(10 * SECOND)) {
                                    for (int i = 0; i < 3; i++) {
                                        o.pushSample(new float[] {i, i}, 50.0 + i);
                                    }
                                }
                            });
            pusher.start();
            final CommandRun run =
                    CommandRun.of(
                            "lsl",
                            "pull",
                            "--stream",
                            "pull-silent",
                            "--timeout",
                            "1s",
                            "--corrected");
            pusher.join();
            assertEquals(0, run.exitCode(), run.err());
            final List<String> rows = run.out().lines().toList();
            assertEquals(4, rows.size(), run.out());
            assertEquals("timestamp,ch0,ch1", rows.get(0));
            for (int i = 0; i < 3; i++) {
                final String[] cells = rows.get(i + 1).split(",");
                // the clock correction to an outlet on this machine is a few microseconds
                assertEquals(50.0 + i, Double.parseDouble(cells[0]), 1e-3);
                assertNotEquals(Double.toString(50.0 + i), cells[0], "corrected");
                assertEquals(Float.toString(i), cells[1]);
            }
        }
    }

    @Test
    void shouldServeAMarkedPartOfTheFileNameAsItsPseudonym() throws Exception {
        config();
        final Path edf =
                Files.copy(SharedData.eeg("S001R01.edf"), tmp.resolve("smith-john-eeg.edf"));
        final Path key = tmp.resolve("key");
        Files.writeString(key, "");
        SecretFile.ownerOnly(key);
        Files.writeString(key, "a key of the lab, 32 bytes long\n");

        final CommandRun run = play(edf, "--pseudonym-key-file", key.toString());

        assertEquals(0, run.exitCode(), run.err());
        final String pseudonym =
                Identifiers.pseudonyms(
                                Files.readString(key).strip().getBytes(StandardCharsets.UTF_8),
                                key.toString(),
                                List.of())
                        .pseudonym("smith-john");
        assertTrue(pseudonym.startsWith(Identifiers.PREFIX), pseudonym);
        assertTrue(run.out().startsWith("lsl play: identifiers replaced"), run.out());
        assertTrue(
                run.out().contains("serving: name=" + pseudonym + "-eeg "),
                "the stream's name: " + run.out());
        // the notice names the user's own pattern; what the network sees does not
        assertTrue(
                run.out().lines().filter(l -> l.startsWith("serving: ")).count() >= 1, run.out());
        run.out()
                .lines()
                .filter(l -> l.startsWith("serving: "))
                .forEach(l -> assertFalse(l.contains("smith"), l));

        final CommandRun kept = play(edf, "--keep-identifiers");
        assertEquals(0, kept.exitCode(), kept.err());
        assertTrue(kept.out().startsWith("serving: name=smith-john-eeg "), kept.out());
    }

    /** {@code lsl play FILE} at 200 times its pace, marking {@code smith-john} in file names. */
    private static CommandRun play(final Path edf, final String... more) {
        final List<String> args =
                new ArrayList<>(
                        List.of(
                                "lsl",
                                "play",
                                edf.toString(),
                                "--speed",
                                "200",
                                "--identifier",
                                "smith-john"));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void shouldPlayAnEdfWithItsAnnotationsAsMarkers() throws Exception {
        final Path edf = SharedData.eeg("S001R04.edf");
        final long total;
        final List<EdfAnnotation> annotations;
        try (EdfReader reader = EdfReader.open(edf)) {
            total = reader.totalSamplesPerChannel();
            annotations = reader.readAnnotations();
        }
        final LslPlayback.Played p =
                LslPlayback.play(edf, "play-test", 20, total, annotations.size());
        assertEquals("neurostream-play/play-test", p.data().sourceId());
        assertEquals("Markers", p.markers().type());
        try (EdfReader reader = EdfReader.open(edf)) {
            assertEquals(reader.labels().get(0).strip(), p.data().channelLabels().get(0));
            assertEquals(
                    reader.physicalDimensions().get(0).strip(), p.data().channelUnits().get(0));
            p.assertBeginsWith(reader);
        }
        for (int k = 0; k < annotations.size(); k++) {
            assertEquals(annotations.get(k).text(), p.labels().get(k));
            // each marker at its onset, on the data's clock (20 x speed)
            assertEquals(
                    annotations.get(k).onsetSeconds() / 20,
                    p.markerStamps().get(k) - p.firstStamp(),
                    1e-6);
        }
        assertEquals(0, p.run().exitCode(), p.run().err());
        assertTrue(
                p.run().out().contains("serving: name=play-test type=EEG channels=64 srate=3200.0"),
                p.run().out());
        assertTrue(
                p.run()
                        .out()
                        .strip()
                        .endsWith("played: samples=" + total + " markers=" + annotations.size()),
                p.run().out());
        assertEquals(List.of(), p.problems());
    }

    @Test
    void shouldRefuseAJournalThatExists() throws Exception {
        final LslConfig c = config();
        final Path journal = tmp.resolve("j");
        Files.createDirectories(journal);
        Files.writeString(journal.resolve("journal.json"), "{}");
        try (LslOutlet o = LslOutlet.open(info("rec-exists", 100, "r"), c, m -> {})) {
            final CommandRun run =
                    CommandRun.of(
                            "lsl",
                            "record",
                            "--stream",
                            "rec-exists",
                            "--journal",
                            journal.toString(),
                            "--duration",
                            "1s");
            assertEquals(2, run.exitCode());
            assertTrue(run.err().contains("holds a journal already"), run.err());
            final CommandRun none =
                    CommandRun.of(
                            "lsl",
                            "record",
                            "--stream",
                            "no-such",
                            "--journal",
                            tmp.resolve("k").toString(),
                            "--duration",
                            "1s");
            assertEquals(2, none.exitCode());
            assertTrue(none.err().contains("no LSL stream matches name='no-such'"), none.err());
        }
    }

    private static StreamInfo info(final String name, final double rate, final String source) {
        return StreamInfo.builder(name, "EEG", 2, rate, ChannelFormat.FLOAT32, source).build();
    }
}
