package org.neurostream.deploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The parent of the decoder model commands: publish. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        subcommands = {ModelPublishCommand.class})
final class ModelCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
