package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.ingest.journal.JournalReader;
import org.neurostream.ingest.lsl.ChannelFormat;
import org.neurostream.ingest.lsl.LslClock;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.ingest.lsl.LslInlet;
import org.neurostream.ingest.lsl.LslOutlet;
import org.neurostream.ingest.lsl.LslResolver;
import org.neurostream.ingest.lsl.StreamInfo;
import org.neurostream.ingest.lsl.StreamQuery;

/**
 * Interoperability with the real C library, liblsl 1.18 from pylsl's wheel, on loopback only: a
 * liblsl outlet read by {@code lsl pull} bit for bit; our outlet read by a liblsl inlet bit for bit
 * with channel labels and markers; {@code lsl list} and liblsl's resolver seeing each other's
 * streams; clock offsets within 1 ms both ways; a liblsl outlet restarted with the same source id
 * recovered by {@code lsl record}, its lost samples a gap in the frame sequence.
 */
class LslInteropIT {
    static final long SECOND = 1_000_000_000L;

    @TempDir Path tmp;

    private static LslConfig config() {
        return LslConfig.fromFile(LiblslPeer.config());
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "double64", "int16", "int32", "string"})
    void shouldPullALiblslOutletBitForBit(final String format) throws Exception {
        LiblslPeer.python();
        final String name = "py-" + format;
        try (LiblslPeer peer =
                LiblslPeer.start(
                        tmp,
                        "outlet",
                        "--name",
                        name,
                        "--format",
                        format,
                        "--channels",
                        "3",
                        "--labels",
                        format.equals("float32") ? "Fp1,Fp 2,\"Oz\"" : "",
                        "--count",
                        "40",
                        "--source-id",
                        name + "-src")) {
            final Path csv = tmp.resolve(name + ".csv");
            final CommandRun run =
                    CommandRun.of(
                            "lsl",
                            "pull",
                            "--stream",
                            name,
                            "--count",
                            "40",
                            "--out",
                            csv.toString());
            assertEquals(0, run.exitCode(), run.err());
            final JsonNode pushed = peer.result(30).get("samples");
            final List<String> lines = Files.readAllLines(csv);
            assertEquals(
                    format.equals("float32")
                            ? "timestamp,Fp1,Fp 2,\"\"\"Oz\"\"\""
                            : "timestamp,ch0,ch1,ch2",
                    lines.get(0));
            assertEquals(41, lines.size());
            for (int i = 0; i < 40; i++) {
                final List<String> row = splitCsv(lines.get(i + 1));
                final JsonNode sample = pushed.get(i);
                assertEquals(
                        Double.doubleToRawLongBits(sample.get("t").asDouble()),
                        Double.doubleToRawLongBits(Double.parseDouble(row.get(0))),
                        "timestamp of sample " + i);
                for (int c = 0; c < 3; c++) {
                    final JsonNode v = sample.get("v").get(c);
                    final String cell = row.get(c + 1);
                    switch (format) {
                        case "float32" ->
                                assertEquals(
                                        Float.floatToRawIntBits((float) v.asDouble()),
                                        Float.floatToRawIntBits(Float.parseFloat(cell)));
                        case "double64" ->
                                assertEquals(
                                        Double.doubleToRawLongBits(v.asDouble()),
                                        Double.doubleToRawLongBits(Double.parseDouble(cell)));
                        case "string" -> assertEquals(v.asText(), cell);
                        default -> assertEquals(v.asLong(), Long.parseLong(cell));
                    }
                }
            }
        }
    }

    @Test
    void shouldServeALiblslInletBitForBitWithLabelsAndMarkers() throws Exception {
        LiblslPeer.python();
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final StreamInfo info =
                StreamInfo.builder("ours", "EEG", 3, 250, ChannelFormat.FLOAT32, "ours-src")
                        .channel("C3", "uV", "EEG")
                        .channel("Cz", "uV", "EEG")
                        .channel("C4", "uV", "EEG")
                        .build();
        final StreamInfo markerInfo =
                StreamInfo.builder("ours-markers", "Markers", 1, 0, ChannelFormat.STRING, "ours-m")
                        .build();
        try (LslOutlet outlet = LslOutlet.open(info, config(), problems::add);
                LslOutlet markers = LslOutlet.open(markerInfo, config(), problems::add);
                LiblslPeer dataPeer =
                        LiblslPeer.start(tmp, "inlet", "--pred", "name='ours'", "--count", "100");
                LiblslPeer markerPeer =
                        LiblslPeer.start(
                                tmp, "inlet", "--pred", "name='ours-markers'", "--count", "5")) {
            dataPeer.awaitOutput("open", 30);
            markerPeer.awaitOutput("open", 30);
            assertTrue(outlet.waitForConsumers(10 * SECOND));
            assertTrue(markers.waitForConsumers(10 * SECOND));
            final double t0 = LslClock.now();
            final float[][] sent = new float[100][];
            for (int i = 0; i < 100; i++) {
                sent[i] = new float[] {i * 0.1f, -i / 3f, Float.MIN_VALUE * i};
                outlet.pushSample(sent[i], t0 + i / 250.0);
                if (i % 20 == 0) {
                    markers.pushMarker("stimulus " + i / 20 + ", \"left\"", t0 + i / 250.0);
                }
            }
            final JsonNode data = dataPeer.result(30);
            assertEquals("ours", data.get("name").asText());
            assertEquals(outlet.info().uid(), data.get("uid").asText());
            assertEquals("[\"C3\",\"Cz\",\"C4\"]", data.get("labels").toString());
            assertEquals("[\"uV\",\"uV\",\"uV\"]", data.get("units").toString());
            for (int i = 0; i < 100; i++) {
                final JsonNode s = data.get("samples").get(i);
                assertEquals(t0 + i / 250.0, s.get("t").asDouble());
                for (int c = 0; c < 3; c++) {
                    assertEquals(
                            Float.floatToRawIntBits(sent[i][c]),
                            Float.floatToRawIntBits((float) s.get("v").get(c).asDouble()),
                            "sample " + i + " channel " + c);
                }
            }
            // liblsl's clock offset to our outlet: both sides read CLOCK_MONOTONIC
            assertTrue(
                    Math.abs(data.get("time_correction").asDouble()) < 1e-3,
                    "liblsl's time correction " + data.get("time_correction"));
            final JsonNode m = markerPeer.result(30);
            for (int k = 0; k < 5; k++) {
                final JsonNode s = m.get("samples").get(k);
                assertEquals("stimulus " + k + ", \"left\"", s.get("v").get(0).asText());
                assertEquals(t0 + 20 * k / 250.0, s.get("t").asDouble());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldSeeEachOthersStreamsAndAgreeOnTheClock() throws Exception {
        LiblslPeer.python();
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        try (LiblslPeer theirs =
                        LiblslPeer.start(
                                tmp,
                                "outlet",
                                "--name",
                                "theirs stream",
                                "--source-id",
                                "t=1%",
                                "--count",
                                "0",
                                "--timeout",
                                "60",
                                "--linger",
                                "60");
                LslOutlet ours =
                        LslOutlet.open(
                                StreamInfo.builder(
                                                "ours-listed",
                                                "EEG",
                                                2,
                                                0,
                                                ChannelFormat.INT32,
                                                "o")
                                        .build(),
                                config(),
                                problems::add)) {
            // the liblsl outlet's answer to our discovery: lsl list
            String line = null;
            for (int attempt = 0; attempt < 10 && line == null; attempt++) {
                final CommandRun list = CommandRun.of("lsl", "list", "--timeout", "1500ms");
                assertEquals(0, list.exitCode(), list.err());
                line =
                        list.out()
                                .lines()
                                .filter(l -> l.startsWith("name=theirs%20stream "))
                                .findFirst()
                                .orElse(null);
            }
            assertNotNull(line, "lsl list does not show liblsl's outlet");
            assertTrue(
                    line.matches(
                            "name=theirs%20stream type=EEG channels=2 srate=100.0 format=float32"
                                    + " source_id=t%3D1%25 hostname=\\S+ uid=[0-9a-f-]{36}"),
                    line);
            // our outlet's answer to liblsl's resolver
            try (LiblslPeer resolver = LiblslPeer.start(tmp, "resolve", "--timeout", "2")) {
                final JsonNode found = resolver.result(30);
                boolean seen = false;
                for (final JsonNode s : found) {
                    seen |=
                            s.get("name").asText().equals("ours-listed")
                                    && s.get("uid").asText().equals(ours.info().uid());
                }
                assertTrue(seen, "liblsl's resolver does not see our outlet: " + found);
            }
            // our clock offset to the liblsl outlet
            final List<StreamInfo> found =
                    new LslResolver(config(), problems::add)
                            .resolve(StreamQuery.of("name='theirs stream'"), 1, 10 * SECOND);
            assertEquals(1, found.size());
            try (LslInlet inlet = LslInlet.open(found.get(0), config(), 1, false, problems::add)) {
                final double correction = inlet.timeCorrection(10 * SECOND);
                assertTrue(Math.abs(correction) < 1e-3, "our time correction " + correction);
                assertTrue(inlet.clock().latest().uncertainty() < 1e-3);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldRecoverARestartedLiblslOutletCountingTheGap() throws Exception {
        LiblslPeer.python();
        final double base = LslClock.now();
        final Path journal = tmp.resolve("restart");
        final String[] common = {
            "--name",
            "restarting",
            "--source-id",
            "amp-serial-42",
            "--channels",
            "2",
            "--rate",
            "100",
            "--interval",
            "0.01",
            "--count",
            "50",
            "--base",
            String.format(Locale.ROOT, "%.9f", base)
        };
        final LiblslPeer first = LiblslPeer.start(tmp, "outlet", concat(common, "--first", "0"));
        final CommandRun[] run = {null};
        final Thread recorder =
                new Thread(
                        () ->
                                run[0] =
                                        CommandRun.of(
                                                "lsl",
                                                "record",
                                                "--stream",
                                                "restarting",
                                                "--journal",
                                                journal.toString(),
                                                "--duration",
                                                "12s",
                                                "--frame",
                                                "10",
                                                "--session",
                                                "R1"));
        Thread.sleep(1500);
        recorder.start();
        first.result(30);
        first.close();
        // the device comes back with the same source id; samples 50..99 were never sent
        try (LiblslPeer second =
                LiblslPeer.start(tmp, "outlet", concat(common, "--first", "100"))) {
            second.result(30);
            recorder.join(60_000);
        }
        assertNotNull(run[0]);
        assertEquals(0, run[0].exitCode(), run[0].err());
        assertEquals(
                "record: streams=1 marker_streams=0 samples=100 frames=10 markers=0 gaps=1"
                        + " lost_samples=50 overflowed=0 dropped=0",
                run[0].out().strip());
        assertTrue(run[0].err().contains("recovering"), run[0].err());
        final List<Long> sequences = new ArrayList<>();
        final List<Float> firstValues = new ArrayList<>();
        final FrameDecoder d = new FrameDecoder();
        try (JournalReader r = JournalReader.open(journal)) {
            r.readAll(
                    (b, o, l, t) -> {
                        d.wrap(b, o);
                        sequences.add(d.sequence());
                        firstValues.add(d.sample(0, 0));
                    });
            assertNotNull(r.metadata().streams.get(0));
        }
        // 5 frames of 10 before, 50 lost samples would have filled 5 frames, 5 frames after
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 10L, 11L, 12L, 13L, 14L), sequences);
        assertEquals(100 * 0.37f, firstValues.get(5), 1e-3f);
        assertEquals(
                base + 0 + 0.0,
                JournalReader.readMetadata(journal).streams.get(0).lslOrigin,
                1e-3,
                "the origin is the first sample's corrected stamp");
    }

    @Test
    void shouldRecordALiblslStreamWithItsMarkersPaired() throws Exception {
        LiblslPeer.python();
        final Path journal = tmp.resolve("paired");
        final double base = LslClock.now() + 1;
        try (LiblslPeer data =
                        LiblslPeer.start(
                                tmp,
                                "outlet",
                                "--name",
                                "task",
                                "--count",
                                "100",
                                "--interval",
                                "0.01",
                                "--base",
                                String.format(Locale.ROOT, "%.9f", base),
                                "--linger",
                                "1",
                                // kept until the recording's inlet is gone: the outlets do not
                                // vanish mid-recording (that would be a dropped stream, exit 3)
                                "--drain",
                                "30");
                LiblslPeer marks =
                        LiblslPeer.start(
                                tmp,
                                "markers",
                                "--name",
                                "task-markers",
                                "--count",
                                "3",
                                "--interval",
                                "0.2",
                                "--linger",
                                "1",
                                // kept until the recording's inlet is gone: the outlets do not
                                // vanish mid-recording (that would be a dropped stream, exit 3)
                                "--drain",
                                "30")) {
            Thread.sleep(1500);
            final CommandRun run =
                    CommandRun.of(
                            "lsl",
                            "record",
                            "--stream",
                            "task",
                            "--journal",
                            journal.toString(),
                            "--duration",
                            "5s",
                            "--session",
                            "P1");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(
                    run.out().startsWith("record: streams=1 marker_streams=1 samples=100 "),
                    run.out());
            assertTrue(run.out().contains(" markers=3 "), run.out());
            final JsonNode pushed = marks.result(30).get("samples");
            data.result(30);
            final List<MarkerRecord> markers = new ArrayList<>();
            try (JournalReader r = JournalReader.open(journal)) {
                r.readAll((b, o, l, t) -> {}, (m, t) -> markers.add(m));
            }
            assertEquals(3, markers.size());
            final double origin = JournalReader.readMetadata(journal).streams.get(0).lslOrigin;
            for (int k = 0; k < 3; k++) {
                assertEquals("P1/task-markers", markers.get(k).streamId);
                assertEquals("marker-" + k, markers.get(k).label);
                assertEquals(
                        (pushed.get(k).get("t").asDouble() - origin) * 1e9,
                        markers.get(k).timeNs,
                        1e6,
                        "marker " + k + " on the data stream's time line");
            }
            assertEquals(
                    "P1/task", JournalReader.readMetadata(journal).markerStreams.get(0).timeBase);
        }
    }

    private static String[] concat(final String[] a, final String... b) {
        final String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Splits one CSV line as RFC 4180 quotes it. */
    static List<String> splitCsv(final String line) {
        final List<String> out = new ArrayList<>();
        final StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            final char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
