package org.neurostream.deploy.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --from-savepoint SP} and {@code --allow-non-restored-state} of the commands that resume
 * the job ({@code replay}, {@code cluster submit}): a picocli mixin.
 */
final class RestoreOptions {
    @Option(
            names = "--from-savepoint",
            paramLabel = "SP",
            description =
                    "Resume from the savepoint folder SP (taken by replay --savepoint or cluster"
                            + " savepoint of the same kind of job): every operator's state as it was,"
                            + " the input from where it stopped. Alert rules, models and sinks may"
                            + " differ from the run that took it; --channel-group may not. A folder"
                            + " that is missing, partial, another job's or of an incompatible version"
                            + " is refused with one line (exit 2), before anything starts.")
    Path from;

    @Option(
            names = "--allow-non-restored-state",
            description =
                    "With --from-savepoint: drop the state of operators the resumed job no longer"
                            + " has (a motif model or alert rules left out, for example); without it"
                            + " such a savepoint is refused. The state of an operator the job still"
                            + " has is never dropped.")
    boolean allowNonRestoredState;
}
