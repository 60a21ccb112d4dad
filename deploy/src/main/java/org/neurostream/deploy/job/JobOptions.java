package org.neurostream.deploy.job;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.description.Formatter;
import org.apache.flink.configuration.description.TextElement;
import org.neurostream.operators.compute.BackendKind;

/**
 * The job's settings as Flink {@link ConfigOption}s: key, type, default and description of each,
 * defined here and nowhere else. {@link JobConfig} reads them (from its builder, a command line or
 * a Flink {@code Configuration} such as a cluster's {@code config.yaml}); the command line offers
 * each as {@code --NAME}, the key without {@link #PREFIX} ({@link #cliName}); the README's
 * "Configuration" table lists them all (a test keeps it in step).
 *
 * <p>The low-latency settings are explicit here so that they are documented and measured, not
 * inherited from Flink's defaults.
 */
public final class JobOptions {
    /** Every key starts with this. */
    public static final String PREFIX = "neurostream.";

    /** Subtasks per operator. */
    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key(PREFIX + "parallelism")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Subtasks per operator (job parallelism).");

    /** Compute backend of the band-power and motif hot paths. */
    public static final ConfigOption<BackendKind> BACKEND =
            ConfigOptions.key(PREFIX + "backend")
                    .enumType(BackendKind.class)
                    .defaultValue(BackendKind.AUTO)
                    .withDescription(
                            "Compute backend of the band-power and motif hot paths: auto (an"
                                    + " OpenCL GPU if one exists, else cpu), cpu, or opencl (any"
                                    + " OpenCL device, GPU first); falls back to cpu with a"
                                    + " warning (README, \"Compute backends\").");

    /** The longest a band-power window waits to share a device call, on opencl. */
    public static final ConfigOption<Duration> BATCH_WAIT =
            ConfigOptions.key(PREFIX + "batch-wait")
                    .durationType()
                    .defaultValue(Duration.ofMillis(20))
                    .withDescription(
                            "With the opencl backend, the longest a band-power window waits for"
                                    + " the windows of other streams and channel groups to share"
                                    + " its device call (never more than one hop of the stream),"
                                    + " and a motif detection for the bins of other event streams"
                                    + " (never more than one bin); 0 computes each window when it"
                                    + " falls due (README, \"Compute backends\").");

    /** How the Kafka sinks deliver. */
    public static final ConfigOption<DeliveryMode> DELIVERY =
            ConfigOptions.key(PREFIX + "delivery")
                    .enumType(DeliveryMode.class)
                    .defaultValue(DeliveryMode.AT_LEAST_ONCE)
                    .withDescription(
                            "Kafka output mode (README, \"Kafka output modes\"): at-least-once"
                                    + " sends each record at once, numbered per stream (seq) for"
                                    + " consumers to drop repeats; exactly-once commits them in"
                                    + " Kafka transactions at each checkpoint, so a read_committed"
                                    + " consumer sees each once, after the checkpoint.");

    /** Decoder model file; none: no predictions. */
    public static final ConfigOption<String> MODEL =
            ConfigOptions.key(PREFIX + "model")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Decoder model file (JSON, from train-decoder); without one the job"
                                    + " makes no predictions.");

    /** Motif kernel for event streams; none: no motif detection on them. */
    public static final ConfigOption<String> MOTIF_MODEL =
            ConfigOptions.key(PREFIX + "motif-model")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Motif kernel (JSON, from motifs train or make-demo) for the event"
                                    + " streams (DVS, spikes); without one they get no motif"
                                    + " detection.");

    /** Motif kernel for the spikes inferred from calcium streams. */
    public static final ConfigOption<String> CALCIUM_MOTIF_MODEL =
            ConfigOptions.key(PREFIX + "calcium-motif-model")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Motif kernel for the spikes inferred from calcium streams, addresses"
                                    + " = ROIs (a kernel of its own: calcium addresses are ROIs,"
                                    + " not pixels); without one they get no motif detection.");

    /** Alert rules file; none: no alerts. */
    public static final ConfigOption<String> ALERTS =
            ConfigOptions.key(PREFIX + "alerts")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Alert rules file (YAML, or JSON when its name ends in .json; README,"
                                    + " \"Alerts\"), checked before the job starts; without one"
                                    + " the job raises no alerts.");

    /** Channel groups of band power: G channels each, auto, or 0 (every stream whole). */
    public static final ConfigOption<String> CHANNEL_GROUP =
            ConfigOptions.key(PREFIX + "channel-group")
                    .stringType()
                    .defaultValue("0")
                    .withDescription(
                            "Band power of streams wider than G channels runs per group of G"
                                    + " channels, each group its own key (so one wide stream"
                                    + " spreads over subtasks), and the groups' records are merged"
                                    + " back, equal to the unsplit job's; auto splits each stream"
                                    + " of at least 128 channels into one group per subtask"
                                    + " (parallelism), keyed so that the groups land on different"
                                    + " subtasks, and keeps narrower streams, and every stream at"
                                    + " parallelism 1, whole; 0 keeps every stream whole.");

    /** The span each band-power record describes. */
    public static final ConfigOption<Duration> BAND_WINDOW =
            ConfigOptions.key(PREFIX + "band-window")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "The span of a stream's last samples each band-power record (band"
                                    + " powers, relative powers, band entropy) describes, in"
                                    + " whole samples at the stream's rate.");

    /** Time between two band-power records of a stream. */
    public static final ConfigOption<Duration> BAND_HOP =
            ConfigOptions.key(PREFIX + "band-hop")
                    .durationType()
                    .defaultValue(Duration.ofMillis(250))
                    .withDescription(
                            "Time between two band-power records of a stream, counted on its"
                                    + " samples (the first once a whole window is in). A hop of"
                                    + " a whole number of segment steps (half a segment: 256ms"
                                    + " at 30 kHz with segments of 1024 samples) lets the"
                                    + " windows share their segments' periodograms, with the"
                                    + " same outputs (docs/features.md, \"Band power"
                                    + " parameters\").");

    /** Length of the Welch segments of a band-power window; 0: the whole window. */
    public static final ConfigOption<Duration> BAND_SEGMENT =
            ConfigOptions.key(PREFIX + "band-segment")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDescription(
                            "Length of the Welch segments of a band-power window (nperseg, in"
                                    + " whole samples at the stream's rate; segments overlap by"
                                    + " half), at most the window; 0 makes the whole window one"
                                    + " segment.");

    /** The rate calcium streams are resampled to; 0 leaves them at their own. */
    public static final ConfigOption<Double> RESAMPLE =
            ConfigOptions.key(PREFIX + "resample")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription(
                            "Calcium streams enter the calcium operator resampled to this rate (Hz),"
                                    + " anti-aliased (the polyphase filter of scipy's"
                                    + " resample_poly, streaming; docs/nwb.md), so that data"
                                    + " sets of different imaging rates are analysed alike; 0"
                                    + " leaves every stream at its own rate.");

    /** Resting-state descriptors on every EEG stream. */
    public static final ConfigOption<Boolean> DESCRIPTORS =
            ConfigOptions.key(PREFIX + "descriptors")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Resting-state descriptors on every EEG stream (connectivity,"
                                    + " aperiodic exponent, Hjorth, DFA, phase-amplitude coupling,"
                                    + " alpha frequency; README, \"Resting-state descriptors\"),"
                                    + " as records on neuro.features; false turns them off.");

    /** Window of the descriptors other than DFA. */
    public static final ConfigOption<Duration> DESCRIPTOR_WINDOW =
            ConfigOptions.key(PREFIX + "descriptor-window")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "The span of a stream's last samples each connectivity, aperiodic,"
                                    + " Hjorth, PAC and alpha-frequency record describes.");

    /** Step of the descriptors other than DFA. */
    public static final ConfigOption<Duration> DESCRIPTOR_STEP =
            ConfigOptions.key(PREFIX + "descriptor-step")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Time between two records of each of those kinds, counted on the"
                                    + " stream's samples from its first (the first once a whole"
                                    + " window is in).");

    /** Window of DFA. */
    public static final ConfigOption<Duration> DFA_WINDOW =
            ConfigOptions.key(PREFIX + "dfa-window")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "The span of a stream's last samples each DFA record describes (the"
                                    + " descriptors keep this much of every EEG stream in state).");

    /** Step of DFA. */
    public static final ConfigOption<Duration> DFA_STEP =
            ConfigOptions.key(PREFIX + "dfa-step")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Time between two DFA records of a stream.");

    /** Time between checkpoints; zero turns them off. */
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key(PREFIX + "checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Time between checkpoints: a recovery replays about this much input,"
                                    + " and with exactly-once delivery it is the commit period;"
                                    + " 0 turns checkpoints off (bounded runs that are never"
                                    + " restarted, such as a journal replay, which always runs"
                                    + " without).");

    /** Where checkpoints go. */
    public static final ConfigOption<String> CHECKPOINT_DIRECTORY =
            ConfigOptions.key(PREFIX + "checkpoint-directory")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Where checkpoints are written (a path or URI; the state lives on the"
                                    + " heap). Without one: the folder neurostream-checkpoints"
                                    + " under java.io.tmpdir, enough for restarts within a run; a"
                                    + " cluster's state.checkpoints.dir where it names one.");

    /** Whether checkpoint barriers overtake the records in flight instead of aligning. */
    public static final ConfigOption<Boolean> CHECKPOINT_UNALIGNED =
            ConfigOptions.key(PREFIX + "checkpoint-unaligned")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Unaligned checkpoints: a task with several inputs (the decoder:"
                                    + " features and published models) goes on reading an input"
                                    + " whose barrier came first instead of holding it back until"
                                    + " the barriers of the others come, and the records in flight"
                                    + " are stored with the checkpoint. Still exactly-once; a"
                                    + " savepoint is always aligned.");

    /** When the state of a stream that stopped sending is freed. */
    public static final ConfigOption<Duration> STREAM_IDLE_TIMEOUT =
            ConfigOptions.key(PREFIX + "stream-idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "When the keyed state of a stream that stopped sending without an"
                                    + " end-of-stream frame is freed (every keyed operator; counted"
                                    + " in their idleStreams metric), on the task's wall clock; a"
                                    + " journal replay counts it on device time; 0 never frees it.");

    /** Restarts before the job gives up. */
    public static final ConfigOption<Integer> RESTART_ATTEMPTS =
            ConfigOptions.key(PREFIX + "restart-attempts")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Restarts after a failure before the job gives up (fixed-delay"
                                    + " strategy; a strategy already set on the environment is"
                                    + " kept).");

    /** Wait before each restart. */
    public static final ConfigOption<Duration> RESTART_DELAY =
            ConfigOptions.key(PREFIX + "restart-delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("Wait before each restart.");

    /** Prefix of the Kafka transactional ids. */
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key(PREFIX + "transactional-id-prefix")
                    .stringType()
                    .defaultValue("neurostream")
                    .withDescription(
                            "Prefix of the Kafka transactional ids with exactly-once delivery;"
                                    + " each sink adds its own name. Two jobs on one cluster need"
                                    + " different prefixes, or they fence each other.");

    /**
     * The Kafka client-properties file of the job's sources and sinks (and of every client of the
     * command that runs it). Single settings may also come as keys of the job's configuration
     * ({@link KafkaJobSettings}: {@code neurostream.kafka.sasl.jaas.config}, ...), over the file's:
     * that is how a job on a cluster gets them, with Flink masking their secrets.
     */
    public static final ConfigOption<String> KAFKA_CONFIG =
            ConfigOptions.key(PREFIX + "kafka-config")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Kafka client-properties file (Kafka's format: security.protocol,"
                                    + " ssl.*, sasl.*, ...) for every Kafka client, merged over"
                                    + " NeuroStream's own settings and checked before anything"
                                    + " starts (README, \"Security\"); without one, the file the"
                                    + " environment variable NEUROSTREAM_KAFKA_CONFIG names, else"
                                    + " plaintext without credentials. Keys neurostream.kafka.NAME"
                                    + " (a Kafka client property) of the job's configuration set"
                                    + " single settings over the file's: a job on a cluster gets"
                                    + " them so, its secrets masked by Flink.");

    /** Flink network buffer timeout. */
    public static final ConfigOption<Duration> BUFFER_TIMEOUT =
            ConfigOptions.key(PREFIX + "buffer-timeout")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDescription(
                            "Flink network buffer timeout: 0 flushes after every record (lowest"
                                    + " latency; records are few and small).");

    /** How often watermarks are emitted. */
    public static final ConfigOption<Duration> WATERMARK_INTERVAL =
            ConfigOptions.key(PREFIX + "watermark-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(50))
                    .withDescription("How often watermarks are emitted.");

    /** Out-of-orderness allowed across the streams that share a source split. */
    public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS =
            ConfigOptions.key(PREFIX + "watermark-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Out-of-orderness of device time allowed across the streams that"
                                    + " share a source split.");

    /** A stream silent this long no longer holds back watermarks. */
    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key(PREFIX + "idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("A stream silent this long no longer holds back watermarks.");

    /** Every option, in the order the README lists them. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    PARALLELISM,
                    BACKEND,
                    BATCH_WAIT,
                    DELIVERY,
                    MODEL,
                    MOTIF_MODEL,
                    CALCIUM_MOTIF_MODEL,
                    ALERTS,
                    CHANNEL_GROUP,
                    BAND_WINDOW,
                    BAND_HOP,
                    BAND_SEGMENT,
                    RESAMPLE,
                    DESCRIPTORS,
                    DESCRIPTOR_WINDOW,
                    DESCRIPTOR_STEP,
                    DFA_WINDOW,
                    DFA_STEP,
                    CHECKPOINT_INTERVAL,
                    CHECKPOINT_DIRECTORY,
                    CHECKPOINT_UNALIGNED,
                    STREAM_IDLE_TIMEOUT,
                    RESTART_ATTEMPTS,
                    RESTART_DELAY,
                    TRANSACTIONAL_ID_PREFIX,
                    KAFKA_CONFIG,
                    BUFFER_TIMEOUT,
                    WATERMARK_INTERVAL,
                    WATERMARK_OUT_OF_ORDERNESS,
                    IDLENESS);

    private JobOptions() {}

    /** The option's command-line name: {@code --} and its key without {@link #PREFIX}. */
    public static String cliName(final ConfigOption<?> option) {
        return "--" + option.key().substring(PREFIX.length());
    }

    /** The option whose command-line name is {@code name} ({@code --parallelism}), or null. */
    public static ConfigOption<?> byCliName(final String name) {
        for (final ConfigOption<?> o : ALL) {
            if (cliName(o).equals(name)) {
                return o;
            }
        }
        return null;
    }

    /** The option's description as plain text. */
    public static String description(final ConfigOption<?> option) {
        return new PlainText().format(option.description());
    }

    /**
     * A value as a command line and a Flink configuration both read it: durations as {@code 1s},
     * {@code 50ms} or {@code 10m}, enums by their option text ({@code auto}, {@code exactly-once}),
     * "none" for no value.
     */
    public static String text(final Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Duration d) {
            if (d.toMillis() % 1000 != 0) {
                return d.toMillis() + "ms";
            }
            return d.toSeconds() >= 60 && d.toSeconds() % 60 == 0
                    ? d.toMinutes() + "m"
                    : d.toSeconds() + "s";
        }
        if (value instanceof Enum<?> e) {
            return e.toString().toLowerCase(Locale.ROOT);
        }
        return value.toString();
    }

    /**
     * The option's help on a command line: its description, then {@code (default: TEXT).} with
     * {@code defaultText} (the command's own where it has one, else {@link #defaultText}).
     */
    public static String help(final ConfigOption<?> option, final String defaultText) {
        final String d = description(option);
        return (d.endsWith(".") ? d.substring(0, d.length() - 1) : d)
                + " (default: "
                + (defaultText != null ? defaultText : defaultText(option))
                + ").";
    }

    /** The option's default as {@link #text}, "none" when it has none. */
    public static String defaultText(final ConfigOption<?> option) {
        return text(option.hasDefaultValue() ? option.defaultValue() : null);
    }

    /** The option's type as the README names it. */
    public static String typeName(final ConfigOption<?> option) {
        if (option == CHANNEL_GROUP) {
            return "integer|auto";
        }
        final Object value = option.hasDefaultValue() ? option.defaultValue() : "";
        if (value instanceof Enum<?> e) {
            final StringBuilder names = new StringBuilder();
            for (final Object c : e.getDeclaringClass().getEnumConstants()) {
                names.append(names.length() == 0 ? "" : "|").append(text(c));
            }
            return names.toString();
        }
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** Flink's option descriptions as plain text (Flink ships only an HTML formatter). */
    private static final class PlainText extends Formatter {
        @Override
        protected void formatLink(final StringBuilder state, final String link, final String text) {
            state.append(text);
        }

        @Override
        protected void formatLineBreak(final StringBuilder state) {
            state.append(' ');
        }

        @Override
        protected void formatText(
                final StringBuilder state,
                final String format,
                final String[] elements,
                final EnumSet<TextElement.TextStyle> styles) {
            state.append(
                    elements.length == 0 ? format : String.format(format, (Object[]) elements));
        }

        @Override
        protected void formatList(final StringBuilder state, final String[] entries) {
            state.append(String.join("; ", entries));
        }

        @Override
        protected Formatter newInstance() {
            return new PlainText();
        }
    }
}
