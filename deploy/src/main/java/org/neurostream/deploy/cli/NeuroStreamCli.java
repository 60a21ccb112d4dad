package org.neurostream.deploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code neurostream} command line. Offline commands (bandpower, train-decoder, bench) run the
 * job's own kernels without starting Flink or Kafka; {@code demo} starts the embedded runtime.
 */
@Command(
        name = "neurostream",
        mixinStandardHelpOptions = true,
        versionProvider = NeuroStreamCli.Version.class,
        description = "Real-time neural signal processing on Apache Flink and Apache Kafka.",
        subcommands = {
            DemoCommand.class,
            BandPowerCommand.class,
            AvalanchesCommand.class,
            CalciumCommand.class,
            CalciumSynthCommand.class,
            TrainDecoderCommand.class,
            BenchCommand.class,
            EventsCommand.class,
            MotifsCommand.class,
            RecordCommand.class,
            SessionsCommand.class,
            ReplayCommand.class,
            TailIpcCommand.class,
            ClusterCommand.class,
            CommandLine.HelpCommand.class
        })
public final class NeuroStreamCli implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        final CommandLine cli = new CommandLine(new NeuroStreamCli());
        cli.registerConverter(java.time.Duration.class, Durations::parse);
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    if (e instanceof CliException) {
                        commandLine
                                .getErr()
                                .println(
                                        commandLine.getCommandSpec().qualifiedName()
                                                + ": "
                                                + e.getMessage());
                        return ((CliException) e).exitCode();
                    }
                    throw e;
                });
        JobOptionsMixin.installHelp(cli);
        return cli;
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String v = NeuroStreamCli.class.getPackage().getImplementationVersion();
            return new String[] {"neurostream " + (v == null ? "(development build)" : v)};
        }
    }
}
