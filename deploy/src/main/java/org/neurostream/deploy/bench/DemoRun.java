package org.neurostream.deploy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.neurostream.deploy.demo.Demo;
import org.neurostream.deploy.latency.LatencySamples;

/**
 * One {@code ./neurostream demo} run as a child process ({@link LauncherRun}) with its latency
 * histograms asked for ({@link Demo#HISTOGRAMS_PROPERTY}): the demo's latency (ingest stamp to a
 * consumer of {@code neuro.predictions}) and its one-hop Kafka floor, one sample per record from
 * the end of the warm-up on ({@code deploy.latency.LatencySamples}), what its {@code demo:
 * measured} line says they rest on (samples, garbage-collection pauses, timer hiccups), and its
 * process CPU over a window. The benchmarks that compare demo runs ({@link DemoLatencyBenchmark},
 * {@link DemoCheckpointBenchmark}) pool these runs' histograms ({@link #pool}) so that a p99 rests
 * on thousands of predictions, not the few worst of one run.
 *
 * @param outcome what the child printed and used
 * @param measured the keys of its {@code demo: measured} line
 * @param latency the demo's latency, microseconds, measured window
 * @param floor its one-hop Kafka floor, microseconds, same window
 */
record DemoRun(
        LauncherRun.Outcome outcome,
        Map<String, String> measured,
        Histogram latency,
        Histogram floor) {
    /**
     * Runs the demo with {@code args} to its end, its CPU sampled at the progress lines of {@code
     * fromSecond} and {@code toSecond}.
     *
     * @throws java.io.IOException when it fails or does not end within {@code timeout}
     */
    static DemoRun run(
            final Path launcher,
            final List<String> args,
            final int fromSecond,
            final int toSecond,
            final Duration timeout)
            throws Exception {
        final LauncherRun.Outcome o =
                LauncherRun.run(
                        launcher,
                        args,
                        List.of("-D" + Demo.HISTOGRAMS_PROPERTY + "=true"),
                        fromSecond,
                        toSecond,
                        timeout);
        final Map<String, String> histograms = keysOf(o, "demo: histograms ");
        return new DemoRun(
                o,
                keysOf(o, "demo: measured "),
                LatencySamples.decode(histograms.get("latency")),
                LatencySamples.decode(histograms.get("kafka_floor")));
    }

    /** The keys of the first line of {@code o} that starts with {@code prefix}. */
    static Map<String, String> keysOf(final LauncherRun.Outcome o, final String prefix) {
        for (final String line : o.lines()) {
            if (line.startsWith(prefix)) {
                return LauncherRun.keys(line.substring(prefix.length()));
            }
        }
        throw new IllegalStateException("the demo printed no line starting with " + prefix);
    }

    /** The latency histograms of {@code runs} merged: microseconds, as {@link LatencySamples}. */
    static Histogram pool(final List<DemoRun> runs, final boolean kafkaFloor) {
        final Histogram pooled = new Histogram(60_000_000L, 3);
        for (final DemoRun r : runs) {
            pooled.add(kafkaFloor ? r.floor : r.latency);
        }
        return pooled;
    }

    /** The value at {@code percentile} of a histogram of microseconds, in ms. */
    static double ms(final Histogram us, final double percentile) {
        return us.getValueAtPercentile(percentile) / 1000.0;
    }

    /** A summary value of the run ({@link LauncherRun.Outcome#value}). */
    double value(final String key) {
        return outcome.value(key);
    }

    /** A value of its {@code demo: measured} line, as printed. */
    String measured(final String key) {
        return measured.get(key);
    }

    /** Garbage-collection pauses in its measured window. */
    int gcPauses() {
        return Integer.parseInt(measured.get("gc_pauses"));
    }

    /** Process CPU seconds over the CPU window. */
    double cpuSeconds() {
        return outcome.cpuSeconds();
    }

    /** Wall seconds of the CPU window. */
    double windowSeconds() {
        return outcome.windowSeconds();
    }

    /**
     * The lines {@code NAME.gc_pauses} and {@code NAME.hiccup_p99_ms} that say what the run's
     * latency tail may owe to pauses and scheduling rather than to the demo.
     */
    List<String> causeLines(final String name) {
        final List<String> lines = new ArrayList<>();
        lines.add(
                String.format(
                        Locale.ROOT,
                        "%s.gc_pauses=%s (total %s ms, longest %s ms, in the measured window; in"
                                + " flight during one: %s of the %s predictions and %s of the %s"
                                + " floor records at or above their p99)",
                        name,
                        measured.get("gc_pauses"),
                        measured.get("gc_pause_total_ms"),
                        measured.get("gc_pause_max_ms"),
                        measured.get("latency_tail_in_gc_pause"),
                        measured.get("latency_tail"),
                        measured.get("kafka_floor_tail_in_gc_pause"),
                        measured.get("kafka_floor_tail")));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "%s.hiccup_p99_ms=%s ms (max %s; how late a thread asking to wake every"
                                + " 5 ms woke, same window)",
                        name,
                        measured.get("hiccup_p99_ms"),
                        measured.get("hiccup_max_ms")));
        return lines;
    }
}
