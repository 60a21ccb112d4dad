package org.neurostream.deploy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.ListResourceBundle;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import org.apache.flink.configuration.ConfigOption;
import org.neurostream.deploy.job.DeliveryMode;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobOptions;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The job options of every command that runs the job ({@code demo}, {@code replay}, {@code cluster
 * submit}): a picocli mixin, one {@code --NAME} per {@link JobOptions} option a user picks per run.
 * Their help text and defaults come from {@link JobOptions}; a command whose default differs by
 * design says so once, where it declares the mixin:
 *
 * <pre>{@code
 * @Mixin
 * JobOptionsMixin job =
 *         new JobOptionsMixin().withDefault(JobOptions.DELIVERY, DeliveryMode.EXACTLY_ONCE, null);
 * ...
 * JobConfig config = job.toBuilder().build(); // JobConfigException: exit 2
 * }</pre>
 *
 * A field is null when the user did not give the option; {@link #toBuilder} fills in the command's
 * defaults, and {@link JobConfig.Builder} the others.
 */
public final class JobOptionsMixin {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--parallelism", paramLabel = "P", descriptionKey = "job.parallelism")
    Integer parallelism;

    @Mixin BackendOption backend = new BackendOption();

    @Option(
            names = "--delivery",
            paramLabel = "at-least-once|exactly-once",
            converter = DeliveryConverter.class,
            descriptionKey = "job.delivery")
    DeliveryMode delivery;

    @Option(names = "--model", paramLabel = "MODEL", descriptionKey = "job.model")
    Path model;

    @Option(names = "--motif-model", paramLabel = "MODEL.json", descriptionKey = "job.motif-model")
    Path motifModel;

    @Option(
            names = "--calcium-motif-model",
            paramLabel = "MODEL.json",
            descriptionKey = "job.calcium-motif-model")
    Path calciumMotifModel;

    @Option(names = "--alerts", paramLabel = "RULES", descriptionKey = "job.alerts")
    Path alerts;

    @Option(names = "--channel-group", paramLabel = "G|auto", descriptionKey = "job.channel-group")
    String channelGroup;

    @Option(names = "--resample", paramLabel = "HZ", descriptionKey = "job.resample")
    Double resample;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "TIME",
            descriptionKey = "job.checkpoint-interval")
    Duration checkpointInterval;

    @Option(names = "-D", paramLabel = "KEY=VALUE")
    Map<String, String> settings = new HashMap<>();

    private final Map<ConfigOption<?>, Object> defaults = new HashMap<>();
    private final Map<ConfigOption<?>, String> notes = new HashMap<>();

    /**
     * This command's own default of {@code option}, where it differs from {@link JobOptions} by
     * design; {@code note} (or null) says why, in the help.
     */
    public <T> JobOptionsMixin withDefault(
            final ConfigOption<T> option, final T value, final String note) {
        defaults.put(option, value);
        if (note != null) {
            notes.put(option, JobOptions.text(value) + "; " + note);
        }
        return this;
    }

    /**
     * What the help names as the default of {@code option} when the command supplies it itself (a
     * file of replay-data) rather than through {@link #toBuilder}.
     */
    public JobOptionsMixin withDefaultNote(final ConfigOption<?> option, final String note) {
        notes.put(option, note);
        return this;
    }

    /**
     * {@link #toBuilder}, with the shipped decoder ({@code replay-data/models/rest-vs-imagery.json}
     * of the NeuroStream folder) as the model where the folder has it, unless the user named a
     * model or {@code noShipped} holds.
     */
    public JobConfig.Builder toBuilderWithShippedModel(final boolean noShipped) {
        final JobConfig.Builder b = toBuilder();
        final Path model = NeuroStreamCli.home().resolve("replay-data/models/rest-vs-imagery.json");
        if (!noShipped && !given(JobOptions.MODEL) && Files.isRegularFile(model)) {
            b.modelFile(model);
        }
        return b;
    }

    /** Whether the user gave the job option of command-line name {@code name} ("--model"). */
    public boolean given(final String name) {
        return mixee.commandLine().getParseResult().hasMatchedOption(name);
    }

    /** Whether the user gave {@code option} on the command line. */
    public boolean given(final ConfigOption<?> option) {
        return mixee.commandLine().getParseResult().hasMatchedOption(JobOptions.cliName(option));
    }

    /**
     * A builder holding the options the user gave, this command's defaults for the others, and
     * {@link JobOptions}' defaults for the rest.
     */
    public JobConfig.Builder toBuilder() {
        // this command's defaults first, so that the user's -D settings and flags win
        final JobConfig.Builder b = JobConfig.builder().configure(defaults, settings);
        apply(JobOptions.PARALLELISM, parallelism, b::parallelism);
        apply(JobOptions.BACKEND, backend.given, b::computeBackend);
        apply(JobOptions.DELIVERY, delivery, b::delivery);
        apply(JobOptions.CHANNEL_GROUP, channelGroup, b::channelGroups);
        apply(JobOptions.RESAMPLE, resample, b::resampleHz);
        apply(JobOptions.CHECKPOINT_INTERVAL, checkpointInterval, b::checkpointInterval);
        Optional.ofNullable(model).ifPresent(b::modelFile);
        Optional.ofNullable(motifModel).ifPresent(b::motifModelFile);
        Optional.ofNullable(calciumMotifModel).ifPresent(b::calciumMotifModelFile);
        Optional.ofNullable(alerts).ifPresent(b::alertsFile);
        return b;
    }

    @SuppressWarnings("unchecked")
    private <T> void apply(
            final ConfigOption<T> option,
            final T given,
            final java.util.function.Consumer<T> setter) {
        final T value = given != null ? given : (T) defaults.get(option);
        if (value != null) {
            setter.accept(value);
        }
    }

    /**
     * Gives every command's job options their help: the option's description from {@link
     * JobOptions} and its default, the command's own where it declares one. Called once on the root
     * command line, after the commands are added.
     */
    static void installHelp(final CommandLine root) {
        final CommandSpec spec = root.getCommandSpec();
        JobOptionsMixin mixin = null;
        for (final CommandSpec m : spec.mixins().values()) {
            if (m.userObject() instanceof JobOptionsMixin j) {
                mixin = j;
            }
        }
        spec.resourceBundle(new Help(mixin == null ? new JobOptionsMixin() : mixin));
        for (final CommandLine sub : root.getSubcommands().values()) {
            installHelp(sub);
        }
    }

    /**
     * The help texts of the job options, as picocli reads them by their description keys, over
     * those of the commands (descriptions and options, by qualified name: {@code
     * CommandHelp.properties} beside this class).
     */
    private static final class Help extends ListResourceBundle {
        private static final ResourceBundle COMMANDS =
                ResourceBundle.getBundle("org.neurostream.deploy.cli.CommandHelp", Locale.ROOT);

        private final JobOptionsMixin mixin;

        Help(final JobOptionsMixin mixin) {
            this.mixin = mixin;
            setParent(COMMANDS);
        }

        @Override
        protected Object[][] getContents() {
            final Object[][] contents = new Object[JobOptions.ALL.size()][];
            int i = 0;
            for (final ConfigOption<?> o : JobOptions.ALL) {
                final String text =
                        mixin.defaults.containsKey(o)
                                ? JobOptions.text(mixin.defaults.get(o))
                                : null;
                contents[i++] =
                        new Object[] {
                            "job." + o.key().substring(JobOptions.PREFIX.length()),
                            JobOptions.help(o, mixin.notes.getOrDefault(o, text))
                        };
            }
            return contents;
        }
    }

    /** Reads {@code --delivery at-least-once|exactly-once}. */
    static final class DeliveryConverter implements CommandLine.ITypeConverter<DeliveryMode> {
        @Override
        public DeliveryMode convert(final String value) {
            try {
                return DeliveryMode.parse(value);
            } catch (final IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
