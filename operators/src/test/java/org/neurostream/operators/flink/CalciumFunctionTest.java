package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.neurostream.operators.calcium.CalciumOptions;

/** The parts of {@link CalciumFunction} that need no Flink runtime (the job's run is in deploy). */
class CalciumFunctionTest {

    @Test
    void shouldRecoverTheNominalFrameRateFromARoundedPeriod() {
        assertEquals(30.0, CalciumFunction.frameRate(33_333_333L));
        assertEquals(160.0, CalciumFunction.frameRate(6_250_000L));
        assertEquals(7.0, CalciumFunction.frameRate(142_857_143L));
        assertEquals(15.5, CalciumFunction.frameRate(64_516_129L));
        // whatever the period, the rate found gives it back
        for (final long p : new long[] {3L, 7L, 33_333_334L, 1_234_567_891L}) {
            assertEquals(p, Math.round(1e9 / CalciumFunction.frameRate(p)), "period " + p);
        }
        assertThrows(IllegalArgumentException.class, () -> CalciumFunction.frameRate(0L));
    }

    @Test
    void shouldKeepEveryOptionButTheFrameRateAtAnotherRate() {
        final CalciumOptions o =
                CalciumOptions.builder(20)
                        .inputIsDff(true)
                        .percentile(12)
                        .window(300)
                        .tauSeconds(0.7)
                        .estimationFrames(400)
                        .fallbackTauSeconds(2)
                        .lag(4)
                        .sMin(0.3)
                        .l1Penalty(0.1)
                        .oasisBaseline(0.05)
                        .neuropilCoefficient(0.5)
                        .build();
        final CalciumOptions moved = o.atFrameRate(30);
        assertEquals(30.0, moved.fs());
        assertEquals(o.toString().replace("fs=20.0", "fs=30.0"), moved.toString());
    }

    @Test
    void shouldEstimateNothingWithTheJobDefaults() {
        final CalciumOptions o = CalciumFunction.jobOptions(30);
        assertFalse(o.estimates());
        assertEquals(1.0, o.tauSeconds());
        assertEquals(0.14, o.oasisBaseline());
        assertEquals(10, o.lag());
    }

    @Test
    void shouldSurviveJavaSerializationAsFlinkShipsIt() throws IOException, ClassNotFoundException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(CalciumFunction.withJobDefaults());
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(CalciumFunction.class, in.readObject().getClass());
        }
    }

    @Test
    void shouldRejectAvalancheBinsOfNoFrame() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new CalciumFunction(CalciumFunction.jobOptions(30), 0));
    }
}
