package org.neurostream.deploy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's end-to-end latency against the two Kafka hops it takes, in one run: {@code
 * ./neurostream demo --duration 30s --no-dashboard} (default settings: at-least-once, checkpoints
 * every second, 5 s warm-up) as a child process, {@code ROUNDS} runs. Per run: the demo's latency
 * p50/p99 (ingest stamp to a consumer of {@code neuro.predictions} holding the prediction), its
 * one-hop Kafka floor p50/p99 (produce to consume on the same broker, same run), and what the demo
 * adds beyond two such hops at p50 and p99 (latency minus twice the floor).
 */
final class DemoLatencyBenchmark {
    private static final int ROUNDS = 2;

    private DemoLatencyBenchmark() {}

    /** The {@code NAME=VALUE UNIT} lines, or one line saying why they were skipped. */
    static List<String> run() throws Exception {
        final Path launcher = LauncherRun.launcher();
        if (launcher == null) {
            return List.of("demo skipped: no launcher (set NEUROSTREAM_HOME)");
        }
        final List<String> lines = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            final LauncherRun.Outcome o =
                    LauncherRun.run(
                            launcher,
                            List.of("demo", "--duration", "30s", "--no-dashboard"),
                            10,
                            25,
                            Duration.ofMinutes(4));
            final double p50 = o.value("latency_p50_ms");
            final double p99 = o.value("latency_p99_ms");
            final double floorP50 = o.value("kafka_floor_p50_ms");
            final double floorP99 = o.value("kafka_floor_p99_ms");
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "demo.round%d.latency_p50_ms=%.3f ms (p99 %.3f; ingest stamp to"
                                    + " prediction consumer, 2 Kafka hops)",
                            round,
                            p50,
                            p99));
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "demo.round%d.kafka_floor_p50_ms=%.3f ms (p99 %.3f; one hop, same run)",
                            round,
                            floorP50,
                            floorP99));
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "demo.round%d.added_over_two_hops_p99_ms=%.3f ms (p50 %.3f; latency"
                                    + " minus twice the floor; target p99 <= 3)",
                            round,
                            p99 - 2 * floorP99,
                            p50 - 2 * floorP50));
        }
        return lines;
    }
}
