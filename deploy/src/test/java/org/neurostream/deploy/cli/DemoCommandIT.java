package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo as a user runs it, shortened: real broker, MiniCluster, bridges and the summary line.
 */
class DemoCommandIT {
    /** The keys of the demo's summary line, in order (live's line starts with them too). */
    static final java.util.List<String> SUMMARY_KEYS =
            java.util.List.of(
                    "frames",
                    "features",
                    "predictions",
                    "deadletter",
                    "latency_p50_ms",
                    "latency_p99_ms",
                    "kafka_floor_p50_ms",
                    "kafka_floor_p99_ms",
                    "bde",
                    "avalanches",
                    "motifs",
                    "calcium_events",
                    "closed_loop",
                    "closed_loop_p50_us",
                    "closed_loop_p99_us",
                    "alerts",
                    "decoder_accuracy",
                    "models");

    /**
     * The keys and numbers of the last line of {@code out}, {@code summary: k=v k=v ...} (null
     * where the value is not a number: {@code models}, a {@code decoder_accuracy} of null).
     */
    static Map<String, Double> summary(final String out) {
        final String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("summary: "), out);
        final Map<String, Double> summary = new LinkedHashMap<>();
        for (final String pair : last.substring("summary: ".length()).split(" ")) {
            final String[] kv = pair.split("=", 2);
            summary.put(
                    kv[0], kv[1].matches("-?[0-9.]+(E-?[0-9]+)?") ? Double.valueOf(kv[1]) : null);
        }
        return summary;
    }

    /** The text of {@code key} in the summary line of {@code out}. */
    static String value(final String out, final String key) {
        final String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
        for (final String pair : last.split(" ")) {
            if (pair.startsWith(key + "=")) {
                return pair.substring(key.length() + 1);
            }
        }
        throw new AssertionError("no " + key + " in " + last);
    }

    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));

    @Test
    void shouldEndWithASummaryLineThatHasPredictionsAndLatencies() {
        final CommandRun run =
                CommandRun.of(
                        "demo",
                        "--duration",
                        "8s",
                        "--speed",
                        "4",
                        "--warmup",
                        "1s",
                        "--replay-data",
                        HOME.resolve("replay-data").toString(),
                        "--alerts",
                        HOME.resolve("replay-data/alerts/example.yaml").toString());
        assertEquals(0, run.exitCode(), run.err());
        final String last = run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        final Map<String, Double> summary = summary(run.out());
        assertEquals(SUMMARY_KEYS, java.util.List.copyOf(summary.keySet()));
        final String models = value(run.out(), "models");
        assertTrue(summary.get("frames") > 0);
        // the shipped decoder alone decoded; its accuracy on the few trials of a short demo is a
        // share (DecoderScoreTest holds the scoring to evaluate-decoder's)
        assertEquals("left-right@0:" + summary.get("predictions").longValue(), models, last);
        assertTrue(
                summary.get("decoder_accuracy") >= 0 && summary.get("decoder_accuracy") <= 1, last);
        assertTrue(summary.get("predictions") > 0, last);
        assertEquals(0.0, summary.get("deadletter"));
        // every band-power record of an EEG stream carries band differential entropy, and reaches
        // the decoder
        assertEquals(summary.get("predictions"), summary.get("bde"), last);
        assertTrue(summary.get("avalanches") > 0, last);
        assertTrue(summary.get("motifs") > 0, "the moving bars' sweeps are detected: " + last);
        assertTrue(summary.get("calcium_events") > 0, last);
        // every prediction also reaches the closed-loop reader, through the IPC ring
        assertEquals(summary.get("predictions"), summary.get("closed_loop"), last);
        assertTrue(
                summary.get("closed_loop_p50_us") > 0
                        && summary.get("closed_loop_p50_us") <= summary.get("closed_loop_p99_us"),
                last);
        assertTrue(
                summary.get("features") > summary.get("bde"),
                "avalanches count as features too: " + last);
        assertTrue(
                summary.get("latency_p50_ms") > 0
                        && summary.get("latency_p50_ms") <= summary.get("latency_p99_ms"),
                last);
        assertTrue(summary.get("kafka_floor_p50_ms") > 0, last);
        // the example's gamma rule fires on S001R04 at 8.5 s of its recording (32 s replayed)
        assertTrue(summary.get("alerts") > 0, last);
        assertTrue(
                run.out().contains("demo: alert warning gamma-high on S001R04/eeg: "), run.out());
    }
}
