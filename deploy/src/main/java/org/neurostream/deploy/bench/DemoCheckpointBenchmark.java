package org.neurostream.deploy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What a checkpoint every second adds to the demo's latency and CPU: {@code ./neurostream demo
 * --duration 40s --warmup 15s --no-dashboard --delivery at-least-once} as a child process ({@link
 * DemoRun}), without checkpoints ({@code --checkpoint-interval 0}) and with one every second
 * ({@code 1s}), in {@link #PAIRS} pairs whose order alternates (without first, then with first,
 * ...) so that a drift of the machine's load weighs on both sides alike. Per side the runs' latency
 * histograms (one sample per prediction after the warm-up, as {@code bench --only demo} times them)
 * are pooled, and {@code state.demo.checkpoint_added_p99_ms} is the pooled p99 with minus the
 * pooled p99 without; per pair the same difference, the one-hop Kafka floor of each run (what the
 * machine gave that run, checkpoints or not), the process CPU between the 15 s and 35 s progress
 * lines, and each run's GC pauses and timer hiccups in its measured window, so that a tail owed to
 * the machine shows as such. At-least-once on both sides, so that the latency is the path's and not
 * the wait for a transaction to commit (with exactly-once a read_committed consumer sees a
 * prediction only after the next checkpoint). Six runs of about 55 s each: about 5.5 minutes. With
 * the system property {@value #UNALIGNED_PROPERTY} set to true the runs with checkpoints take
 * unaligned ones.
 */
final class DemoCheckpointBenchmark {
    /** Pairs of runs, one without and one with checkpoints each. */
    static final int PAIRS = 3;

    private static final List<String> INTERVALS = List.of("0", "1s");
    private static final List<String> SIDES = List.of("without", "with");
    private static final int CPU_FROM_SECOND = 15;
    private static final int CPU_TO_SECOND = 35;

    /**
     * A system property: when true, the runs with checkpoints take unaligned ones ({@code -D
     * neurostream.checkpoint-unaligned=true}), to weigh that setting against the default.
     */
    static final String UNALIGNED_PROPERTY = "neurostream.bench.checkpoint-unaligned";

    private DemoCheckpointBenchmark() {}

    /** The {@code NAME=VALUE UNIT} lines, or one line saying why they were skipped. */
    static List<String> run() throws Exception {
        final Path launcher = LauncherRun.launcher();
        if (launcher == null) {
            return List.of("state.demo skipped: no launcher (set NEUROSTREAM_HOME)");
        }
        final long start = System.nanoTime();
        final List<String> lines = new ArrayList<>();
        final List<List<DemoRun>> sides = List.of(new ArrayList<>(), new ArrayList<>());
        final double[] addedPerPair = new double[PAIRS];
        for (int pair = 0; pair < PAIRS; pair++) {
            final int first = pair % 2;
            final DemoRun[] runs = new DemoRun[2];
            for (int k = 0; k < 2; k++) {
                final int side = first ^ k;
                runs[side] =
                        DemoRun.run(
                                launcher,
                                args(INTERVALS.get(side)),
                                CPU_FROM_SECOND,
                                CPU_TO_SECOND,
                                Duration.ofMinutes(4));
                sides.get(side).add(runs[side]);
            }
            addedPerPair[pair] = p99(runs[1].latency()) - p99(runs[0].latency());
            lines.addAll(pairLines(pair + 1, SIDES.get(first), runs, addedPerPair[pair]));
        }
        lines.addAll(pooledLines(sides, addedPerPair));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "state.demo.wall_s=%.0f s (%d demo runs of 40 s, start and stop included)",
                        (System.nanoTime() - start) / 1e9,
                        2 * PAIRS));
        return lines;
    }

    private static List<String> args(final String interval) {
        final List<String> args = new ArrayList<>(demoArgs(interval));
        if (!interval.equals("0") && Boolean.getBoolean(UNALIGNED_PROPERTY)) {
            args.addAll(List.of("-D", "neurostream.checkpoint-unaligned=true"));
        }
        return args;
    }

    private static List<String> demoArgs(final String interval) {
        return List.of(
                "demo",
                "--duration",
                "40s",
                "--warmup",
                "15s",
                "--no-dashboard",
                "--delivery",
                "at-least-once",
                "--checkpoint-interval",
                interval);
    }

    private static List<String> pairLines(
            final int pair, final String first, final DemoRun[] runs, final double added) {
        final String name = "state.demo.pair" + pair;
        final List<String> lines = new ArrayList<>();
        lines.add(
                String.format(
                        Locale.ROOT,
                        "%s.latency_p99_ms=%.3f / %.3f ms (demo latency p99 without / with a"
                                + " checkpoint every second; p50 %.3f / %.3f; over %d / %d"
                                + " predictions; %s ran first)",
                        name,
                        p99(runs[0].latency()),
                        p99(runs[1].latency()),
                        DemoRun.ms(runs[0].latency(), 50),
                        DemoRun.ms(runs[1].latency(), 50),
                        runs[0].latency().getTotalCount(),
                        runs[1].latency().getTotalCount(),
                        first));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "%s.added_p99_ms=%.3f ms (this pair's p99 with minus without)",
                        name,
                        added));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "%s.kafka_floor_p99_ms=%.3f / %.3f ms (one hop in the same runs, no job on"
                                + " it: how far the machine treated both runs alike)",
                        name,
                        p99(runs[0].floor()),
                        p99(runs[1].floor())));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "%s.cpu_cores=%.3f / %.3f cores (demo process CPU from %d s to %d s:"
                                + " without / with checkpoints)",
                        name,
                        runs[0].cpuSeconds() / runs[0].windowSeconds(),
                        runs[1].cpuSeconds() / runs[1].windowSeconds(),
                        CPU_FROM_SECOND,
                        CPU_TO_SECOND));
        for (int side = 0; side < 2; side++) {
            lines.addAll(runs[side].causeLines(name + "." + SIDES.get(side)));
        }
        return lines;
    }

    private static List<String> pooledLines(
            final List<List<DemoRun>> sides, final double[] addedPerPair) {
        final Histogram without = DemoRun.pool(sides.get(0), false);
        final Histogram with = DemoRun.pool(sides.get(1), false);
        final Histogram floorWithout = DemoRun.pool(sides.get(0), true);
        final Histogram floorWith = DemoRun.pool(sides.get(1), true);
        final double low = Arrays.stream(addedPerPair).min().orElse(Double.NaN);
        final double high = Arrays.stream(addedPerPair).max().orElse(Double.NaN);
        final List<String> lines = new ArrayList<>();
        lines.add(
                String.format(
                        Locale.ROOT,
                        "state.demo.latency_p99_ms=%.3f / %.3f ms (without / with a checkpoint"
                                + " every second, %d runs a side pooled; p50 %.3f / %.3f; over %d"
                                + " / %d predictions)",
                        p99(without),
                        p99(with),
                        PAIRS,
                        DemoRun.ms(without, 50),
                        DemoRun.ms(with, 50),
                        without.getTotalCount(),
                        with.getTotalCount()));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "state.demo.kafka_floor_p99_ms=%.3f / %.3f ms (one hop in the same runs,"
                                + " pooled: what the machine gave each side)",
                        p99(floorWithout),
                        p99(floorWith)));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "state.demo.checkpoint_added_p99_ms=%.3f ms (pooled p99 with minus pooled"
                                + " p99 without; per pair %.3f to %.3f; p50 %+.3f; GC pauses in"
                                + " the measured windows %d / %d; checkpoints %s; target < 2)",
                        p99(with) - p99(without),
                        low,
                        high,
                        DemoRun.ms(with, 50) - DemoRun.ms(without, 50),
                        pauses(sides.get(0)),
                        pauses(sides.get(1)),
                        Boolean.getBoolean(UNALIGNED_PROPERTY) ? "unaligned" : "aligned"));
        final double coresWithout = cores(sides.get(0));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "state.demo.checkpoint_cpu_fraction=%.3f (added demo process CPU / CPU"
                                + " without checkpoints, %d runs a side pooled: %.3f / %.3f"
                                + " cores)",
                        (cores(sides.get(1)) - coresWithout) / coresWithout,
                        PAIRS,
                        coresWithout,
                        cores(sides.get(1))));
        return lines;
    }

    private static double p99(final Histogram us) {
        return DemoRun.ms(us, 99);
    }

    private static int pauses(final List<DemoRun> runs) {
        int n = 0;
        for (final DemoRun r : runs) {
            n += r.gcPauses();
        }
        return n;
    }

    /** CPU seconds over window seconds, summed over {@code runs}. */
    private static double cores(final List<DemoRun> runs) {
        double cpu = 0;
        double wall = 0;
        for (final DemoRun r : runs) {
            cpu += r.cpuSeconds();
            wall += r.windowSeconds();
        }
        return cpu / wall;
    }
}
