package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.regression.RidgeModel;
import org.neurostream.models.training.DecoderTraining;
import org.neurostream.models.training.NwbTraining;
import org.neurostream.models.training.RidgeTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains a decoder from annotated EDF+ recordings. */
@Command(
        name = "train-decoder",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Trains a decoder from annotated EDF+ recordings and writes the model file.",
            "",
            "Each trial's epoch [onset + tmin, onset + tmax] is cut from the recording after the"
                    + " pipeline's causal filters have run on it from its first sample, as the live"
                    + " decoder runs them. Cross-validation is grouped by trial (trials of"
                    + " different files are different groups), stratified, and nested: the whole"
                    + " training procedure, hyper-parameter choice by inner folds included, is"
                    + " refitted in each training part. Starts no Flink and no Kafka.",
            "",
            "Pipelines: csp-lda (8-30 Hz, CSP 6 filters, shrinkage LDA), fbcsp-lda (4-40 Hz in"
                    + " 4 Hz bands, CSP per band, mutual-information selection, LDA), ts-lr (8-30"
                    + " Hz, OAS covariance, Riemannian tangent space, logistic regression), mdm"
                    + " (minimum Riemannian distance to the class means, any number of classes),"
                    + " bandpower-lr (log band power, logistic regression).",
            "",
            "Ends with: train-decoder: pipeline=P classes=A,B trials=N cv_accuracy=A chance=C",
            "(chance: always answering the training part's most frequent class).",
            "",
            "--pipeline ridge --target SERIES (one NWB file): ridge regression of a behaviour"
                    + " series from the --series columns at each sample, cross-validated in"
                    + " contiguous blocks (docs/decoders.md); ends with: train-decoder:"
                    + " pipeline=ridge target=S trials=N cv_r2=R"
        })
final class TrainDecoderCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--input",
            required = true,
            arity = "1..*",
            paramLabel = "FILE",
            description =
                    "Annotated EDF+ recordings (one channel list and sample rate), or one NWB file"
                            + " with --labels.")
    List<Path> inputs;

    @Option(
            names = "--labels",
            paramLabel = "TABLE.COLUMN",
            description =
                    "With an NWB file: the interval table whose rows are the trials (from their"
                            + " start_time) and the column whose texts are their classes.")
    String labels;

    @Option(
            names = "--series",
            paramLabel = "NAME",
            description =
                    "With an NWB file: the series to train on, by name or path (default: its first"
                            + " regular ElectricalSeries).")
    String series;

    @Option(
            names = "--target",
            paramLabel = "SERIES",
            description = "With --pipeline ridge: the behaviour series to predict (name or path).")
    String target;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "MODEL",
            description = "Model file to write (JSON).")
    Path out;

    @Option(
            names = "--classes",
            paramLabel = "A,B[,C...]",
            description =
                    "Classes in model order; a class is an annotation text, or several joined by"
                            + " '+' (default: T0,T1+T2, rest versus imagery).")
    String classes;

    @Option(
            names = "--rest",
            split = ",",
            paramLabel = "TEXT",
            description = "Alias: annotation texts of class 0 (with --imagery; default T0).")
    List<String> rest;

    @Option(
            names = "--imagery",
            split = ",",
            paramLabel = "TEXT",
            description = "Alias: annotation texts of class 1 (with --rest; default T1,T2).")
    List<String> imagery;

    @Option(
            names = "--pipeline",
            defaultValue = "bandpower-lr",
            paramLabel = "P",
            description = "Pipeline (default: ${DEFAULT-VALUE}).")
    String pipeline;

    @Option(
            names = "--epoch",
            defaultValue = "0.5,2.5",
            paramLabel = "TMIN,TMAX",
            description =
                    "Epoch in seconds from each annotation's onset; its length is the live"
                            + " decoder's window (default: ${DEFAULT-VALUE}).")
    String epoch;

    @Option(
            names = "--folds",
            defaultValue = "5",
            description = "Outer and inner cross-validation folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description =
                    "Name stored in the model (default: the output file's name without its"
                            + " extension); no spaces, ',', '@' or ':'.")
    String name;

    @Override
    public Integer call() {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        if (RidgeModel.KIND.equals(pipeline)) {
            return ridge(stdout);
        }
        final String classSpec = classSpec();
        final DecoderTraining.Outcome outcome =
                DecoderInput.call(
                        () -> {
                            final double[] e = epoch();
                            final DecoderTraining.Request request =
                                    new DecoderTraining.Request(
                                            inputs,
                                            classSpec,
                                            PipelineKind.parse(pipeline),
                                            e[0],
                                            e[1],
                                            folds,
                                            name != null ? name : PipelineModel.stem(out));
                            if (labels != null) {
                                if (inputs.size() != 1) {
                                    throw new IllegalArgumentException(
                                            "--labels trains on one NWB file, got "
                                                    + inputs.size()
                                                    + " inputs");
                                }
                                return NwbTraining.train(
                                        inputs.get(0), series, labels, request.recipe());
                            }
                            return DecoderTraining.train(request);
                        });
        outcome.warnings().forEach(w -> stderr.println("train-decoder: warning: " + w));
        DecoderInput.call(
                () -> {
                    outcome.model().write(out);
                    return null;
                });
        stdout.println(outcome.writtenLine(out));
        stdout.println("train-decoder: " + outcome.figures(classSpec));
        return outcome.partial() ? CliException.PARTIAL_INPUT : 0;
    }

    private int ridge(final PrintWriter stdout) {
        final RidgeTraining.Outcome outcome =
                DecoderInput.call(
                        () -> {
                            if (inputs.size() != 1) {
                                throw new IllegalArgumentException(
                                        "--pipeline ridge trains on one NWB file");
                            }
                            final String n = name != null ? name : PipelineModel.stem(out);
                            PipelineModel.checkName(n);
                            return RidgeTraining.train(inputs.get(0), series, target, folds, n);
                        });
        DecoderInput.call(
                () -> {
                    outcome.model().write(out);
                    return null;
                });
        stdout.println(outcome.writtenLine(out));
        stdout.println("train-decoder: " + outcome.figures());
        return 0;
    }

    private String classSpec() {
        if (classes != null && (rest != null || imagery != null)) {
            throw new CliException(
                    CliException.BAD_INPUT, "--classes and --rest/--imagery exclude each other");
        }
        if (classes != null) {
            return classes;
        }
        final List<String> r = rest != null ? rest : List.of("T0");
        final List<String> i = imagery != null ? imagery : List.of("T1", "T2");
        return String.join("+", r) + "," + String.join("+", i);
    }

    private double[] epoch() {
        final String[] parts = epoch.split(",", -1);
        try {
            if (parts.length == 2) {
                return new double[] {
                    Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())
                };
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--epoch: expected TMIN,TMAX in seconds, got " + epoch);
    }
}
