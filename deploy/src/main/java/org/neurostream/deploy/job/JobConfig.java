package org.neurostream.deploy.job;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.kafka.KafkaConfigException;
import org.neurostream.core.time.Durations;
import org.neurostream.models.flink.MotifFunctions;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.monitoring.alerts.AlertRules;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.descriptors.DescriptorOptions;
import org.neurostream.operators.flink.AvalancheFunction;
import org.neurostream.operators.flink.CalciumFunction;
import org.neurostream.operators.flink.IdleTimeout;
import org.neurostream.operators.flink.MotifFunction;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.BandPowerOptions;

/**
 * Everything the job is configured with besides its endpoints: immutable, validated, and made in
 * one way, by {@link #builder()} (or {@link #fromConfiguration} on a cluster). The settings that
 * are options ({@link JobOptions}) take their defaults from there; the kernel settings (band power,
 * avalanches, calcium, frame limits) take theirs from the kernels.
 *
 * <pre>{@code
 * JobConfig config = JobConfig.builder()
 *         .parallelism(2)
 *         .delivery(DeliveryMode.EXACTLY_ONCE)
 *         .modelFile(Path.of("replay-data/models/rest-vs-imagery.json"))
 *         .build(); // reads and checks the files, or throws JobConfigException
 * }</pre>
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * {@link #channelGroupSize} of {@code --channel-group auto}: the groups chosen per stream by
     * its channel count and the parallelism ({@code operators.flink.ChannelGroups#auto}).
     */
    public static final int AUTO_CHANNEL_GROUPS = -1;

    private static final String AUTO = "auto";

    private final int parallelism;
    private final BackendKind computeBackend;
    private final Duration batchWait;
    private final DeliveryMode delivery;
    private final String modelJson;
    private final String modelName;
    private final MotifFunction motifs;
    private final MotifFunction calciumMotifs;
    private final AlertRules alertRules;
    private final int channelGroupSize;
    private final double resampleHz;
    private final DescriptorOptions descriptors;
    private final Duration checkpointInterval;
    private final String checkpointDirectory;
    private final boolean checkpointUnaligned;
    private final IdleTimeout streamIdleTimeout;
    private final int restartAttempts;
    private final Duration restartDelay;
    private final String transactionalIdPrefix;
    private final KafkaClients kafka;
    private final Duration bufferTimeout;
    private final Duration watermarkInterval;
    private final Duration watermarkOutOfOrderness;
    private final Duration idleness;
    private final BandPowerOptions bandPower;
    private final AvalancheFunction avalanches;
    private final CalciumFunction calcium;
    private final FrameValidator validator;

    private JobConfig(final Builder b) {
        parallelism = b.parallelism;
        computeBackend = b.computeBackend;
        batchWait = b.batchWait;
        delivery = b.delivery;
        modelJson = b.modelJson;
        modelName = b.modelName;
        motifs = b.motifs;
        calciumMotifs = b.calciumMotifs;
        alertRules = b.alertRules;
        channelGroupSize = b.channelGroupSize;
        resampleHz = b.resampleHz;
        descriptors = b.descriptorsOn ? b.descriptorOptions : null;
        checkpointInterval = b.checkpointInterval;
        checkpointDirectory =
                b.checkpointDirectory != null
                        ? b.checkpointDirectory
                        : Path.of(System.getProperty("java.io.tmpdir"), "neurostream-checkpoints")
                                .toUri()
                                .toString();
        checkpointUnaligned = b.checkpointUnaligned;
        streamIdleTimeout = b.streamIdleTimeout;
        restartAttempts = b.restartAttempts;
        restartDelay = b.restartDelay;
        transactionalIdPrefix = b.transactionalIdPrefix;
        kafka = b.kafka;
        bufferTimeout = b.bufferTimeout;
        watermarkInterval = b.watermarkInterval;
        watermarkOutOfOrderness = b.watermarkOutOfOrderness;
        idleness = b.idleness;
        bandPower = b.bandPower;
        avalanches = b.avalanches;
        calcium = b.calcium;
        validator = b.validator;
    }

    private static Duration ofSeconds(final double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configuration a Flink {@code Configuration} (a cluster's {@code config.yaml}, or {@code
     * -D} options) gives: every {@link JobOptions} key it holds, defaults for the others.
     *
     * @throws JobConfigException naming the option or file that is wrong
     */
    public static JobConfig fromConfiguration(final ReadableConfig configuration) {
        return builder().configure(configuration).build();
    }

    /** A builder holding this configuration, to derive another from it. */
    public Builder toBuilder() {
        final Builder b = new Builder();
        b.parallelism = parallelism;
        b.computeBackend = computeBackend;
        b.batchWait = batchWait;
        b.delivery = delivery;
        b.modelJson = modelJson;
        b.modelName = modelName;
        b.motifs = motifs;
        b.calciumMotifs = calciumMotifs;
        b.alertRules = alertRules;
        b.channelGroupSize = channelGroupSize;
        b.resampleHz = resampleHz;
        if (descriptors != null) {
            b.descriptorOptions = descriptors;
            b.descriptorWindow = ofSeconds(descriptors.windowSeconds);
            b.descriptorStep = ofSeconds(descriptors.hopSeconds);
            b.dfaWindow = ofSeconds(descriptors.dfaWindowSeconds);
            b.dfaStep = ofSeconds(descriptors.dfaHopSeconds);
        }
        b.descriptorsOn = descriptors != null;
        b.checkpointInterval = checkpointInterval;
        b.checkpointDirectory = checkpointDirectory;
        b.checkpointUnaligned = checkpointUnaligned;
        b.streamIdleTimeout = streamIdleTimeout;
        b.restartAttempts = restartAttempts;
        b.restartDelay = restartDelay;
        b.transactionalIdPrefix = transactionalIdPrefix;
        b.kafka = kafka;
        b.bufferTimeout = bufferTimeout;
        b.watermarkInterval = watermarkInterval;
        b.watermarkOutOfOrderness = watermarkOutOfOrderness;
        b.idleness = idleness;
        b.bandPower(bandPower);
        b.avalanches = avalanches;
        b.calcium = calcium;
        b.validator = validator;
        return b;
    }

    /** {@link JobOptions#PARALLELISM}. */
    public int parallelism() {
        return parallelism;
    }

    /** {@link JobOptions#BACKEND}. */
    public BackendKind computeBackend() {
        return computeBackend;
    }

    /** {@link JobOptions#BATCH_WAIT}. */
    public Duration batchWait() {
        return batchWait;
    }

    /** {@link JobOptions#DELIVERY}. */
    public DeliveryMode delivery() {
        return delivery;
    }

    /** The decoder model's JSON ({@link JobOptions#MODEL}); null: no predictions. */
    public String modelJson() {
        return modelJson;
    }

    /** How predictions name the model, usually its file name. */
    public String modelName() {
        return modelName;
    }

    /** Motif detection on event streams ({@link JobOptions#MOTIF_MODEL}); null: none. */
    public MotifFunction motifs() {
        return motifs;
    }

    /** Motif detection on calcium spikes ({@link JobOptions#CALCIUM_MOTIF_MODEL}); null: none. */
    public MotifFunction calciumMotifs() {
        return calciumMotifs;
    }

    /** The alert rules ({@link JobOptions#ALERTS}), on bands the job computes; null: none. */
    public AlertRules alertRules() {
        return alertRules;
    }

    /**
     * {@link JobOptions#CHANNEL_GROUP}: the most channels of a group, 0 for whole streams, {@link
     * #AUTO_CHANNEL_GROUPS} for groups chosen per stream.
     */
    public int channelGroupSize() {
        return channelGroupSize;
    }

    /** Whether the channel groups are chosen per stream ({@code --channel-group auto}). */
    public boolean autoChannelGroups() {
        return channelGroupSize == AUTO_CHANNEL_GROUPS;
    }

    /** {@link JobOptions#CHANNEL_GROUP} as the command line takes it: a number or {@code auto}. */
    public String channelGroupText() {
        return channelGroupText(channelGroupSize);
    }

    /** A {@link #channelGroupSize} as the command line takes it: a number or {@code auto}. */
    public static String channelGroupText(final int channelGroupSize) {
        return channelGroupSize == AUTO_CHANNEL_GROUPS ? AUTO : Integer.toString(channelGroupSize);
    }

    /** {@link JobOptions#RESAMPLE}: the calcium streams' rate, Hz; 0: their own. */
    public double resampleHz() {
        return resampleHz;
    }

    /**
     * The resting-state descriptors of every EEG stream ({@link JobOptions#DESCRIPTORS}, with the
     * windows and steps of {@link JobOptions#DESCRIPTOR_WINDOW} and the others); null: off.
     */
    public DescriptorOptions descriptors() {
        return descriptors;
    }

    /** {@link JobOptions#CHECKPOINT_INTERVAL}; zero: no checkpoints. */
    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** {@link JobOptions#CHECKPOINT_DIRECTORY}, resolved to its default when none was given. */
    public String checkpointDirectory() {
        return checkpointDirectory;
    }

    /** {@link JobOptions#CHECKPOINT_UNALIGNED}. */
    public boolean checkpointUnaligned() {
        return checkpointUnaligned;
    }

    /**
     * {@link JobOptions#STREAM_IDLE_TIMEOUT}: on the task's wall clock unless set otherwise (a
     * journal replay counts it on device time).
     */
    public IdleTimeout streamIdleTimeout() {
        return streamIdleTimeout;
    }

    /** {@link JobOptions#RESTART_ATTEMPTS}. */
    public int restartAttempts() {
        return restartAttempts;
    }

    /** {@link JobOptions#RESTART_DELAY}. */
    public Duration restartDelay() {
        return restartDelay;
    }

    /** {@link JobOptions#TRANSACTIONAL_ID_PREFIX}. */
    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    /**
     * The one source of the job's Kafka clients ({@link JobOptions#KAFKA_CONFIG}): its sources and
     * sinks, and every other client of the command that runs it (the dashboard's feed, the demo's
     * bridges and monitors), take their settings from it.
     */
    public KafkaClients kafka() {
        return kafka;
    }

    /** {@link JobOptions#BUFFER_TIMEOUT}. */
    public Duration bufferTimeout() {
        return bufferTimeout;
    }

    /** {@link JobOptions#WATERMARK_INTERVAL}. */
    public Duration watermarkInterval() {
        return watermarkInterval;
    }

    /** {@link JobOptions#WATERMARK_OUT_OF_ORDERNESS}. */
    public Duration watermarkOutOfOrderness() {
        return watermarkOutOfOrderness;
    }

    /** {@link JobOptions#IDLENESS}. */
    public Duration idleness() {
        return idleness;
    }

    /**
     * Streaming band power: windows, hop and segments of {@link JobOptions#BAND_WINDOW}, {@link
     * JobOptions#BAND_HOP} and {@link JobOptions#BAND_SEGMENT} (2 s windows every 0.25 s, one
     * segment each), the five EEG bands.
     */
    public BandPowerOptions bandPower() {
        return bandPower;
    }

    /** Avalanches of sampled streams: threshold 3, running baseline 10 s, 25 ms bins. */
    public AvalancheFunction avalanches() {
        return avalanches;
    }

    /** Calcium imaging: dF/F, OASIS spike inference (fixed tau 1 s), events into avalanches. */
    public CalciumFunction calcium() {
        return calcium;
    }

    /** The limits frames are validated against. */
    public FrameValidator validator() {
        return validator;
    }

    /**
     * Builds a {@link JobConfig}. Setters take values as given; {@link #build()} reads the files
     * named, checks every value and the values against each other, and says what is wrong.
     */
    public static final class Builder {
        private int parallelism = JobOptions.PARALLELISM.defaultValue();
        private BackendKind computeBackend = JobOptions.BACKEND.defaultValue();
        private Duration batchWait = JobOptions.BATCH_WAIT.defaultValue();
        private DeliveryMode delivery = JobOptions.DELIVERY.defaultValue();
        private String modelJson;
        private String modelName;
        private Path modelFile;
        private MotifFunction motifs;
        private Path motifModelFile;
        private MotifFunction calciumMotifs;
        private Path calciumMotifModelFile;
        private AlertRules alertRules;
        private Path alertsFile;
        private int channelGroupSize = Integer.parseInt(JobOptions.CHANNEL_GROUP.defaultValue());
        private double resampleHz = JobOptions.RESAMPLE.defaultValue();
        private boolean descriptorsOn = JobOptions.DESCRIPTORS.defaultValue();
        private DescriptorOptions descriptorOptions = DescriptorOptions.DEFAULTS;
        private Duration descriptorWindow = JobOptions.DESCRIPTOR_WINDOW.defaultValue();
        private Duration descriptorStep = JobOptions.DESCRIPTOR_STEP.defaultValue();
        private Duration dfaWindow = JobOptions.DFA_WINDOW.defaultValue();
        private Duration dfaStep = JobOptions.DFA_STEP.defaultValue();
        private Duration checkpointInterval = JobOptions.CHECKPOINT_INTERVAL.defaultValue();
        private String checkpointDirectory;
        private boolean checkpointUnaligned = JobOptions.CHECKPOINT_UNALIGNED.defaultValue();
        private IdleTimeout streamIdleTimeout =
                IdleTimeout.onProcessingTime(JobOptions.STREAM_IDLE_TIMEOUT.defaultValue());
        private int restartAttempts = JobOptions.RESTART_ATTEMPTS.defaultValue();
        private Duration restartDelay = JobOptions.RESTART_DELAY.defaultValue();
        private String transactionalIdPrefix = JobOptions.TRANSACTIONAL_ID_PREFIX.defaultValue();
        private Path kafkaConfigFile;
        private KafkaClients kafka;
        private Map<String, String> kafkaSettings = Map.of();
        private Duration bufferTimeout = JobOptions.BUFFER_TIMEOUT.defaultValue();
        private Duration watermarkInterval = JobOptions.WATERMARK_INTERVAL.defaultValue();
        private Duration watermarkOutOfOrderness =
                JobOptions.WATERMARK_OUT_OF_ORDERNESS.defaultValue();
        private Duration idleness = JobOptions.IDLENESS.defaultValue();
        private BandPowerOptions bandPower = BandPowerOptions.defaults();
        private Duration bandWindow = JobOptions.BAND_WINDOW.defaultValue();
        private Duration bandHop = JobOptions.BAND_HOP.defaultValue();
        private Duration bandSegment = JobOptions.BAND_SEGMENT.defaultValue();
        private AvalancheFunction avalanches = AvalancheFunction.withDefaults();
        private CalciumFunction calcium = CalciumFunction.withJobDefaults();
        private FrameValidator validator = FrameValidator.withDefaultLimits();

        private Builder() {}

        /**
         * Configures from a command's own {@code defaults} (by option) and then the user's {@code
         * -D KEY=VALUE} {@code settings}, which win over them.
         *
         * @throws JobConfigException naming a key that is no job option, or a value that does not
         *     parse
         */
        public Builder configure(
                final Map<ConfigOption<?>, Object> defaults, final Map<String, String> settings) {
            for (final String key : settings.keySet()) {
                if (JobOptions.ALL.stream().noneMatch(o -> o.key().equals(key))) {
                    throw new JobConfigException("-D " + key + ": no such job option");
                }
            }
            try {
                final Configuration own = new Configuration();
                defaults.forEach((option, value) -> set(own, option, value));
                configure(own);
                return configure(Configuration.fromMap(settings));
            } catch (final IllegalArgumentException e) {
                throw new JobConfigException("-D: " + e.getMessage());
            }
        }

        @SuppressWarnings("unchecked")
        private static <T> void set(
                final Configuration configuration,
                final ConfigOption<T> option,
                final Object value) {
            configuration.set(option, (T) value);
        }

        /** Sets every option that {@code configuration} holds; the others stay as they are. */
        public Builder configure(final ReadableConfig configuration) {
            configuration.getOptional(JobOptions.PARALLELISM).ifPresent(this::parallelism);
            configuration.getOptional(JobOptions.BACKEND).ifPresent(this::computeBackend);
            configuration.getOptional(JobOptions.BATCH_WAIT).ifPresent(this::batchWait);
            configuration.getOptional(JobOptions.DELIVERY).ifPresent(this::delivery);
            configuration.getOptional(JobOptions.MODEL).map(Path::of).ifPresent(this::modelFile);
            configuration
                    .getOptional(JobOptions.MOTIF_MODEL)
                    .map(Path::of)
                    .ifPresent(this::motifModelFile);
            configuration
                    .getOptional(JobOptions.CALCIUM_MOTIF_MODEL)
                    .map(Path::of)
                    .ifPresent(this::calciumMotifModelFile);
            configuration.getOptional(JobOptions.ALERTS).map(Path::of).ifPresent(this::alertsFile);
            configuration.getOptional(JobOptions.CHANNEL_GROUP).ifPresent(this::channelGroups);
            configuration.getOptional(JobOptions.BAND_WINDOW).ifPresent(this::bandWindow);
            configuration.getOptional(JobOptions.BAND_HOP).ifPresent(this::bandHop);
            configuration.getOptional(JobOptions.BAND_SEGMENT).ifPresent(this::bandSegment);
            configuration.getOptional(JobOptions.RESAMPLE).ifPresent(this::resampleHz);
            configuration.getOptional(JobOptions.DESCRIPTORS).ifPresent(this::descriptors);
            configuration
                    .getOptional(JobOptions.DESCRIPTOR_WINDOW)
                    .ifPresent(this::descriptorWindow);
            configuration.getOptional(JobOptions.DESCRIPTOR_STEP).ifPresent(this::descriptorStep);
            configuration.getOptional(JobOptions.DFA_WINDOW).ifPresent(this::dfaWindow);
            configuration.getOptional(JobOptions.DFA_STEP).ifPresent(this::dfaStep);
            configuration
                    .getOptional(JobOptions.CHECKPOINT_INTERVAL)
                    .ifPresent(this::checkpointInterval);
            configuration
                    .getOptional(JobOptions.CHECKPOINT_DIRECTORY)
                    .ifPresent(this::checkpointDirectory);
            configuration
                    .getOptional(JobOptions.CHECKPOINT_UNALIGNED)
                    .ifPresent(this::checkpointUnaligned);
            configuration
                    .getOptional(JobOptions.STREAM_IDLE_TIMEOUT)
                    .map(IdleTimeout::onProcessingTime)
                    .ifPresent(this::streamIdleTimeout);
            configuration.getOptional(JobOptions.RESTART_ATTEMPTS).ifPresent(this::restartAttempts);
            configuration.getOptional(JobOptions.RESTART_DELAY).ifPresent(this::restartDelay);
            configuration
                    .getOptional(JobOptions.TRANSACTIONAL_ID_PREFIX)
                    .ifPresent(this::transactionalIdPrefix);
            configuration
                    .getOptional(JobOptions.KAFKA_CONFIG)
                    .map(Path::of)
                    .ifPresent(this::kafkaConfigFile);
            final Map<String, String> shipped =
                    KafkaJobSettings.fromConfiguration(configuration.toMap());
            if (!shipped.isEmpty()) {
                kafkaSettings(shipped);
            }
            configuration.getOptional(JobOptions.BUFFER_TIMEOUT).ifPresent(this::bufferTimeout);
            configuration
                    .getOptional(JobOptions.WATERMARK_INTERVAL)
                    .ifPresent(this::watermarkInterval);
            configuration
                    .getOptional(JobOptions.WATERMARK_OUT_OF_ORDERNESS)
                    .ifPresent(this::watermarkOutOfOrderness);
            configuration.getOptional(JobOptions.IDLENESS).ifPresent(this::idleness);
            return this;
        }

        /** {@link JobOptions#PARALLELISM}. */
        public Builder parallelism(final int value) {
            parallelism = value;
            return this;
        }

        /** {@link JobOptions#BACKEND}. */
        public Builder computeBackend(final BackendKind value) {
            computeBackend = value;
            return this;
        }

        /** {@link JobOptions#BATCH_WAIT}. */
        public Builder batchWait(final Duration value) {
            batchWait = value;
            return this;
        }

        /** {@link JobOptions#DELIVERY}. */
        public Builder delivery(final DeliveryMode value) {
            delivery = value;
            return this;
        }

        /** The decoder model file ({@link JobOptions#MODEL}), read and checked by build. */
        public Builder modelFile(final Path file) {
            modelFile = file;
            modelJson = null;
            return this;
        }

        /** The decoder model as JSON text, named {@code name} in the predictions. */
        public Builder model(final String json, final String name) {
            modelJson = json;
            modelName = name;
            modelFile = null;
            return this;
        }

        /** The event streams' motif kernel file ({@link JobOptions#MOTIF_MODEL}). */
        public Builder motifModelFile(final Path file) {
            motifModelFile = file;
            motifs = null;
            return this;
        }

        /** The event streams' motif detector, made already. */
        public Builder motifs(final MotifFunction detector) {
            motifs = detector;
            motifModelFile = null;
            return this;
        }

        /** The calcium spikes' motif kernel file ({@link JobOptions#CALCIUM_MOTIF_MODEL}). */
        public Builder calciumMotifModelFile(final Path file) {
            calciumMotifModelFile = file;
            calciumMotifs = null;
            return this;
        }

        /** The calcium spikes' motif detector, made already. */
        public Builder calciumMotifs(final MotifFunction detector) {
            calciumMotifs = detector;
            calciumMotifModelFile = null;
            return this;
        }

        /** The alert rules file ({@link JobOptions#ALERTS}). */
        public Builder alertsFile(final Path file) {
            alertsFile = file;
            alertRules = null;
            return this;
        }

        /** Alert rules parsed already. */
        public Builder alertRules(final AlertRules rules) {
            alertRules = rules;
            alertsFile = null;
            return this;
        }

        /**
         * {@link JobOptions#CHANNEL_GROUP}: channels per group, 0 for whole streams, {@link
         * #AUTO_CHANNEL_GROUPS} for groups chosen per stream.
         */
        public Builder channelGroupSize(final int value) {
            channelGroupSize = value;
            return this;
        }

        /**
         * {@link JobOptions#CHANNEL_GROUP} as text: a channel count or {@code auto}.
         *
         * @throws JobConfigException when it is neither
         */
        public Builder channelGroups(final String value) {
            final String v = value.trim();
            if (AUTO.equals(v)) {
                return channelGroupSize(AUTO_CHANNEL_GROUPS);
            }
            try {
                return channelGroupSize(Integer.parseInt(v));
            } catch (final NumberFormatException e) {
                throw new JobConfigException(
                        JobOptions.cliName(JobOptions.CHANNEL_GROUP)
                                + " must be a channel count of 0 (whole streams) or more, or auto,"
                                + " not "
                                + value);
            }
        }

        /** {@link JobOptions#RESAMPLE}. */
        public Builder resampleHz(final double value) {
            resampleHz = value;
            return this;
        }

        /** {@link JobOptions#DESCRIPTORS}. */
        public Builder descriptors(final boolean on) {
            descriptorsOn = on;
            return this;
        }

        /** {@link JobOptions#DESCRIPTOR_WINDOW}. */
        public Builder descriptorWindow(final Duration value) {
            descriptorWindow = value;
            return this;
        }

        /** {@link JobOptions#DESCRIPTOR_STEP}. */
        public Builder descriptorStep(final Duration value) {
            descriptorStep = value;
            return this;
        }

        /** {@link JobOptions#DFA_WINDOW}. */
        public Builder dfaWindow(final Duration value) {
            dfaWindow = value;
            return this;
        }

        /** {@link JobOptions#DFA_STEP}. */
        public Builder dfaStep(final Duration value) {
            dfaStep = value;
            return this;
        }

        /**
         * The descriptors' kernel settings (bands, epochs, FOOOF, DFA, PAC and alpha settings);
         * their windows and steps come from the four options above.
         */
        public Builder descriptorOptions(final DescriptorOptions value) {
            descriptorOptions = value;
            return this;
        }

        /** {@link JobOptions#CHECKPOINT_INTERVAL}. */
        public Builder checkpointInterval(final Duration value) {
            checkpointInterval = value;
            return this;
        }

        /** {@link JobOptions#CHECKPOINT_DIRECTORY}. */
        public Builder checkpointDirectory(final String value) {
            checkpointDirectory = value;
            return this;
        }

        /** {@link JobOptions#CHECKPOINT_UNALIGNED}. */
        public Builder checkpointUnaligned(final boolean value) {
            checkpointUnaligned = value;
            return this;
        }

        /** {@link JobOptions#STREAM_IDLE_TIMEOUT}, with the clock it counts on. */
        public Builder streamIdleTimeout(final IdleTimeout value) {
            streamIdleTimeout = value;
            return this;
        }

        /** {@link JobOptions#RESTART_ATTEMPTS}. */
        public Builder restartAttempts(final int value) {
            restartAttempts = value;
            return this;
        }

        /** {@link JobOptions#RESTART_DELAY}. */
        public Builder restartDelay(final Duration value) {
            restartDelay = value;
            return this;
        }

        /** {@link JobOptions#TRANSACTIONAL_ID_PREFIX}. */
        public Builder transactionalIdPrefix(final String value) {
            transactionalIdPrefix = value;
            return this;
        }

        /** The Kafka client-properties file ({@link JobOptions#KAFKA_CONFIG}), read by build. */
        public Builder kafkaConfigFile(final Path file) {
            kafkaConfigFile = file;
            kafka = null;
            return this;
        }

        /** The Kafka clients' settings, made already (a secure embedded broker's principal). */
        public Builder kafka(final KafkaClients value) {
            kafka = value;
            kafkaConfigFile = null;
            return this;
        }

        /**
         * Kafka client settings that the job's configuration carries ({@link KafkaJobSettings}: a
         * job on a cluster), by Kafka's names; build merges them over the file's and checks them.
         */
        public Builder kafkaSettings(final Map<String, String> settings) {
            kafkaSettings = Map.copyOf(settings);
            return this;
        }

        /** {@link JobOptions#BUFFER_TIMEOUT}. */
        public Builder bufferTimeout(final Duration value) {
            bufferTimeout = value;
            return this;
        }

        /** {@link JobOptions#WATERMARK_INTERVAL}. */
        public Builder watermarkInterval(final Duration value) {
            watermarkInterval = value;
            return this;
        }

        /** {@link JobOptions#WATERMARK_OUT_OF_ORDERNESS}. */
        public Builder watermarkOutOfOrderness(final Duration value) {
            watermarkOutOfOrderness = value;
            return this;
        }

        /** {@link JobOptions#IDLENESS}. */
        public Builder idleness(final Duration value) {
            idleness = value;
            return this;
        }

        /**
         * Streaming band-power settings, window, hop and segment included; {@link #bandWindow},
         * {@link #bandHop} and {@link #bandSegment} set afterwards replace those three.
         */
        public Builder bandPower(final BandPowerOptions value) {
            bandPower = value;
            bandWindow = ofSeconds(value.windowSeconds);
            bandHop = ofSeconds(value.hopSeconds);
            bandSegment = ofSeconds(value.segmentSeconds);
            return this;
        }

        /** {@link JobOptions#BAND_WINDOW}. */
        public Builder bandWindow(final Duration value) {
            bandWindow = value;
            return this;
        }

        /** {@link JobOptions#BAND_HOP}. */
        public Builder bandHop(final Duration value) {
            bandHop = value;
            return this;
        }

        /** {@link JobOptions#BAND_SEGMENT}: 0 for one segment per window. */
        public Builder bandSegment(final Duration value) {
            bandSegment = value;
            return this;
        }

        /** Avalanche analysis of sampled streams. */
        public Builder avalanches(final AvalancheFunction value) {
            avalanches = value;
            return this;
        }

        /** Calcium-imaging analysis. */
        public Builder calcium(final CalciumFunction value) {
            calcium = value;
            return this;
        }

        /** Frame validation limits. */
        public Builder validator(final FrameValidator value) {
            validator = value;
            return this;
        }

        /**
         * Reads the files named, checks every value, and returns the configuration.
         *
         * @throws JobConfigException with one line naming the option or file and what is wrong
         */
        public JobConfig build() {
            atLeast(JobOptions.PARALLELISM, parallelism, 1, "");
            if (channelGroupSize < 0 && channelGroupSize != AUTO_CHANNEL_GROUPS) {
                throw new JobConfigException(
                        JobOptions.cliName(JobOptions.CHANNEL_GROUP)
                                + " must be 0 (whole streams) or more, or auto, not "
                                + channelGroupSize);
            }
            if (!(resampleHz >= 0) || Double.isInfinite(resampleHz)) {
                throw new JobConfigException(
                        JobOptions.cliName(JobOptions.RESAMPLE)
                                + " must be a rate of 0 (off) or more Hz, got "
                                + resampleHz);
            }
            atLeast(JobOptions.RESTART_ATTEMPTS, restartAttempts, 0, "");
            notNegative(JobOptions.CHECKPOINT_INTERVAL, checkpointInterval);
            notNegative(JobOptions.RESTART_DELAY, restartDelay);
            notNegative(JobOptions.BUFFER_TIMEOUT, bufferTimeout);
            notNegative(JobOptions.WATERMARK_INTERVAL, watermarkInterval);
            notNegative(JobOptions.WATERMARK_OUT_OF_ORDERNESS, watermarkOutOfOrderness);
            notNegative(JobOptions.IDLENESS, idleness);
            notNegative(JobOptions.BATCH_WAIT, batchWait);
            if (streamIdleTimeout == null || streamIdleTimeout.timeout().isNegative()) {
                throw new JobConfigException(
                        JobOptions.cliName(JobOptions.STREAM_IDLE_TIMEOUT)
                                + " must be a duration of 0 or more");
            }
            if (computeBackend == null || delivery == null) {
                throw new JobConfigException("the compute backend and the delivery mode are set");
            }
            if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
                throw new JobConfigException(
                        JobOptions.cliName(JobOptions.TRANSACTIONAL_ID_PREFIX)
                                + " must not be empty");
            }
            if (modelFile != null) {
                modelJson = readModel(modelFile);
                modelName = modelFile.getFileName().toString();
            }
            if (modelJson != null && modelName == null) {
                modelName = "model";
            }
            if (motifModelFile != null) {
                motifs = readMotifs(motifModelFile);
            }
            if (calciumMotifModelFile != null) {
                calciumMotifs = readMotifs(calciumMotifModelFile);
            }
            descriptorOptions = descriptorOptions();
            bandPower = bandPowerOptions();
            if (alertsFile != null) {
                alertRules = readAlerts(alertsFile);
            }
            if (kafka == null || kafkaConfigFile != null) {
                kafka = readKafka(kafkaConfigFile);
                kafkaConfigFile = null;
            }
            if (!kafkaSettings.isEmpty()) {
                kafka = KafkaJobSettings.apply(kafka, kafkaSettings);
                kafkaSettings = Map.of();
            }
            if (alertRules != null) {
                try {
                    alertRules.requireBands(
                            Band.parseList(bandPower.bands).stream().map(Band::name).toList());
                    alertRules.requireDescriptors(
                            descriptorsOn
                                    ? descriptorOptions.bands.stream().map(Band::name).toList()
                                    : null,
                            JobOptions.DESCRIPTORS.key() + "=false");
                } catch (final IllegalArgumentException e) {
                    throw new JobConfigException(e.getMessage());
                }
            }
            return new JobConfig(this);
        }

        /**
         * The band-power settings with the window, hop and segment of the options, checked; the
         * settings as given where those are theirs (so that their seconds stay the same bits).
         */
        private BandPowerOptions bandPowerOptions() {
            positive(JobOptions.BAND_WINDOW, bandWindow);
            positive(JobOptions.BAND_HOP, bandHop);
            notNegative(JobOptions.BAND_SEGMENT, bandSegment);
            if (bandSegment.compareTo(bandWindow) > 0) {
                throw new JobConfigException(
                        JobOptions.cliName(JobOptions.BAND_SEGMENT)
                                + " must be at most "
                                + JobOptions.cliName(JobOptions.BAND_WINDOW)
                                + " ("
                                + JobOptions.text(bandWindow)
                                + "), not "
                                + JobOptions.text(bandSegment));
            }
            if (bandWindow.equals(ofSeconds(bandPower.windowSeconds))
                    && bandHop.equals(ofSeconds(bandPower.hopSeconds))
                    && bandSegment.equals(ofSeconds(bandPower.segmentSeconds))) {
                return bandPower;
            }
            return bandPower.withWindows(
                    Durations.seconds(bandWindow),
                    Durations.seconds(bandHop),
                    Durations.seconds(bandSegment));
        }

        /** The kernel settings with the windows and steps of the options, checked. */
        private DescriptorOptions descriptorOptions() {
            positive(JobOptions.DESCRIPTOR_WINDOW, descriptorWindow);
            positive(JobOptions.DESCRIPTOR_STEP, descriptorStep);
            positive(JobOptions.DFA_WINDOW, dfaWindow);
            positive(JobOptions.DFA_STEP, dfaStep);
            try {
                return descriptorOptions.toBuilder()
                        .window(
                                Durations.seconds(descriptorWindow),
                                Durations.seconds(descriptorStep))
                        .dfaWindow(Durations.seconds(dfaWindow), Durations.seconds(dfaStep))
                        .build();
            } catch (final IllegalArgumentException e) {
                throw new JobConfigException("descriptors: " + e.getMessage());
            }
        }

        private static void positive(final ConfigOption<Duration> option, final Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new JobConfigException(
                        JobOptions.cliName(option) + " must be a duration above 0");
            }
        }

        private static void atLeast(
                final ConfigOption<Integer> option,
                final int value,
                final int least,
                final String meaning) {
            if (value < least) {
                throw new JobConfigException(
                        JobOptions.cliName(option)
                                + " must be "
                                + (least == 0 ? "0" + meaning + " or more" : "at least " + least)
                                + ", not "
                                + value);
            }
        }

        private static void notNegative(final ConfigOption<Duration> option, final Duration value) {
            if (value == null || value.isNegative()) {
                throw new JobConfigException(
                        JobOptions.cliName(option) + " must be a duration of 0 or more");
            }
        }

        private static String readModel(final Path file) {
            try {
                final String text = PipelineModel.readText(file);
                PipelineModel.fromJson(text, file);
                return text;
            } catch (final IOException e) {
                throw new JobConfigException(e.getMessage());
            }
        }

        private static MotifFunction readMotifs(final Path file) {
            try {
                return MotifFunctions.fromJson(file);
            } catch (final IOException | IllegalArgumentException e) {
                throw new JobConfigException(file + ": " + e.getMessage());
            }
        }

        /** The file's settings, else the environment's file's, else plaintext. */
        private static KafkaClients readKafka(final Path file) {
            try {
                return KafkaClients.fromFileOrEnvironment(file);
            } catch (final KafkaConfigException e) {
                throw new JobConfigException(e.getMessage());
            }
        }

        private static AlertRules readAlerts(final Path file) {
            try {
                return AlertRules.parse(file);
            } catch (final IOException | IllegalArgumentException e) {
                throw new JobConfigException(e.getMessage());
            }
        }
    }
}
