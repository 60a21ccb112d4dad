package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-decoder on an NWB file's interval table: the real sample holds S001R04.edf's EEG and its
 * annotations as the trials table, so it trains the very decoder the EDF+ file trains.
 */
class NwbTrainDecoderTest {
    private static final Path RIDGE_NWB = Path.of("../models/src/test/resources/ridge/ridge.nwb");

    @TempDir Path tmp;

    @Test
    void shouldTrainOnTheTrialsTableAsOnTheEdfAnnotationsOfTheSameRecording() {
        final CommandRun nwb =
                CommandRun.of(
                        "train-decoder",
                        "--input",
                        SharedData.nwb("nwb_sample.nwb").toString(),
                        "--labels",
                        "trials.label",
                        "--classes",
                        "T0,T1+T2",
                        "--out",
                        tmp.resolve("nwb.json").toString());
        assertEquals(0, nwb.exitCode(), nwb.err());
        final CommandRun edf =
                CommandRun.of(
                        "train-decoder",
                        "--input",
                        SharedData.eeg("S001R04.edf").toString(),
                        "--classes",
                        "T0,T1+T2",
                        "--out",
                        tmp.resolve("edf.json").toString());
        assertEquals(0, edf.exitCode(), edf.err());
        final String line = last(nwb.out());
        assertTrue(
                line.startsWith("train-decoder: pipeline=bandpower-lr classes=T0,T1+T2 trials=30 "),
                line);
        assertEquals(last(edf.out()), line);
    }

    @Test
    void shouldNameTheTableAndItsColumnsWhenTheLabelColumnIsMissing() {
        final CommandRun run =
                CommandRun.of(
                        "train-decoder",
                        "--input",
                        SharedData.nwb("nwb_sample.nwb").toString(),
                        "--labels",
                        "trials.stimulus",
                        "--out",
                        tmp.resolve("m.json").toString());
        assertEquals(CliException.BAD_INPUT, run.exitCode());
        assertTrue(
                run.err().contains("/intervals/trials")
                        && run.err()
                                .contains(
                                        "no column stimulus (columns: start_time,stop_time,label)"),
                run.err());
    }

    @Test
    void shouldEndARidgeTrainingWithTheCrossValidatedR2OfTheTarget() {
        final CommandRun run =
                CommandRun.of(
                        "train-decoder",
                        "--input",
                        RIDGE_NWB.toString(),
                        "--pipeline",
                        "ridge",
                        "--target",
                        "speed",
                        "--out",
                        tmp.resolve("speed.json").toString());
        assertEquals(0, run.exitCode(), run.err());
        // cv_r2 of scikit-learn on the same file: 0.9517 (models' src/test/resources/ridge)
        assertEquals(
                "train-decoder: pipeline=ridge target=/processing/behavior/BehavioralTimeSeries/speed"
                        + " trials=599 cv_r2=0.952",
                last(run.out()));
        // the final model on its own training file: scikit-learn's R^2 of it there, 0.9929
        final CommandRun evaluate =
                CommandRun.of(
                        "evaluate-decoder",
                        "--model",
                        tmp.resolve("speed.json").toString(),
                        "--input",
                        RIDGE_NWB.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertEquals(
                "evaluate-decoder: pipeline=ridge"
                        + " target=/processing/behavior/BehavioralTimeSeries/speed"
                        + " observations=599 r2=0.993",
                last(evaluate.out()));
        final CommandRun onEdf =
                CommandRun.of(
                        "evaluate-decoder",
                        "--model",
                        tmp.resolve("speed.json").toString(),
                        "--input",
                        SharedData.eeg("S001R04.edf").toString());
        assertEquals(CliException.BAD_INPUT, onEdf.exitCode());
    }

    @Test
    void shouldRefuseRidgeWithoutATarget() {
        final CommandRun run =
                CommandRun.of(
                        "train-decoder",
                        "--input",
                        RIDGE_NWB.toString(),
                        "--pipeline",
                        "ridge",
                        "--out",
                        tmp.resolve("m.json").toString());
        assertEquals(CliException.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("--target"), run.err());
    }

    private static String last(final String out) {
        final String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }
}
