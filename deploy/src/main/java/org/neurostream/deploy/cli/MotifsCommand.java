package org.neurostream.deploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The parent of the spiking-motif commands: detect, train, bench, make-demo. */
@Command(
        name = "motifs",
        mixinStandardHelpOptions = true,
        subcommands = {
            MotifsDetectCommand.class,
            MotifsTrainCommand.class,
            MotifsBenchCommand.class,
            MotifsMakeDemoCommand.class
        })
final class MotifsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
