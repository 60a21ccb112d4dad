package org.neurostream.deploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The parent of the NWB file commands: info, export. */
@Command(
        name = "nwb",
        mixinStandardHelpOptions = true,
        subcommands = {NwbInfoCommand.class, NwbExportCommand.class})
final class NwbCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
