package org.neurostream.deploy.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What {@code live} adds beyond the demo's Kafka path, in one run: {@code ./neurostream lsl play
 * replay-data/eeg/S001R04.edf --name bench-live --chunk 1 --loop} (64 channels at 160 Hz, one
 * sample a push, as an amplifier sends them) and {@code ./neurostream live --lsl bench-live
 * --duration 40s --warmup 10s --no-dashboard --delivery at-least-once} (the shipped decoder), both
 * child processes on 127.0.0.1 with the loopback configuration. From {@code live}'s output: the
 * demo's Kafka path ({@code latency_*}: the bridge's ingest stamp to a consumer of {@code
 * neuro.predictions} holding the prediction), {@code lsl_in_*} (the LSL time of a window's last
 * sample to the push of its prediction on the LSL outlet) and {@code lsl_front_*} (that LSL time to
 * the ingest stamp of the frame that carried the sample: the LSL hop, the inlet and the bridge,
 * what {@code live} adds in front of the Kafka path; behind it the outlet push takes the place of
 * the second Kafka hop, inside {@code lsl_in}). {@code live.added_p99_ms} is the p99 of {@code
 * lsl_front}, per prediction; the target is under 5 ms.
 */
final class LiveLatencyBenchmark {
    private static final String STREAM = "bench-live";
    private static final String RECORDING = "replay-data/eeg/S001R04.edf";

    private LiveLatencyBenchmark() {}

    /** The {@code NAME=VALUE UNIT} lines, or one line saying why they were skipped. */
    static List<String> run() throws Exception {
        final Path launcher = LauncherRun.launcher();
        if (launcher == null) {
            return List.of("live skipped: no launcher (set NEUROSTREAM_HOME)");
        }
        final Path edf = launcher.resolveSibling(RECORDING);
        if (!Files.isRegularFile(edf)) {
            return List.of("live skipped: no " + edf);
        }
        final Process player =
                LauncherRun.start(
                        launcher,
                        List.of(
                                "lsl",
                                "play",
                                edf.toString(),
                                "--name",
                                STREAM,
                                "--chunk",
                                "1",
                                "--loop"));
        try {
            awaitServing(player);
            final LauncherRun.Outcome o =
                    LauncherRun.run(
                            launcher,
                            List.of(
                                    "live",
                                    "--lsl",
                                    STREAM,
                                    "--duration",
                                    "40s",
                                    "--warmup",
                                    "10s",
                                    "--no-dashboard",
                                    "--delivery",
                                    "at-least-once"),
                            10,
                            35,
                            Duration.ofMinutes(5));
            final Map<String, String> front =
                    o.lines().stream()
                            .filter(l -> l.startsWith("live: lsl_front_p50_ms="))
                            .findFirst()
                            .map(l -> LauncherRun.keys(l.substring("live: ".length())))
                            .orElse(Map.of());
            final String load =
                    String.format(
                            Locale.ROOT,
                            "%s predictions, %s LSL samples, %s gaps",
                            o.summary().get("predictions"),
                            o.summary().get("lsl_samples"),
                            o.summary().get("lsl_gaps"));
            return List.of(
                    "live.kafka_path_p50_ms="
                            + o.summary().get("latency_p50_ms")
                            + " ms (the demo's path in this run: ingest stamp to a consumer of"
                            + " neuro.predictions; "
                            + load
                            + ")",
                    "live.kafka_path_p99_ms=" + o.summary().get("latency_p99_ms") + " ms",
                    "live.lsl_in_p50_ms="
                            + o.summary().get("lsl_in_p50_ms")
                            + " ms (LSL time of a window's last sample to the push of its"
                            + " prediction on the outlet)",
                    "live.lsl_in_p99_ms=" + o.summary().get("lsl_in_p99_ms") + " ms",
                    "live.added_p50_ms="
                            + front.get("lsl_front_p50_ms")
                            + " ms (that LSL time to the ingest stamp of its frame: the LSL hop,"
                            + " the inlet and the bridge, in front of the Kafka path)",
                    "live.added_p99_ms=" + front.get("lsl_front_p99_ms") + " ms (target < 5)",
                    String.format(
                            Locale.ROOT,
                            "live.cpu_cores=%.3f cores (live's process from 10 s to 35 s)",
                            o.cores()));
        } finally {
            player.destroy();
            if (!player.waitFor(10, TimeUnit.SECONDS)) {
                player.destroyForcibly();
            }
        }
    }

    /** Waits for the player's first {@code serving:} line; its output is drained after that. */
    private static void awaitServing(final Process player) throws IOException {
        final BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(player.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("serving: ")) {
                CompletableFuture.runAsync(() -> in.lines().forEach(l -> {}));
                return;
            }
        }
        throw new IOException("lsl play ended before it served " + STREAM);
    }
}
