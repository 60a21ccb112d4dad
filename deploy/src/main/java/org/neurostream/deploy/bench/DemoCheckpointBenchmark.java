package org.neurostream.deploy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What checkpoints every second add to the demo: {@code ./neurostream demo --duration 40s --warmup
 * 10s --no-dashboard --delivery at-least-once} run as a child process, without checkpoints ({@code
 * --checkpoint-interval 0}) and with one every second ({@code 1s}), two rounds alternating. Per
 * run: the demo's own latency percentiles (ingest stamp to a consumer of {@code neuro.predictions}
 * holding the prediction, after the warm-up) and the process CPU between its 10 s and 35 s progress
 * lines (the broker, the MiniCluster, the bridges and the monitors: the whole demo). At-least-once
 * in both, so that the latency is the path's and not the wait for a transaction to commit (with
 * exactly-once a read_committed consumer sees a prediction only after the next checkpoint).
 */
final class DemoCheckpointBenchmark {
    private static final int ROUNDS = 2;
    private static final List<String> INTERVALS = List.of("0", "1s");

    private DemoCheckpointBenchmark() {}

    /** The {@code NAME=VALUE UNIT} lines, or one line saying why they were skipped. */
    static List<String> run() throws Exception {
        final Path launcher = LauncherRun.launcher();
        if (launcher == null) {
            return List.of("state.demo skipped: no launcher (set NEUROSTREAM_HOME)");
        }
        final double[][] p50 = new double[ROUNDS][2];
        final double[][] p99 = new double[ROUNDS][2];
        final double[][] cores = new double[ROUNDS][2];
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < INTERVALS.size(); i++) {
                final LauncherRun.Outcome o =
                        LauncherRun.run(
                                launcher,
                                List.of(
                                        "demo",
                                        "--duration",
                                        "40s",
                                        "--warmup",
                                        "10s",
                                        "--no-dashboard",
                                        "--delivery",
                                        "at-least-once",
                                        "--checkpoint-interval",
                                        INTERVALS.get(i)),
                                10,
                                35,
                                Duration.ofMinutes(5));
                p50[round][i] = o.value("latency_p50_ms");
                p99[round][i] = o.value("latency_p99_ms");
                cores[round][i] = o.cores();
            }
        }
        final List<String> lines = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "state.demo.round%d.latency_p99_ms=%.3f / %.3f ms (demo latency p99"
                                    + " without checkpoints / with one every second; p50 %.3f /"
                                    + " %.3f)",
                            round + 1,
                            p99[round][0],
                            p99[round][1],
                            p50[round][0],
                            p50[round][1]));
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "state.demo.round%d.cpu_cores=%.3f / %.3f cores (demo process CPU"
                                    + " from 10 s to 35 s: without / with checkpoints)",
                            round + 1,
                            cores[round][0],
                            cores[round][1]));
        }
        lines.add(
                String.format(
                        Locale.ROOT,
                        "state.demo.checkpoint_added_p99_ms=%.3f ms (mean over %d rounds of p99"
                                + " with minus p99 without; target < 2)",
                        meanDifference(p99),
                        ROUNDS));
        final double without = mean(cores, 0);
        lines.add(
                String.format(
                        Locale.ROOT,
                        "state.demo.checkpoint_cpu_fraction=%.3f (added demo process CPU / CPU"
                                + " without checkpoints, mean of %d rounds)",
                        (mean(cores, 1) - without) / without,
                        ROUNDS));
        return lines;
    }

    private static double meanDifference(final double[][] values) {
        return mean(values, 1) - mean(values, 0);
    }

    private static double mean(final double[][] values, final int column) {
        double sum = 0;
        for (final double[] v : values) {
            sum += v[column];
        }
        return sum / values.length;
    }
}
