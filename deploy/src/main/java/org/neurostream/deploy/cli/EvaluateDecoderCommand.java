package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.deploy.replay.JobWindows;
import org.neurostream.models.evaluation.DecoderEvaluation;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.regression.RidgeModel;
import org.neurostream.models.training.RidgeEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Scores a decoder on held-out annotated recordings. */
@Command(name = "evaluate-decoder", mixinStandardHelpOptions = true, sortOptions = false)
final class EvaluateDecoderCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL")
    Path model;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE.edf")
    List<Path> inputs;

    @Override
    public Integer call() {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        if (RidgeModel.isRidgeModel(model)) {
            stdout.println(
                    DecoderInput.call(
                                    () -> RidgeEvaluation.evaluate(RidgeModel.read(model), inputs))
                            .line());
            return 0;
        }
        final DecoderEvaluation.Outcome o =
                DecoderInput.call(
                        () ->
                                DecoderEvaluation.evaluate(
                                        PipelineModel.read(model),
                                        model,
                                        inputs,
                                        new JobWindows()));
        o.warnings().forEach(w -> stderr.println("evaluate-decoder: warning: " + w));
        stdout.println(o.line());
        return o.partial() ? CliException.PARTIAL_INPUT : 0;
    }
}
