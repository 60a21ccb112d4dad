package org.neurostream.deploy.cli;

import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.neurostream.core.kafka.KafkaAccessException;
import org.neurostream.core.kafka.KafkaConfigException;
import org.neurostream.core.time.Durations;
import org.neurostream.deploy.job.JobConfigException;
import org.neurostream.ingest.FileFormatException;
import org.neurostream.ingest.bridge.FileStreams;
import org.neurostream.ingest.calcium.TraceFormatException;
import org.neurostream.ingest.csv.EventCsv;
import org.neurostream.ingest.journal.JournalFormatException;
import org.neurostream.ingest.npy.NpyFormatException;
import org.neurostream.models.logistic.ModelFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code neurostream} command line. Offline commands (bandpower, train-decoder, bench) run the
 * job's own kernels without starting Flink or Kafka; {@code demo} starts the embedded runtime. The
 * help texts of every command are in {@code CommandHelp.properties} beside this class, by qualified
 * name ({@code neurostream.bandpower.usage.description.0}, {@code neurostream.bandpower.out}).
 */
@Command(
        name = "neurostream",
        mixinStandardHelpOptions = true,
        versionProvider = NeuroStreamCli.Version.class)
public final class NeuroStreamCli implements Runnable {
    /** The commands in the order {@code --help} lists them (then {@code help}). */
    private static final Class<?>[] COMMANDS = {
        DemoCommand.class,
        BandPowerCommand.class,
        DescriptorsCommand.class,
        AvalanchesCommand.class,
        CalciumCommand.class,
        CalciumSynthCommand.class,
        TrainDecoderCommand.class,
        EvaluateDecoderCommand.class,
        SynthEegCommand.class,
        ModelCommand.class,
        BenchCommand.class,
        EventsCommand.class,
        MotifsCommand.class,
        RecordCommand.class,
        SessionsCommand.class,
        ReplayCommand.class,
        TailIpcCommand.class,
        ClusterCommand.class,
        NwbCommand.class,
        LslCommand.class,
        LiveCommand.class,
        GpuBundleCommand.class
    };

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(final String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every command; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code args}: when the first argument names a command, only
     * that command is built (building one loads its classes, and those of {@code demo} or {@code
     * cluster} are Flink's and Kafka's, which an offline command does without); otherwise, for
     * {@code --help}, {@code help} or an unknown name, every command.
     */
    public static CommandLine commandLine(final String[] args) {
        final CommandLine cli = new CommandLine(new NeuroStreamCli());
        final Class<?> named = args.length > 0 ? command(args[0]) : null;
        if (named != null) {
            cli.addSubcommand(named);
        } else {
            for (final Class<?> command : COMMANDS) {
                cli.addSubcommand(command);
            }
            cli.addSubcommand(CommandLine.HelpCommand.class);
        }
        cli.registerConverter(java.time.Duration.class, Durations::parse);
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    final int exit =
                            report(
                                    e,
                                    commandLine.getCommandSpec().qualifiedName(),
                                    commandLine.getErr());
                    if (exit < 0) {
                        throw e;
                    }
                    return exit;
                });
        JobOptionsMixin.installHelp(cli);
        return cli;
    }

    /** The command named {@code name} in its {@code @Command}, or null. */
    private static Class<?> command(final String name) {
        for (final Class<?> command : COMMANDS) {
            if (command.getAnnotation(Command.class).name().equals(name)) {
                return command;
            }
        }
        return null;
    }

    /**
     * The exit code of a failure the user can act on, printed as one line without a stack trace: a
     * {@link CliException}'s own; 2 for unusable input, which the use cases and readers say with
     * exceptions of their own (a job configuration, a file that cannot be streamed, a bad event
     * table, a file in a format it does not hold, a path that is missing, taken or not allowed,
     * Kafka client settings that cannot be used, a Kafka cluster that refuses the client); -1 for
     * anything else.
     */
    static int exitCode(final Exception e) {
        if (e instanceof CliException c) {
            return c.exitCode();
        }
        if (e instanceof JobConfigException
                || e instanceof FileStreams.FileStreamException
                || e instanceof EventCsv.EventCsvException
                || e instanceof FileFormatException
                || e instanceof TraceFormatException
                || e instanceof NpyFormatException
                || e instanceof ModelFormatException
                || e instanceof JournalFormatException
                || e instanceof FileSystemException
                || e instanceof KafkaConfigException
                || e instanceof KafkaAccessException) {
            return CliException.BAD_INPUT;
        }
        return -1;
    }

    /**
     * Prints a failure the user can act on as one line after the command's {@code name} and returns
     * its {@link #exitCode}; prints nothing and returns -1 for anything else.
     */
    static int report(final Exception e, final String name, final java.io.PrintWriter err) {
        final int exit = exitCode(e);
        if (exit >= 0) {
            err.println(
                    name
                            + ": "
                            + (e instanceof NoSuchFileException n && n.getReason() == null
                                    ? n.getFile() + ": no such file"
                                    : e.getMessage()));
        }
        return exit;
    }

    /** The NeuroStream folder ({@code NEUROSTREAM_HOME}, which the launcher sets; else here). */
    static Path home() {
        return Path.of(System.getenv().getOrDefault("NEUROSTREAM_HOME", "."));
    }

    /** Prints each line a use case reports to {@code out} at once. */
    static java.util.function.Consumer<String> lines(final java.io.PrintWriter out) {
        return line -> {
            out.println(line);
            out.flush();
        };
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
