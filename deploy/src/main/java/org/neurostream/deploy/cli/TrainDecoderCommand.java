package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.models.BandPowerFeatures;
import org.neurostream.models.logistic.DecoderTrainer;
import org.neurostream.models.logistic.TrainedDecoder;
import org.neurostream.models.logistic.TrainingOptions;
import org.neurostream.models.logistic.TrainingReport;
import org.neurostream.models.training.AnnotatedWindows;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.operators.spectral.WelchConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains the rest-versus-imagery decoder from an annotated EDF+ recording. */
@Command(
        name = "train-decoder",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Trains the rest-versus-imagery decoder from an annotated EDF+ file.",
            "",
            "Trains a logistic-regression decoder on log10 band power (every channel x band) from"
                    + " an annotated EDF+ file, with the job's own windows and kernel, and writes"
                    + " the model file the job loads with --model. Starts no Flink and no Kafka.",
            "",
            "Windows end on the job's hop grid and are kept when they lie wholly inside one"
                    + " annotated epoch of a class; cross-validation is grouped by epoch (nested:"
                    + " the L2 strength is chosen inside each training part), so overlapping windows"
                    + " never leak. It prints the cross-validated accuracy next to the chance level"
                    + " (always predicting the training majority)."
        })
final class TrainDecoderCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE.edf",
            description = "Annotated EDF+ recording.")
    Path input;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "MODEL",
            description = "Model file to write (JSON).")
    Path out;

    @Option(
            names = "--rest",
            split = ",",
            defaultValue = "T0",
            paramLabel = "TEXT",
            description = "Annotation texts of class 0, 'rest' (default: ${DEFAULT-VALUE}).")
    List<String> rest;

    @Option(
            names = "--imagery",
            split = ",",
            defaultValue = "T1,T2",
            paramLabel = "TEXT",
            description = "Annotation texts of class 1, 'imagery' (default: ${DEFAULT-VALUE}).")
    List<String> imagery;

    @Option(
            names = "--folds",
            defaultValue = "5",
            description = "Outer and inner cross-validation folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Mixin BackendOption backend;

    @Override
    public Integer call() throws IOException {
        final PrintWriter stdout = spec.commandLine().getOut();
        final BandPowerOptions options = BandPowerOptions.defaults();
        try (EdfReader reader = EdfReader.open(input)) {
            final Map<String, Integer> classOf = new LinkedHashMap<>();
            rest.forEach(t -> classOf.put(t, 0));
            imagery.forEach(t -> classOf.put(t, 1));
            final AnnotatedWindows data =
                    AnnotatedWindows.extract(reader, classOf, options, backend.kind());
            final long rests = Arrays.stream(data.labels).filter(l -> l == 0).count();
            if (rests == 0 || rests == data.labels.length) {
                throw new CliException(
                        CliException.BAD_INPUT,
                        input
                                + ": no windows of "
                                + (rests == 0 ? "rest " + rest : "imagery " + imagery)
                                + " annotations; both classes are needed");
            }
            if (data.epochs < folds) {
                throw new CliException(
                        CliException.BAD_INPUT,
                        input
                                + ": "
                                + data.epochs
                                + " annotated epochs, fewer than --folds "
                                + folds);
            }
            stdout.printf(
                    "training on %d windows (%d rest, %d imagery) from %d epochs of %s%n",
                    data.labels.length,
                    rests,
                    data.labels.length - rests,
                    data.epochs,
                    input.getFileName());
            stdout.flush();

            final WelchConfig welch = options.welchConfig(reader.sampleRate());
            final Map<String, Object> features = new LinkedHashMap<>();
            features.put("transform", "log10 band power, floor " + BandPowerFeatures.FLOOR);
            features.put("layout", "channel-major: feature[channel * bands + band]");
            features.put("channels", reader.channelCount());
            features.put("channelLabels", reader.labels());
            features.put("sampleRateHz", reader.sampleRate());
            features.put("windowSeconds", options.windowSeconds);
            features.put("hopSeconds", options.hopSeconds);
            features.put("welch", welch.toString());
            final Map<String, Object> training = new LinkedHashMap<>();
            training.put("recording", input.getFileName().toString());
            training.put("classes", Map.of("rest", rest, "imagery", imagery));
            training.put("windows", data.labels.length);

            final TrainingOptions defaults = TrainingOptions.defaults();
            final TrainedDecoder trained =
                    new DecoderTrainer(new TrainingOptions(defaults.l2Grid(), folds, folds))
                            .train(
                                    data.features,
                                    data.labels,
                                    data.groups,
                                    List.of("rest", "imagery"),
                                    features,
                                    training);
            trained.model().write(out);
            final TrainingReport report = trained.report();
            stdout.printf(
                    Locale.ROOT,
                    "cross-validated accuracy %.3f (%d-fold, grouped by epoch) vs chance %.3f; folds %s; l2 %s%n",
                    report.cvAccuracy(),
                    folds,
                    report.chanceLevel(),
                    format(report.foldAccuracies()),
                    report.chosenL2());
            stdout.printf("model written to %s%n", out);
            return EdfInput.warnIfTruncated(reader, spec.commandLine().getErr(), "train-decoder");
        }
    }

    private static String format(final double[] values) {
        final StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", values[i]));
        }
        return b.append(']').toString();
    }
}
