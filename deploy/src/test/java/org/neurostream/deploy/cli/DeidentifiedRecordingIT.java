package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.Topics;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.ingest.edf.EdfWriter;

/**
 * A recording with a patient's name, hospital number and birth date in its EDF header, and the
 * patient's name in its file name: by default the journal it is recorded into, and the Kafka
 * records replayed from that journal, hold none of them, searched byte for byte; with {@code
 * --keep-identifiers} the journal does (so the search finds what is there).
 */
class DeidentifiedRecordingIT {
    private static final String PATIENT = "MCH-0234567 F 02-MAY-1951 Jane_Doe";
    private static final List<String> IDENTIFYING =
            List.of("Jane_Doe", "MCH-0234567", "02-MAY-1951", "jane-doe", "Dr_Who");

    @TempDir Path dir;

    @Test
    void shouldKeepThePatientOutOfJournalsAndKafkaUnlessToldToKeepIdentifiers() throws Exception {
        final Path edf = dir.resolve("jane-doe_rest.edf");
        final float[][] signal = new float[2][256 * 4];
        for (int i = 0; i < signal[0].length; i++) {
            signal[0][i] = (float) (50 * Math.sin(i / 10.0));
            signal[1][i] = (float) (30 * Math.cos(i / 7.0));
        }
        EdfWriter.write(
                edf,
                new EdfWriter.Header(
                        List.of("C3", "C4"),
                        256,
                        "uV",
                        -100,
                        100,
                        -32768,
                        32767,
                        "",
                        "EEG-0042 Dr_Who BCI2000",
                        LocalDateTime.of(2024, 3, 1, 9, 0),
                        PATIENT),
                signal,
                List.of());
        assertTrue(found(List.of(edf)).size() == IDENTIFYING.size(), "the file has them all");

        final Path journal = dir.resolve("journal");
        final CommandRun record =
                CommandRun.of(
                        "record",
                        "--input",
                        edf.toString(),
                        "--journal",
                        journal.toString(),
                        "--identifier",
                        "jane-doe",
                        "--speed",
                        "max");
        assertEquals(0, record.exitCode(), record.err());
        assertEquals(
                1,
                record.out().lines().filter(l -> l.contains("pseudonym")).count(),
                "says so once: " + record.out());
        assertEquals(List.of(), found(files(journal)), "identifiers in the journal");

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
            broker.createTopics(1, Topics.RAW.toArray(new String[0]));
            final CommandRun replay =
                    CommandRun.of(
                            "replay",
                            "--journal",
                            journal.toString(),
                            "--to-kafka",
                            broker.bootstrapServers());
            assertEquals(0, replay.exitCode(), replay.err());
            final List<byte[]> records = readAll(broker.bootstrapServers());
            assertTrue(records.size() > 2, "the frames arrived: " + records.size() / 2);
            for (final byte[] bytes : records) {
                assertEquals(List.of(), found(bytes), "identifiers in a Kafka record");
            }
        }

        final Path kept = dir.resolve("kept");
        final CommandRun keep =
                CommandRun.of(
                        "record",
                        "--input",
                        edf.toString(),
                        "--journal",
                        kept.toString(),
                        "--keep-identifiers",
                        "--speed",
                        "max");
        assertEquals(0, keep.exitCode(), keep.err());
        assertTrue(found(files(kept)).containsAll(List.of("Jane_Doe", "jane-doe")), "kept");
    }

    /** Keys, values and headers of every record on the raw topics, each as bytes. */
    private static List<byte[]> readAll(final String bootstrap) {
        final List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                KafkaClients.plaintext()
                        .consumer(
                                bootstrap,
                                Map.of(
                                        "group.id",
                                        "deidentified-it",
                                        "auto.offset.reset",
                                        "earliest"))) {
            c.subscribe(Topics.RAW);
            final long quiet = Duration.ofSeconds(5).toNanos();
            long last = System.nanoTime();
            while (System.nanoTime() - last < quiet) {
                for (final ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    last = System.nanoTime();
                    out.add(r.key() == null ? new byte[0] : r.key());
                    final StringBuilder headers = new StringBuilder(r.topic());
                    for (final Header h : r.headers()) {
                        headers.append(h.key())
                                .append(new String(h.value(), StandardCharsets.ISO_8859_1));
                    }
                    final byte[] value = r.value();
                    final byte[] h = headers.toString().getBytes(StandardCharsets.ISO_8859_1);
                    final byte[] both = new byte[value.length + h.length];
                    System.arraycopy(value, 0, both, 0, value.length);
                    System.arraycopy(h, 0, both, value.length, h.length);
                    out.add(both);
                }
            }
        }
        return out;
    }

    private static List<Path> files(final Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** Which identifying strings occur in the files, as bytes (names included). */
    private static List<String> found(final List<Path> files) {
        final List<String> hits = new ArrayList<>();
        for (final Path f : files) {
            try {
                for (final String s : found(Files.readAllBytes(f))) {
                    hits.add(s);
                }
                for (final String s : found(f.toString().getBytes(StandardCharsets.UTF_8))) {
                    hits.add(s);
                }
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return hits.stream().distinct().toList();
    }

    private static List<String> found(final byte[] bytes) {
        // ISO-8859-1 maps each byte to one char, so indexOf searches the bytes themselves
        final String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return IDENTIFYING.stream().filter(text::contains).toList();
    }
}
