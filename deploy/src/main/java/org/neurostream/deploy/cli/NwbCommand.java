package org.neurostream.deploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The parent of the NWB file commands: info, export. */
@Command(
        name = "nwb",
        mixinStandardHelpOptions = true,
        description = {
            "NWB 2.x files (Neurodata Without Borders, HDF5): list what a file holds, export a series.",
            "",
            "Reads NWB 2.x files with a pure-Java HDF5 reader: electrical, ROI, behaviour and"
                    + " annotation series, units tables and interval tables (docs/nwb.md). Starts"
                    + " no Flink and no Kafka.",
            "",
            "Exit codes: 0 done; 2 unusable input (one line: FILE: HDF5 PATH: reason); 3 a"
                    + " truncated file, read as far as it goes."
        },
        subcommands = {NwbInfoCommand.class, NwbExportCommand.class})
final class NwbCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
