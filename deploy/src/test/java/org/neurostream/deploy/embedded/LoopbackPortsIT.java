package org.neurostream.deploy.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.ingest.lsl.ChannelFormat;
import org.neurostream.ingest.lsl.ClockOffset;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.ingest.lsl.LslOutlet;
import org.neurostream.ingest.lsl.LslResolver;
import org.neurostream.ingest.lsl.StreamInfo;

/**
 * Every port the embedded runtime opens (the broker's listeners and controller, the MiniCluster's
 * REST, RPC, blob and data ports), an LSL outlet without a configuration file (its data, service
 * and discovery ports) and the UDP sockets of LSL clients (a resolver's, a clock probe's) under the
 * loopback configuration are bound to 127.0.0.1, read from the kernel's own tables.
 */
class LoopbackPortsIT {
    @TempDir Path dir;

    @Test
    void shouldOpenEveryPortOnLoopbackOnly() throws Exception {
        assumeTrue(ListeningSockets.available(), "needs Linux's /proc");
        final List<String> before = ListeningSockets.of("self");
        final List<String> problems = new ArrayList<>();
        final StreamInfo info =
                StreamInfo.builder("ports", "EEG", 1, 100, ChannelFormat.FLOAT32, "ports").build();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(dir, 1);
                LslOutlet outlet = LslOutlet.open(info, LslConfig.defaults(), problems::add)) {
            final List<String> open = ListeningSockets.of("self");
            open.removeAll(before);
            System.out.println("LoopbackPortsIT: " + open);
            assertTrue(open.size() >= 6, "the broker, Flink and the outlet listen: " + open);
            assertTrue(open.stream().anyMatch(s -> s.startsWith("udp ")), "the outlet: " + open);
            for (final String socket : open) {
                assertTrue(
                        socket.replace("udp ", "").startsWith("127.0.0.1:"),
                        "not on loopback: " + socket + " of " + open);
            }
        }
    }

    @Test
    void shouldOpenALocalEnvironmentsPortsOnLoopbackOnly() throws Exception {
        assumeTrue(ListeningSockets.available(), "needs Linux's /proc");
        final List<String> before = ListeningSockets.of("self");
        // as the journal replay starts its job
        final StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(
                        EmbeddedRuntime.onLoopback(new Configuration()));
        env.fromSequence(0, Long.MAX_VALUE).filter(x -> x < 0).sinkTo(new DiscardingSink<>());
        final JobClient job = env.executeAsync("loopback-ports");
        try {
            final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (job.getJobStatus().get() != JobStatus.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            final List<String> open = ListeningSockets.of("self");
            open.removeAll(before);
            System.out.println("LoopbackPortsIT, local environment: " + open);
            assertTrue(open.size() >= 2, "REST and the blob server: " + open);
            for (final String socket : open) {
                assertTrue(socket.startsWith("127.0.0.1:"), "not on loopback: " + socket + open);
            }
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void shouldBindLslClientSocketsToTheConfiguredListenAddress() throws Exception {
        assumeTrue(ListeningSockets.available(), "needs Linux's /proc");
        final LslConfig loopback = LslConfig.loopback();
        final List<String> problems = new ArrayList<>();
        final StreamInfo info =
                StreamInfo.builder("clients", "EEG", 1, 100, ChannelFormat.FLOAT32, "clients")
                        .build();
        try (LslOutlet outlet = LslOutlet.open(info, loopback, problems::add)) {
            final List<String> before = ListeningSockets.of("self");
            // a resolver holds its three sockets for the whole timeout; a clock probe until closed
            final CompletableFuture<List<StreamInfo>> resolved =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return new LslResolver(loopback, problems::add)
                                            .resolveAll(TimeUnit.SECONDS.toNanos(3));
                                } catch (final java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
            final InetSocketAddress service =
                    new InetSocketAddress("127.0.0.1", outlet.info().v4servicePort());
            try (ClockOffset clock = new ClockOffset(loopback, service, "ports")) {
                final List<String> open = new ArrayList<>();
                final long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (open.size() < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    open.clear();
                    open.addAll(ListeningSockets.of("self"));
                    open.removeAll(before);
                }
                System.out.println("LoopbackPortsIT, LSL clients: " + open);
                assertTrue(open.size() >= 4, "the resolver's three and the clock probe's: " + open);
                for (final String socket : open) {
                    assertTrue(
                            socket.startsWith("udp 127.0.0.1:"),
                            "an LSL client socket not on loopback: " + socket + " of " + open);
                }
                assertTrue(
                        clock.await(TimeUnit.SECONDS.toNanos(5)) != null,
                        "the clock probe, bound to loopback, still reaches the outlet");
            }
            assertTrue(
                    resolved.get().stream().anyMatch(s -> s.uid().equals(outlet.info().uid())),
                    "the resolver, bound to loopback, still finds the outlet");
        }
    }
}
