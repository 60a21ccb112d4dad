package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * synth-eeg, train-decoder and evaluate-decoder as other programs see them: output lines, exit
 * codes.
 */
class DecoderCommandsTest {
    private static final Pattern TRAIN =
            Pattern.compile(
                    "train-decoder: pipeline=(\\S+) classes=(\\S+) trials=(\\d+)"
                            + " cv_accuracy=([0-9.]+) chance=([0-9.]+)");
    private static final Pattern EVALUATE =
            Pattern.compile(
                    "evaluate-decoder: trials=(\\d+) trial_accuracy=([0-9.]+)"
                            + " window_accuracy=([0-9.]+|null) chance=([0-9.]+)"
                            + " kappa=(-?[0-9.]+|null)");

    @TempDir static Path dir;

    @BeforeAll
    static void generate() {
        final CommandRun run =
                CommandRun.of(
                        "synth-eeg",
                        "--out",
                        dir.toString(),
                        "--seed",
                        "2",
                        "--depth",
                        "0.6",
                        "--runs",
                        "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(
                run.out().endsWith("synth-eeg: runs=2 seed=2 depth=0.6 dir=" + dir + "\n"),
                run.out());
    }

    private static String run(int n) {
        return dir.resolve(String.format("synth-s2-r%02d.edf", n)).toString();
    }

    private static Matcher lastLine(String out, Pattern p) {
        final String[] lines = out.strip().split("\n");
        final Matcher m = p.matcher(lines[lines.length - 1]);
        assertTrue(m.matches(), out);
        return m;
    }

    @Test
    void shouldTrainAndEvaluateACspDecoderOnHeldOutRuns() throws IOException {
        final Path model = dir.resolve("left-right.json");
        final CommandRun train =
                CommandRun.of(
                        "train-decoder",
                        "--input",
                        run(1),
                        "--classes",
                        "T1,T2",
                        "--pipeline",
                        "csp-lda",
                        "--epoch",
                        "0.5,2.5",
                        "--folds",
                        "3",
                        "--out",
                        model.toString());
        assertEquals(0, train.exitCode(), train.err());
        final Matcher t = lastLine(train.out(), TRAIN);
        assertEquals("csp-lda", t.group(1));
        assertEquals("T1,T2", t.group(2));
        assertEquals("15", t.group(3));
        assertTrue(Files.readString(model).contains("\"name\" : \"left-right\""));

        final CommandRun evaluate =
                CommandRun.of("evaluate-decoder", "--model", model.toString(), "--input", run(2));
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        final Matcher e = lastLine(evaluate.out(), EVALUATE);
        assertEquals("15", e.group(1));
        // depth 0.6: above chance (8 of 15) even from 15 calibration trials
        assertTrue(Double.parseDouble(e.group(2)) > 0.6, evaluate.out());
        assertTrue(Double.parseDouble(e.group(3)) > 0.6, evaluate.out());
    }

    @Test
    void shouldKeepTodaysDefaultsRestAgainstImageryWithBandPower() {
        final Path model = dir.resolve("default.json");
        final CommandRun train =
                CommandRun.of("train-decoder", "--input", run(1), "--out", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        final Matcher t = lastLine(train.out(), TRAIN);
        assertEquals("bandpower-lr", t.group(1));
        assertEquals("T0,T1+T2", t.group(2));
        assertEquals("30", t.group(3));
        final CommandRun aliases =
                CommandRun.of(
                        "train-decoder",
                        "--input",
                        run(1),
                        "--rest",
                        "T0",
                        "--imagery",
                        "T1,T2",
                        "--pipeline",
                        "mdm",
                        "--name",
                        "rest_v1",
                        "--out",
                        dir.resolve("aliases.json").toString());
        assertEquals(0, aliases.exitCode(), aliases.err());
        assertEquals("T0,T1+T2", lastLine(aliases.out(), TRAIN).group(2));
    }

    @Test
    void shouldPrintNullKappaWithAWarningForASingleClass() {
        final Path model = dir.resolve("mdm3.json");
        final CommandRun train =
                CommandRun.of(
                        "train-decoder",
                        "--input",
                        run(1),
                        "--classes",
                        "T0,T1,T2",
                        "--pipeline",
                        "mdm",
                        "--folds",
                        "3",
                        "--out",
                        model.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertEquals("T0,T1,T2", lastLine(train.out(), TRAIN).group(2));
        final Path onlyRest = dir.resolve("rest-only.json");
        final CommandRun rest =
                CommandRun.of(
                        "train-decoder",
                        "--input",
                        run(1),
                        "--classes",
                        "T0,T1+T2",
                        "--pipeline",
                        "mdm",
                        "--out",
                        onlyRest.toString());
        assertEquals(0, rest.exitCode(), rest.err());
        // a model whose second class never occurs in the evaluated file: edit its annotations
        try {
            Files.writeString(
                    onlyRest,
                    Files.readString(onlyRest).replace("\"T1\", \"T2\"", "\"X1\", \"X2\""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        final CommandRun evaluate =
                CommandRun.of(
                        "evaluate-decoder", "--model", onlyRest.toString(), "--input", run(2));
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertEquals("null", lastLine(evaluate.out(), EVALUATE).group(5));
        assertTrue(evaluate.err().contains("kappa is undefined"), evaluate.err());
    }

    @Test
    void shouldRefuseAModelOfAnUnknownKindWithOneLineNamingTheFile() throws IOException {
        final Path model = dir.resolve("bad.json");
        Files.writeString(model, "{\"kind\": \"onnx\", \"version\": 1}");
        final CommandRun evaluate =
                CommandRun.of("evaluate-decoder", "--model", model.toString(), "--input", run(2));
        assertEquals(2, evaluate.exitCode());
        assertEquals(
                "neurostream evaluate-decoder: model file "
                        + model
                        + ": field 'kind': unknown kind 'onnx'; this reader supports 'pipeline'"
                        + " (version 1) and 'logistic' (formatVersion 1)\n",
                evaluate.err());
    }

    @Test
    void shouldRefuseBadArgumentsWithExitCodeTwo() {
        final String out = dir.resolve("x.json").toString();
        final CommandRun pipeline =
                CommandRun.of(
                        "train-decoder", "--input", run(1), "--pipeline", "svm", "--out", out);
        assertEquals(2, pipeline.exitCode());
        assertTrue(pipeline.err().contains("unknown pipeline 'svm'"), pipeline.err());
        final CommandRun name =
                CommandRun.of("train-decoder", "--input", run(1), "--name", "a:b", "--out", out);
        assertEquals(2, name.exitCode());
        assertTrue(name.err().contains("must not contain spaces"), name.err());
        final CommandRun classes =
                CommandRun.of(
                        "train-decoder",
                        "--input",
                        run(1),
                        "--classes",
                        "T0,T1,T2",
                        "--pipeline",
                        "csp-lda",
                        "--out",
                        out);
        assertEquals(2, classes.exitCode());
        assertTrue(classes.err().contains("csp-lda decodes two classes"), classes.err());
        final CommandRun missing =
                CommandRun.of("train-decoder", "--input", "/nonexistent.edf", "--out", out);
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("/nonexistent.edf: no such file"), missing.err());
    }
}
