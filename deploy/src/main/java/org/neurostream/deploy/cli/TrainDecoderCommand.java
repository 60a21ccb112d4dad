package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.regression.RidgeModel;
import org.neurostream.models.training.DecoderTraining;
import org.neurostream.models.training.RidgeTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains a decoder from annotated EDF+ recordings. */
@Command(name = "train-decoder", mixinStandardHelpOptions = true, sortOptions = false)
final class TrainDecoderCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE")
    List<Path> inputs;

    @Option(names = "--labels", paramLabel = "TABLE.COLUMN")
    String labels;

    @Option(names = "--series", paramLabel = "NAME")
    String series;

    @Option(names = "--target", paramLabel = "SERIES")
    String target;

    @Option(names = "--out", required = true, paramLabel = "MODEL")
    Path out;

    @Option(names = "--classes", paramLabel = "A,B[,C...]")
    String classes;

    @Option(names = "--rest", split = ",", paramLabel = "TEXT")
    List<String> rest;

    @Option(names = "--imagery", split = ",", paramLabel = "TEXT")
    List<String> imagery;

    @Option(names = "--pipeline", defaultValue = "bandpower-lr", paramLabel = "P")
    String pipeline;

    @Option(names = "--epoch", defaultValue = "0.5,2.5", paramLabel = "TMIN,TMAX")
    String epoch;

    @Option(names = "--folds", defaultValue = "5")
    int folds;

    @Option(names = "--name", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        if (RidgeModel.KIND.equals(pipeline)) {
            return ridge(stdout);
        }
        final String classSpec =
                DecoderInput.call(() -> DecoderTraining.classSpec(classes, rest, imagery));
        final DecoderTraining.Outcome outcome =
                DecoderInput.call(
                        () -> {
                            final double[] e = DecoderTraining.epoch(epoch);
                            return DecoderTraining.train(
                                    new DecoderTraining.Request(
                                            inputs,
                                            classSpec,
                                            PipelineKind.parse(pipeline),
                                            e[0],
                                            e[1],
                                            folds,
                                            name != null ? name : PipelineModel.stem(out)),
                                    series,
                                    labels);
                        });
        outcome.warnings().forEach(w -> stderr.println("train-decoder: warning: " + w));
        stdout.println(DecoderInput.call(() -> outcome.write(out)));
        stdout.println("train-decoder: " + outcome.figures(classSpec));
        return outcome.partial() ? CliException.PARTIAL_INPUT : 0;
    }

    private int ridge(final PrintWriter stdout) {
        final RidgeTraining.Outcome outcome =
                DecoderInput.call(
                        () ->
                                RidgeTraining.train(
                                        inputs,
                                        series,
                                        target,
                                        folds,
                                        name != null ? name : PipelineModel.stem(out)));
        stdout.println(DecoderInput.call(() -> outcome.write(out)));
        stdout.println("train-decoder: " + outcome.figures());
        return 0;
    }
}
