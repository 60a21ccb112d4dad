package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the benchmarks that run the launcher read what it printed. */
class LauncherRunTest {
    @Test
    void shouldReadTheKeysOfASummaryLineInOrder() {
        final Map<String, String> keys =
                LauncherRun.keys(
                        "frames=5689 latency_p99_ms=27.759 decoder_accuracy=null"
                                + " models=left-right@0:336");
        assertEquals(
                List.of("frames", "latency_p99_ms", "decoder_accuracy", "models"),
                List.copyOf(keys.keySet()));
        assertEquals("left-right@0:336", keys.get("models"));
    }

    @Test
    void shouldGiveNanForAKeyThatIsAbsentOrNotANumber() {
        final LauncherRun.Outcome o =
                new LauncherRun.Outcome(
                        List.of(),
                        LauncherRun.keys("latency_p99_ms=27.759 decoder_accuracy=null"),
                        2.0,
                        4.0);
        assertEquals(27.759, o.value("latency_p99_ms"));
        assertTrue(Double.isNaN(o.value("decoder_accuracy")));
        assertTrue(Double.isNaN(o.value("lsl_in_p99_ms")));
        assertEquals(0.5, o.cores());
    }

    @Test
    void shouldTakeTheFrontLineOfLiveAsKeysAfterItsName() {
        final Map<String, String> keys =
                LauncherRun.keys(
                        "lsl_front_p50_ms=0.083 lsl_front_p99_ms=49.855 (LSL time of a window's"
                                + " last sample ...)");
        assertEquals("0.083", keys.get("lsl_front_p50_ms"));
        assertEquals("49.855", keys.get("lsl_front_p99_ms"));
    }
}
