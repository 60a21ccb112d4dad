package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.deploy.replay.JobWindows;
import org.neurostream.models.evaluation.DecoderEvaluation;
import org.neurostream.models.pipeline.PipelineModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Scores a decoder on held-out annotated recordings. */
@Command(
        name = "evaluate-decoder",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Scores a trained decoder on held-out annotated EDF+ recordings.",
            "",
            "trial_accuracy: each trial's epoch [onset + tmin, onset + tmax] (the model's epoch)"
                    + " as the streaming filters, run from the file's first sample, give it."
                    + " window_accuracy: the files journaled as one session (each a stream) and replayed"
                    + " through the job with the model, as fast as it goes; each prediction is a"
                    + " window of the job's grid (a window every hop from the stream's first"
                    + " sample); every window"
                    + " wholly inside an annotated trial of the model's classes is scored"
                    + " (null when none is). chance: the share of the most frequent class among"
                    + " the scored trials. kappa: Cohen's kappa over trials (null, with a warning,"
                    + " when fewer than two classes are present).",
            "",
            "Ends with: evaluate-decoder: trials=N trial_accuracy=A window_accuracy=W chance=C"
                    + " kappa=K"
        })
final class EvaluateDecoderCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Option(
            names = "--input",
            required = true,
            arity = "1..*",
            paramLabel = "FILE.edf",
            description = "Held-out annotated EDF+ recordings.")
    List<Path> inputs;

    @Override
    public Integer call() {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
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
