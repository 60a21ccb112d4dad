package org.neurostream.deploy.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.core.frame.Modality;
import org.neurostream.deploy.cli.CliRun;
import org.neurostream.ingest.bridge.FrameBridge;
import org.neurostream.ingest.bridge.Pacing;
import org.neurostream.ingest.bridge.SampleSource;
import org.neurostream.ingest.journal.JournalSummary;

/**
 * {@code record --from-kafka} without {@code --bootstrap}: it starts the embedded broker on the
 * given port and a sender's frames reach the journal; after kill -9 of that recorder (its broker
 * dies with it), a second run on the same journal and port finds the broker's data again, resumes
 * after the last frame journaled and records what comes next.
 */
class RecordEmbeddedBrokerIT {
    @TempDir Path tmp;

    @Test
    void shouldRecordWhatSendersGiveTheEmbeddedBrokerAndResumeOnIt() throws Exception {
        final int port = freePortPair();
        final Path journal = tmp.resolve("session");

        final Path log = tmp.resolve("recorder.log");
        final Process first =
                RecorderProcess.start(
                        log,
                        "--from-kafka",
                        "--journal",
                        journal.toString(),
                        "--port",
                        Integer.toString(port));
        try {
            awaitListening(port, first::isAlive);
            send(port, "E1", 40);
            RecorderProcess.awaitFrames(journal, 40, first);
        } finally {
            first.destroyForcibly();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        }
        final String out1 = Files.readString(log);
        assertTrue(
                out1.contains("record: Kafka at 127.0.0.1:" + port + " (embedded, data in "), out1);
        assertTrue(out1.contains("record: new journal"), out1);
        assertTrue(Files.isDirectory(tmp.resolve("session.kafka")), "broker data beside it");

        final CompletableFuture<CliRun> second =
                CompletableFuture.supplyAsync(
                        () ->
                                CliRun.of(
                                        "record",
                                        "--from-kafka",
                                        "--journal",
                                        journal.toString(),
                                        "--port",
                                        Integer.toString(port),
                                        "--idle-exit",
                                        "3s"));
        awaitListening(port, () -> !second.isDone());
        send(port, "E2", 25);
        final CliRun run2 = second.get(90, TimeUnit.SECONDS);
        assertEquals(0, run2.exitCode(), run2.err() + run2.out());
        assertTrue(run2.out().contains("record: resuming journal"), run2.out());
        // the first run's 40 frames are still in the broker's log: none is journaled twice
        // (each sender's stream ends with its end-of-stream frame: 40 + 1 + 25 + 1)
        assertTrue(run2.out().contains(": 67 frames, 0 records"), run2.out());
        assertEquals(67, JournalSummary.scan(journal).frames());
    }

    /** 8-channel frames of 10 samples from a sender of its own, as a lab's acquisition would. */
    private static void send(final int port, final String session, final int frames)
            throws IOException {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", "127.0.0.1:" + port);
        p.setProperty("linger.ms", "0");
        p.setProperty("max.block.ms", "20000");
        p.setProperty("delivery.timeout.ms", "20000");
        p.setProperty("request.timeout.ms", "10000");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            new FrameBridge(producer, Modality.EEG, session, "eeg")
                    .run(ramp(frames * 10), 10, Pacing.parse("max"));
            producer.flush();
        }
    }

    private static SampleSource ramp(final int samples) {
        return new SampleSource() {
            private int at;

            @Override
            public int channelCount() {
                return 8;
            }

            @Override
            public double sampleRate() {
                return 250;
            }

            @Override
            public void close() {}

            @Override
            public int read(final float[] dst, final int maxSamples) {
                final int n = Math.min(maxSamples, samples - at);
                for (int i = 0; i < n * 8; i++) {
                    dst[i] = at + i;
                }
                at += n;
                return n;
            }
        };
    }

    private static void awaitListening(final int port, final BooleanSupplier running) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!running.getAsBoolean()) {
                fail("record ended before its broker listened on " + port);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (final IOException e) {
                try {
                    Thread.sleep(100);
                } catch (final InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        fail("the embedded broker did not listen on " + port);
    }

    /** A port whose next port is free too (the controller's). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            final int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            if (port < 65535) {
                try (ServerSocket next = new ServerSocket(port + 1)) {
                    return port;
                } catch (final IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two free neighbouring ports");
    }
}
