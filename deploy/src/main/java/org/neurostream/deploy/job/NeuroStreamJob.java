package org.neurostream.deploy.job;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.records.DeadLetterRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.core.records.FiringRateRecord;
import org.neurostream.core.records.GapRecord;
import org.neurostream.core.records.LabelledWindowRecord;
import org.neurostream.core.records.MarkerRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.core.stream.StreamId;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.ingest.flink.FrameValidationFunction;
import org.neurostream.ingest.flink.RawRecord;
import org.neurostream.ingest.flink.RawRecordDeserializer;
import org.neurostream.ingest.flink.RawRecordTypeInfo;
import org.neurostream.models.flink.BandPowerDecoderFunction;
import org.neurostream.models.flink.PipelineDecoderFunction;
import org.neurostream.models.flink.PublishedModel;
import org.neurostream.monitoring.alerts.flink.AlertStreams;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.flink.AvalancheFunction;
import org.neurostream.operators.flink.BandPowerBatchFunction;
import org.neurostream.operators.flink.BandPowerBatchOperator;
import org.neurostream.operators.flink.BandPowerFrame;
import org.neurostream.operators.flink.BandPowerFunction;
import org.neurostream.operators.flink.CalciumFunction;
import org.neurostream.operators.flink.CalciumResampleFunction;
import org.neurostream.operators.flink.ChannelGroupMerge;
import org.neurostream.operators.flink.ChannelGroups;
import org.neurostream.operators.flink.DescriptorFunction;
import org.neurostream.operators.flink.FrameRecordTypeInfo;
import org.neurostream.operators.flink.IdleTimeout;
import org.neurostream.operators.flink.ImmutableRecordTypeInfo;
import org.neurostream.operators.flink.LabelJoinFunction;
import org.neurostream.operators.flink.MotifBatchFunction;
import org.neurostream.operators.flink.MotifBatchOperator;
import org.neurostream.operators.flink.MotifFunction;
import org.neurostream.operators.flink.SequenceCheckFunction;
import org.neurostream.operators.flink.SpikeFunction;
import org.neurostream.sinks.flink.IpcPredictionSink;
import org.neurostream.sinks.flink.JsonRecordSerializer;
import org.neurostream.sinks.flink.LslAlertSink;
import org.neurostream.sinks.flink.LslPredictionSink;

/**
 * The NeuroStream job:
 *
 * <pre>
 *  raw records ──> validate ──┬──> keyBy(stream) ──> sequence check ──> gap records sink
 *                             │      ├──> EEG frames ──┬──> band power + BDE ──> band power sink
 *                             │      │                 │  (per channel group, merged, if set)
 *                             │      │                 │     └──> frames + their windows' band powers ──┐
 *                             │      │                 ├──> decoder (seq) ──> predictions sink  <────────┘
 *                             │      │                 │      (from band power where it scores its band
 *                             │      │                 │      powers, see sharesBandPower; else the frames)
 *                             │      │                 │      ↑ models (neuro.models, broadcast)
 *                             │      │                 ├──> avalanches (+ statistics) ──┐
 *                             │      │                 └──> resting-state descriptors ──> descriptor sink
 *                             │      ├──> calcium frames (──> resample) ──> dF/F + OASIS ──┬──> calcium events sink
 *                             │      │                          │           └──> one-event frames ──> calcium motif detector ──┐
 *                             │      │                          └──> event avalanches ────┴──> avalanche sink                  │
 *                             │      ├──> event frames ──> motif detector ──────────────────────────────────────────────> motif sink
 *                             │      ├──> spike frames ──> population vectors (+ spike avalanches) ──> firing-rate sink
 *                             │      └──> markers, behaviour frames, band power, population vectors ──keyBy(session)──> label join ──> labelled-window sink
 *                             └──> dead letters sink  <── models refused by the decoder
 *  band power, avalanche statistics, descriptors, predictions, dead letters ──keyBy(stream)──> alert rules ──> alert sink
 * </pre>
 *
 * Frames are keyed by stream once; every operator after that runs on the same keyed partitioning
 * without another shuffle. Sources and sinks come in through the constructor so that tests run the
 * very same job on their own endpoints; {@link #onKafka} wires the real topics.
 *
 * <p>Recovery: checkpoints every {@link JobOptions#CHECKPOINT_INTERVAL} (exactly-once mode, so that
 * keyed state, such as the prediction numbers, always matches the source offsets it was taken at),
 * heap state (hashmap backend) written to {@link JobOptions#CHECKPOINT_DIRECTORY}, and a bounded
 * fixed-delay restart strategy. The job sheds no load: every valid frame is processed, and frames
 * lost before the job show up as gap records.
 */
public final class NeuroStreamJob {
    /**
     * The consumer group of the job's Kafka source (offsets committed at checkpoints; the job
     * resumes from its checkpoints, not from them): the group its principal needs READ on.
     */
    public static final String GROUP_ID = "neurostream-job";

    /** The topics the job on Kafka reads: the raw topics and the markers. */
    public static final List<String> INPUT_TOPICS =
            Stream.concat(Topics.RAW.stream(), Stream.of(Topics.MARKERS)).toList();

    private final Source<RawRecord, ?, ?> source;
    private final Source<PublishedModel, ?, ?> models;
    private final JobSinks sinks;
    private final JobConfig config;

    /**
     * The job on {@code source}, writing to {@code sinks}, decoding with the model of {@code
     * config} alone (no published models: {@link #withModels}).
     */
    public NeuroStreamJob(
            final Source<RawRecord, ?, ?> source, final JobSinks sinks, final JobConfig config) {
        this(source, null, sinks, config);
    }

    private NeuroStreamJob(
            final Source<RawRecord, ?, ?> source,
            final Source<PublishedModel, ?, ?> models,
            final JobSinks sinks,
            final JobConfig config) {
        this.source = source;
        this.models = models;
        this.sinks = sinks;
        this.config = config;
    }

    /**
     * The same job with the models published on {@code models} ({@link ModelUpdates}): each stream
     * switches to the latest at a window of its grid.
     */
    public NeuroStreamJob withModels(final Source<PublishedModel, ?, ?> models) {
        return new NeuroStreamJob(source, models, sinks, config);
    }

    /**
     * The job on Kafka: all raw topics and the markers in, models from {@code neuro.models} ({@link
     * ModelUpdates}), JSON features, predictions, dead letters and alerts (with {@link
     * JobOptions#ALERTS}) out, every client with the settings of {@link JobConfig#kafka()}. Use
     * {@link #withSinks} to add the closed loop.
     */
    public static NeuroStreamJob onKafka(final String bootstrapServers, final JobConfig config) {
        final KafkaSource<RawRecord> source =
                KafkaSource.<RawRecord>builder()
                        .setProperties(
                                config.kafka().consumerProperties(bootstrapServers, Map.of()))
                        .setBootstrapServers(bootstrapServers)
                        .setTopics(INPUT_TOPICS)
                        .setGroupId(GROUP_ID)
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new RawRecordDeserializer())
                        .build();
        return new NeuroStreamJob(
                source,
                ModelUpdates.source(config.kafka(), bootstrapServers),
                kafkaSinks(bootstrapServers, config),
                config);
    }

    /**
     * JSON records on the output topics, each sink with transactional ids of its own: features
     * (band power, avalanches, motifs, calcium events, gaps and descriptors, six sinks on one
     * topic), predictions, dead letters and alerts. No closed loop: that sink belongs to one host.
     */
    private static JobSinks kafkaSinks(final String bootstrap, final JobConfig config) {
        final DeliveryMode mode = config.delivery();
        final String prefix = config.transactionalIdPrefix();
        final KafkaClients kafka = config.kafka();
        return JobSinks.builder()
                .bandPower(
                        kafkaSink(
                                kafka,
                                bootstrap,
                                Topics.FEATURES,
                                (BandPowerRecord r) -> r.streamId,
                                mode,
                                prefix + "-features"))
                .predictions(
                        kafkaSink(
                                kafka,
                                bootstrap,
                                Topics.PREDICTIONS,
                                (PredictionRecord p) -> p.streamId,
                                mode,
                                prefix + "-predictions"))
                .deadLetters(
                        kafkaSink(
                                kafka,
                                bootstrap,
                                Topics.DEADLETTER,
                                (DeadLetterRecord d) -> d.key,
                                mode,
                                prefix + "-deadletter"))
                .avalanches(
                        kafkaSink(
                                kafka,
                                bootstrap,
                                Topics.FEATURES,
                                (AvalancheRecord a) -> a.streamId,
                                mode,
                                prefix + "-avalanches"))
                .motifs(
                        kafkaSink(
                                kafka,
                                bootstrap,
                                Topics.FEATURES,
                                (MotifRecord m) -> m.streamId,
                                mode,
                                prefix + "-motifs"))
                .calciumEvents(
                        kafkaSink(
                                kafka,
                                bootstrap,
                                Topics.FEATURES,
                                (CalciumEventRecord e) -> e.streamId,
                                mode,
                                prefix + "-calcium"))
                .alerts(
                        kafkaSink(
                                kafka,
                                bootstrap,
                                Topics.ALERTS,
                                (AlertRecord a) -> a.streamId,
                                mode,
                                prefix + "-alerts"))
                .gaps(
                        kafkaSink(
                                kafka,
                                bootstrap,
                                Topics.FEATURES,
                                (GapRecord g) -> g.streamId,
                                mode,
                                prefix + "-gaps"))
                .firingRates(
                        kafkaSink(
                                kafka,
                                bootstrap,
                                Topics.FEATURES,
                                (FiringRateRecord r) -> r.streamId,
                                mode,
                                prefix + "-firing-rates"))
                .labelledWindows(
                        kafkaSink(
                                kafka,
                                bootstrap,
                                Topics.FEATURES,
                                (LabelledWindowRecord r) -> r.streamId,
                                mode,
                                prefix + "-labelled-windows"))
                .descriptors(
                        kafkaSink(
                                kafka,
                                bootstrap,
                                Topics.FEATURES,
                                (DescriptorRecord d) -> d.streamId,
                                mode,
                                prefix + "-descriptors"))
                .build();
    }

    /**
     * Kafka transaction timeout of {@link DeliveryMode#EXACTLY_ONCE} sinks: longer than a
     * checkpoint interval plus a restart (an open transaction must outlive both), and below the
     * brokers' {@code transaction.max.timeout.ms} (15 min by default, which {@code
     * EmbeddedKafkaBroker} keeps), which refuses the Flink sink's own default of 1 h.
     */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    /**
     * The Kafka sinks' {@code batch.size}: room for the band-power record of a 384-channel stream
     * (about 110 kB of JSON), so that the producer sends it from a pooled buffer.
     */
    static final int SINK_BATCH_BYTES = 128 * 1024;

    /**
     * A Kafka sink writing JSON records keyed by {@code key}, its producers made with {@code
     * kafka}'s settings. {@link DeliveryMode#AT_LEAST_ONCE}: {@code linger.ms=0}, each record
     * leaves as soon as the job emits it, and the sink flushes at each checkpoint. {@link
     * DeliveryMode#EXACTLY_ONCE}: Kafka transactions committed at each checkpoint, with
     * transactional ids starting with {@code transactionalIdPrefix}, which must be unique per sink
     * and job; consumers must read with {@code isolation.level=read_committed}.
     */
    public static <T> KafkaSink<T> kafkaSink(
            final KafkaClients kafka,
            final String bootstrapServers,
            final String topic,
            final SerializableFunction<T, String> key,
            final DeliveryMode mode,
            final String transactionalIdPrefix) {
        final Map<String, String> own = new HashMap<>();
        own.put("linger.ms", "0");
        // Kafka pools only buffers of batch.size: a larger record gets one of its own, allocated
        // and zeroed per send (a 64-channel band-power record is 18 kB, the default 16 kB)
        own.put("batch.size", Integer.toString(SINK_BATCH_BYTES));
        // descriptor records of wide streams exceed Kafka's default 1 MB (the topic allows them)
        own.put(
                "max.request.size",
                Integer.toString(EmbeddedKafkaBroker.FEATURES_MAX_MESSAGE_BYTES));
        if (mode == DeliveryMode.EXACTLY_ONCE) {
            own.put("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        }
        final Properties producer = kafka.producerProperties(bootstrapServers, own);
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new JsonRecordSerializer<>(topic, key))
                .setDeliveryGuarantee(
                        mode == DeliveryMode.EXACTLY_ONCE
                                ? DeliveryGuarantee.EXACTLY_ONCE
                                : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .build();
    }

    /** The same job with other sinks. */
    public NeuroStreamJob withSinks(final JobSinks other) {
        return new NeuroStreamJob(source, models, other, config);
    }

    /**
     * The same job with its predictions also written to the closed-loop IPC ring in {@code
     * ringFile}, for a stimulator on this host ({@code sinks.flink.IpcPredictionSink}).
     */
    public NeuroStreamJob withClosedLoop(final java.nio.file.Path ringFile) {
        return withSinks(sinks.withClosedLoop(new IpcPredictionSink(ringFile.toString())));
    }

    /**
     * The same job with its predictions (one outlet per stream) and alerts also served as LSL
     * outlets on this host, stamped in LSL time through the session metadata in {@code sessionFile}
     * ({@code sinks.flink.LslPredictionSink}, {@code LslAlertSink}).
     *
     * @param latencies the name the prediction outlets record their push latencies under in this
     *     JVM ({@code sinks.lsl.PushLatencies}); null: not measured
     */
    public NeuroStreamJob withLslOutlets(
            final java.nio.file.Path sessionFile, final String latencies) {
        return withSinks(
                sinks.toBuilder()
                        .predictionOutlets(new LslPredictionSink(sessionFile.toString(), latencies))
                        .alertOutlet(new LslAlertSink(sessionFile.toString()))
                        .build());
    }

    /** The job's sinks. */
    public JobSinks sinks() {
        return sinks;
    }

    /**
     * Adds the job's operators to {@code env}: the frames of every stream validated and checked
     * once, then one branch per modality, then the outputs to their sinks and the alert rules.
     */
    public void build(final StreamExecutionEnvironment env) {
        env.setParallelism(config.parallelism());
        env.setBufferTimeout(config.bufferTimeout().toMillis());
        env.getConfig().setAutoWatermarkInterval(config.watermarkInterval().toMillis());
        configureRecovery(env);

        final SingleOutputStreamOperator<FrameRecord> frames = validated(env);
        final SingleOutputStreamOperator<FrameRecord> checked = sequenceChecked(frames);

        // each modality to its operators: EEG is sampled electrophysiology, calcium is imaging
        // frames (one sample = one frame of every ROI), event cameras and spikes are events. A new
        // modality (BEHAVIOR, markers) gets a filter here, a branch method below, and its outputs
        // into sinks of their own or the shared ones at the end.
        final DataStream<FrameRecord> eegFrames =
                modality(checked, "EEG frames", "eeg-frames", Modality.EEG);
        final KeyedStream<FrameRecord, String> calciumFrames =
                resampled(modality(checked, "calcium frames", "calcium-frames", Modality.CALCIUM));
        final KeyedStream<FrameRecord, String> eventFrames =
                byStream(
                        modality(
                                checked,
                                "event frames",
                                "event-frames",
                                Modality.DVS,
                                Modality.SPIKES));

        final SingleOutputStreamOperator<BandPowerRecord> bandPower =
                computesBandPower() ? bandPower(eegFrames) : null;
        sink(bandPower, sinks.bandPower(), "features", "feature-sink");
        // one-event frames of the inferred spikes, in order and with each stream's end, only
        // where the calcium motif detector takes them
        final SingleOutputStreamOperator<CalciumEventRecord> calciumEvents =
                calciumFrames
                        .process(
                                config.calcium()
                                        .withIdleTimeout(idle())
                                        .withEventFrames(
                                                sinks.motifs() != null
                                                        && config.calciumMotifs() != null))
                        .name("calcium")
                        .uid("calcium");
        sink(calciumEvents, sinks.calciumEvents(), "calcium events", "calcium-event-sink");
        final SingleOutputStreamOperator<FiringRateRecord> firingRates =
                spikes(modality(checked, "spike frames", "spike-frames", Modality.SPIKES));
        final DataStream<AvalancheRecord> avalanches =
                avalanches(byStream(eegFrames), calciumEvents, firingRates);
        final DataStream<DescriptorRecord> descriptors = descriptors(byStream(eegFrames));
        motifs(eventFrames, calciumEvents);
        final DataStream<MarkerRecord> markers =
                sinks.labelledWindows() != null || sinks.markers() != null ? markers(frames) : null;
        labelledWindows(checked, markers, bandPower, firingRates);
        if (sinks.markers() != null) {
            sink(markers, sinks.markers(), "markers", "marker-sink");
        }
        final SingleOutputStreamOperator<PredictionRecord> predictions =
                predictions(
                        env,
                        byStream(eegFrames),
                        sharesBandPower()
                                ? bandPower.getSideOutput(BandPowerFunction.DECODER_FRAMES)
                                : null);
        DataStream<DeadLetterRecord> deadLetters =
                frames.getSideOutput(FrameValidationFunction.DEAD_LETTERS);
        if (predictions != null) {
            deadLetters =
                    deadLetters.union(
                            predictions.getSideOutput(PipelineDecoderFunction.DEAD_LETTERS));
        }
        sink(deadLetters, sinks.deadLetters(), "dead letters", "dead-letter-sink");
        alerts(bandPower, avalanches, predictions, deadLetters, descriptors);
    }

    /** Whether the job computes band power: a sink, the alert rules or the label join take it. */
    private boolean computesBandPower() {
        return sinks.bandPower() != null || alertRules() || sinks.labelledWindows() != null;
    }

    /**
     * Whether the decoder scores its windows from the band powers the job computes, instead of
     * computing the same Welch PSD again: band power on whole streams on the CPU (not OpenCL's
     * batches, not channel groups) and a start model that reads those band powers ({@code
     * bandpower-lr} with the job's Welch configuration and window). The decoder then takes its
     * frames from band power, which hands on every frame with the band powers of the windows it
     * completed ({@link BandPowerFunction#DECODER_FRAMES}). Other start models keep the frames from
     * the sequence check, so that their predictions never wait for band power.
     */
    private boolean sharesBandPower() {
        return decoding()
                && computesBandPower()
                && config.computeBackend() != BackendKind.OPENCL
                && !groupsChannels()
                && BandPowerDecoderFunction.scoresBandPower(
                        config.modelJson(), config.modelName(), config.bandPower());
    }

    /** Whether band power runs per channel group ({@link JobOptions#CHANNEL_GROUP}). */
    private boolean groupsChannels() {
        return config.autoChannelGroups()
                ? config.parallelism() > 1
                : config.channelGroupSize() > 0;
    }

    /** Whether the alert rules run (they watch band power, among others). */
    private boolean alertRules() {
        return sinks.alerts() != null && config.alertRules() != null;
    }

    /** Raw records from the source, validated; refused ones go to a side output. */
    private SingleOutputStreamOperator<FrameRecord> validated(
            final StreamExecutionEnvironment env) {
        return env.fromSource(
                        source,
                        WatermarkStrategy.noWatermarks(),
                        "raw frames",
                        RawRecordTypeInfo.INSTANCE)
                .uid("raw-source")
                .process(new FrameValidationFunction(config.validator()))
                .returns(FrameRecordTypeInfo.INSTANCE)
                .name("validate frames")
                .uid("validate");
    }

    /**
     * Event time from the frames' device time, then the sequence numbers checked once per stream,
     * for every modality; the keyed partitioning carries on through the modality filters
     * (reinterpreted, not shuffled again).
     */
    private SingleOutputStreamOperator<FrameRecord> sequenceChecked(
            final DataStream<FrameRecord> frames) {
        final SingleOutputStreamOperator<FrameRecord> checked =
                frames.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<FrameRecord>forBoundedOutOfOrderness(
                                                config.watermarkOutOfOrderness())
                                        .withTimestampAssigner(
                                                (f, previous) -> f.deviceTimeNs / 1_000_000L)
                                        .withIdleness(config.idleness()))
                        .name("event time")
                        .uid("event-time")
                        .keyBy(f -> f.streamId)
                        .process(new SequenceCheckFunction().withIdleTimeout(idle()))
                        .name("sequence check")
                        .uid("sequence-check");
        sink(
                checked.getSideOutput(SequenceCheckFunction.GAPS),
                sinks.gaps(),
                "gap records",
                "gap-sink");
        return checked;
    }

    /**
     * The markers (validation's side output) with event time = their device time and a watermark of
     * their own, so that the label join, which waits for the least of its inputs' watermarks,
     * decides a window only once the markers up to its end are in, whether they came before, among
     * or after the frames. A marker stream silent for {@link JobOptions#IDLENESS} stops holding the
     * windows back (README, "Time and determinism").
     */
    private DataStream<MarkerRecord> markers(final SingleOutputStreamOperator<FrameRecord> frames) {
        return frames.getSideOutput(FrameValidationFunction.MARKERS)
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<MarkerRecord>forBoundedOutOfOrderness(
                                        config.watermarkOutOfOrderness())
                                .withTimestampAssigner((m, previous) -> m.timeNs / 1_000_000L)
                                .withIdleness(config.idleness()))
                .name("markers")
                .uid("markers");
    }

    /** The frames of the given modalities. */
    private static DataStream<FrameRecord> modality(
            final DataStream<FrameRecord> frames,
            final String name,
            final String uid,
            final Modality... modalities) {
        final Set<Modality> kept = EnumSet.copyOf(Arrays.asList(modalities));
        return frames.filter(f -> kept.contains(f.modality)).name(name).uid(uid);
    }

    /**
     * EEG band power and band differential entropy; with channel groups, wide streams over several
     * subtasks, per group of channels, then the groups' records merged back into the whole
     * stream's. On {@code opencl} the windows of every stream and channel group of a subtask share
     * one device call ({@link BandPowerBatchOperator}: the same keyed state and uid, so savepoints
     * move between backends); on {@code cpu} and {@code auto} each window is computed when due.
     */
    private SingleOutputStreamOperator<BandPowerRecord> bandPower(
            final DataStream<FrameRecord> eegFrames) {
        final boolean grouped = groupsChannels();
        final KeyedStream<FrameRecord, String> frames =
                grouped
                        ? eegFrames
                                .flatMap(channelGroups(eegFrames.getExecutionEnvironment()))
                                .name("channel groups")
                                .uid("channel-groups")
                                .keyBy(f -> f.streamId)
                        : byStream(eegFrames);
        final SingleOutputStreamOperator<BandPowerRecord> records =
                config.computeBackend() == BackendKind.OPENCL
                        ? frames.transform(
                                "band power",
                                TypeInformation.of(BandPowerRecord.class),
                                new BandPowerBatchOperator(
                                        new BandPowerBatchFunction(
                                                        config.bandPower(),
                                                        BackendKind.OPENCL,
                                                        BandPowerBatchOperator.DEFAULT_MAX_ROWS)
                                                .withIdleTimeout(idle()),
                                        config.batchWait()))
                        : frames.process(bandPowerFunction()).name("band power");
        records.uid("band-power");
        if (decoding()) {
            // a thread of its own: a window's band power (Welch, entropy, the JSON of its record)
            // takes a millisecond, and chained to the EEG frames it would hold back the frames of
            // every other stream on their way to the decoder, which emits at the same window
            // boundaries; without a decoder the frames stay chained (no copy of their samples)
            records.startNewChain();
        }
        if (!grouped) {
            return records;
        }
        return records.keyBy(r -> ChannelGroups.streamIdOf(r.streamId))
                .process(new ChannelGroupMerge().withIdleTimeout(idle()))
                .name("merge channel groups")
                .uid("channel-group-merge");
    }

    /** Band power on the CPU backends; with the decoder's frames where they share it. */
    private BandPowerFunction bandPowerFunction() {
        final BandPowerFunction function =
                new BandPowerFunction(config.bandPower(), config.computeBackend())
                        .withIdleTimeout(idle());
        return sharesBandPower() ? function.withDecoderFrames() : function;
    }

    /**
     * The splitter of {@link JobOptions#CHANNEL_GROUP}: fixed groups, or groups chosen per stream
     * whose keys go to different subtasks of band power (parallelism and max parallelism as the job
     * gives them to band power: Flink's default for the parallelism unless set).
     */
    private ChannelGroups channelGroups(final StreamExecutionEnvironment env) {
        if (!config.autoChannelGroups()) {
            return new ChannelGroups(config.channelGroupSize());
        }
        final int parallelism = config.parallelism();
        final int maxParallelism = env.getConfig().getMaxParallelism();
        return ChannelGroups.auto(
                parallelism,
                maxParallelism > 0
                        ? maxParallelism
                        : KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism));
    }

    /**
     * Calcium frames resampled to one rate ({@link JobOptions#RESAMPLE}), keyed by stream; as they
     * are when it is 0.
     */
    private KeyedStream<FrameRecord, String> resampled(final DataStream<FrameRecord> calcium) {
        if (config.resampleHz() == 0) {
            return byStream(calcium);
        }
        return byStream(
                byStream(calcium)
                        .process(
                                new CalciumResampleFunction(config.resampleHz())
                                        .withIdleTimeout(idle()))
                        .name("calcium resample")
                        .uid("calcium-resample"));
    }

    /**
     * Population vectors of spike streams (with their avalanches as a side output), when a sink
     * takes them or the windows labelled from them; null otherwise.
     */
    private SingleOutputStreamOperator<FiringRateRecord> spikes(
            final DataStream<FrameRecord> spikeFrames) {
        if (sinks.firingRates() == null && sinks.labelledWindows() == null) {
            return null;
        }
        final SingleOutputStreamOperator<FiringRateRecord> rates =
                byStream(spikeFrames)
                        .process(SpikeFunction.withDefaults().withIdleTimeout(idle()))
                        .name("spikes")
                        .uid("spikes");
        if (sinks.firingRates() != null) {
            sink(rates, sinks.firingRates(), "firing rates", "firing-rate-sink");
        }
        return rates;
    }

    /**
     * Feature windows (band power, population vectors) joined on event time, per session, with the
     * session's behaviour values and marker labels at each window's end, when there is a sink.
     */
    private void labelledWindows(
            final DataStream<FrameRecord> checked,
            final DataStream<MarkerRecord> markers,
            final DataStream<BandPowerRecord> bandPower,
            final DataStream<FiringRateRecord> firingRates) {
        if (sinks.labelledWindows() == null) {
            return;
        }
        DataStream<LabelJoinFunction.Input> inputs =
                bandPower
                        .map(LabelJoinFunction.Input::of)
                        .returns(LabelJoinFunction.Input.class)
                        .name("label join: band power")
                        .uid("label-join-features")
                        .union(
                                modality(
                                                checked,
                                                "behaviour frames",
                                                "behavior-frames",
                                                Modality.BEHAVIOR)
                                        .map(LabelJoinFunction.Input::of)
                                        .returns(LabelJoinFunction.Input.class)
                                        .name("label join: behaviour")
                                        .uid("label-join-behavior"),
                                markers.map(LabelJoinFunction.Input::of)
                                        .returns(LabelJoinFunction.Input.class)
                                        .name("label join: markers")
                                        .uid("label-join-markers"));
        if (firingRates != null) {
            inputs =
                    inputs.union(
                            firingRates
                                    .map(LabelJoinFunction.Input::of)
                                    .returns(LabelJoinFunction.Input.class)
                                    .name("label join: firing rates")
                                    .uid("label-join-rates"));
        }
        sink(
                inputs.keyBy(i -> StreamId.session(i.streamId))
                        .process(new LabelJoinFunction().withIdleTimeout(idle()))
                        .name("label join")
                        .uid("label-join"),
                sinks.labelledWindows(),
                "labelled windows",
                "labelled-window-sink");
    }

    /**
     * Avalanches of EEG streams with their rolling statistics, and those of calcium events and of
     * spike streams, when there is an avalanche sink; null otherwise.
     */
    private DataStream<AvalancheRecord> avalanches(
            final KeyedStream<FrameRecord, String> eeg,
            final SingleOutputStreamOperator<CalciumEventRecord> calciumEvents,
            final SingleOutputStreamOperator<FiringRateRecord> firingRates) {
        if (sinks.avalanches() == null) {
            return null;
        }
        final SingleOutputStreamOperator<AvalancheRecord> closed =
                eeg.process(config.avalanches().withIdleTimeout(idle()))
                        .name("avalanches")
                        .uid("avalanches");
        DataStream<AvalancheRecord> avalanches =
                closed.union(
                        closed.getSideOutput(AvalancheFunction.STATISTICS),
                        calciumEvents.getSideOutput(CalciumFunction.AVALANCHES));
        if (firingRates != null) {
            avalanches = avalanches.union(firingRates.getSideOutput(SpikeFunction.AVALANCHES));
        }
        sink(avalanches, sinks.avalanches(), "avalanche records", "avalanche-sink");
        return avalanches;
    }

    /**
     * The resting-state descriptors of every EEG stream (all six kinds on one stream, each record
     * of its own class), when they are on and written or watched by an alert rule; null otherwise.
     * Whole streams, never channel groups: connectivity needs every pair.
     */
    private DataStream<DescriptorRecord> descriptors(final KeyedStream<FrameRecord, String> eeg) {
        final boolean watched = alertRules() && config.alertRules().hasDescriptorRules();
        if (config.descriptors() == null || (sinks.descriptors() == null && !watched)) {
            return null;
        }
        // a thread of its own: a window's connectivity takes milliseconds, and chained to the EEG
        // frames it would hold back the frames on their way to the decoder
        final DataStream<DescriptorRecord> descriptors =
                eeg.process(new DescriptorFunction(config.descriptors()).withIdleTimeout(idle()))
                        .name("descriptors")
                        .uid("descriptors")
                        .startNewChain();
        sink(descriptors, sinks.descriptors(), "descriptor records", "descriptor-sink");
        return descriptors;
    }

    /**
     * Motif detection on event streams and, with a kernel of their own, on the spikes inferred from
     * calcium imaging (as one-event frames), when there is a motif sink and a kernel.
     */
    private void motifs(
            final KeyedStream<FrameRecord, String> events,
            final SingleOutputStreamOperator<CalciumEventRecord> calciumEvents) {
        if (sinks.motifs() == null) {
            return;
        }
        DataStream<MotifRecord> detections = null;
        if (config.motifs() != null) {
            detections = motifDetection(events, config.motifs(), "motifs").uid("motifs");
        }
        if (config.calciumMotifs() != null) {
            final DataStream<MotifRecord> calcium =
                    motifDetection(
                                    calciumEvents
                                            .getSideOutput(CalciumFunction.EVENT_FRAMES)
                                            .keyBy(f -> f.streamId),
                                    config.calciumMotifs(),
                                    "calcium motifs")
                            .uid("calcium-motifs");
            detections = detections == null ? calcium : detections.union(calcium);
        }
        sink(detections, sinks.motifs(), "motif detections", "motif-sink");
    }

    /**
     * One motif detector over keyed event frames. On {@code opencl} the bins of every event stream
     * of a subtask are decided in one device launch ({@link MotifBatchOperator}: the same keyed
     * state, so savepoints move between backends), suppression included (on the host); {@code cpu}
     * and {@code auto} detect frame by frame.
     */
    private SingleOutputStreamOperator<MotifRecord> motifDetection(
            final KeyedStream<FrameRecord, String> frames,
            final MotifFunction model,
            final String name) {
        if (config.computeBackend() == BackendKind.OPENCL) {
            return frames.transform(
                    name,
                    ImmutableRecordTypeInfo.MOTIFS,
                    new MotifBatchOperator(
                            new MotifBatchFunction(
                                            model,
                                            BackendKind.OPENCL,
                                            MotifBatchFunction.DEFAULT_MAX_WINDOWS)
                                    .withIdleTimeout(idle()),
                            config.batchWait()));
        }
        return frames.process(model.onBackend(config.computeBackend()).withIdleTimeout(idle()))
                .name(name);
    }

    /**
     * The decoder's predictions, to their sink and the closed loop; null without a prediction sink,
     * or without a model and a source of published ones. The decoder ({@link
     * PipelineDecoderFunction}) runs on the EEG frames, still partitioned by stream (same subtask,
     * same per-stream order, keyed state for the filters and prediction numbers), with the
     * published models broadcast to every subtask; its refusals of models are dead letters.
     */
    private SingleOutputStreamOperator<PredictionRecord> predictions(
            final StreamExecutionEnvironment env,
            final KeyedStream<FrameRecord, String> eeg,
            final DataStream<BandPowerFrame> withBandPower) {
        if (!decoding()) {
            return null;
        }
        final BroadcastStream<PublishedModel> published =
                modelUpdates(env)
                        .broadcast(PipelineDecoderFunction.MODELS, PipelineDecoderFunction.CURRENT);
        // the same uid, state and savepoints whichever input the decoder takes
        final SingleOutputStreamOperator<PredictionRecord> predictions =
                (withBandPower == null
                                ? eeg.connect(published)
                                        .process(
                                                new PipelineDecoderFunction(
                                                                config.modelJson(),
                                                                config.modelName())
                                                        .withIdleTimeout(idle()))
                                : DataStreamUtils.reinterpretAsKeyedStream(
                                                withBandPower,
                                                f -> f.frame().streamId,
                                                Types.STRING)
                                        .connect(published)
                                        .process(
                                                new BandPowerDecoderFunction(
                                                                config.modelJson(),
                                                                config.modelName(),
                                                                config.bandPower())
                                                        .withIdleTimeout(idle()),
                                                ImmutableRecordTypeInfo.PREDICTIONS))
                        .name("decoder")
                        .uid("pipeline-decoder");
        sink(predictions, sinks.predictions(), "predictions", "prediction-sink");
        if (sinks.closedLoop() != null) {
            // one writer for the one ring a stimulator on this host reads
            predictions
                    .sinkTo(sinks.closedLoop())
                    .setParallelism(1)
                    .name("closed loop")
                    .uid("closed-loop-sink");
        }
        if (sinks.predictionOutlets() != null) {
            // one process serves one outlet per source id
            predictions
                    .sinkTo(sinks.predictionOutlets())
                    .setParallelism(1)
                    .name("LSL prediction outlets")
                    .uid("lsl-prediction-sink");
        }
        return predictions;
    }

    /** The published models: from {@link #withModels}'s source, or none (an empty input). */
    private DataStream<PublishedModel> modelUpdates(final StreamExecutionEnvironment env) {
        if (models == null) {
            // an input that ends at once (Flink's fromData cannot be empty)
            return env.fromSequence(0, 0)
                    .uid("no-model-source")
                    .flatMap((Long ignored, Collector<PublishedModel> none) -> {})
                    .returns(TypeInformation.of(PublishedModel.class))
                    .name("no published models")
                    .uid("no-models");
        }
        return env.fromSource(models, ModelUpdates.watermarks(), "published models")
                .setParallelism(1)
                .uid("model-source");
    }

    /**
     * Alerts from the streams above; their rule state is keyed state, so a recovery neither loses
     * nor repeats one (statistic rules need the avalanche sink, latency rules the decoder), freed
     * with the stream's other state by the idle timeout.
     */
    private void alerts(
            final DataStream<BandPowerRecord> bandPower,
            final DataStream<AvalancheRecord> avalanches,
            final DataStream<PredictionRecord> predictions,
            final DataStream<DeadLetterRecord> deadLetters,
            final DataStream<DescriptorRecord> descriptors) {
        if (sinks.alerts() == null || config.alertRules() == null) {
            return;
        }
        final DataStream<AlertRecord> alerts =
                AlertStreams.alerts(
                        config.alertRules(),
                        idle().timeout(),
                        idle().base() == IdleTimeout.TimeBase.DEVICE_TIME,
                        bandPower,
                        avalanches,
                        predictions,
                        deadLetters,
                        descriptors);
        sink(alerts, sinks.alerts(), "alert sink", "alert-sink");
        if (sinks.alertOutlet() != null) {
            alerts.sinkTo(sinks.alertOutlet())
                    .setParallelism(1)
                    .name("LSL alert outlet")
                    .uid("lsl-alert-sink");
        }
    }

    /** Whether the job decodes: a prediction sink, and a model or a source of published ones. */
    private boolean decoding() {
        return sinks.predictions() != null && (config.modelJson() != null || models != null);
    }

    /**
     * When every keyed operator frees the state of a stream that stopped sending without an end
     * frame ({@link JobOptions#STREAM_IDLE_TIMEOUT}).
     */
    private IdleTimeout idle() {
        return config.streamIdleTimeout();
    }

    /** A stream already partitioned by stream id (it comes from the keyed sequence check). */
    private static KeyedStream<FrameRecord, String> byStream(final DataStream<FrameRecord> frames) {
        return DataStreamUtils.reinterpretAsKeyedStream(frames, f -> f.streamId, Types.STRING);
    }

    /** Writes {@code stream} to {@code sink}; either may be null, and then nothing is written. */
    private static <T> void sink(
            final DataStream<T> stream, final Sink<T> sink, final String name, final String uid) {
        if (stream != null && sink != null) {
            stream.sinkTo(sink).name(name).uid(uid);
        }
    }

    /**
     * Checkpoints, state backend and restart strategy from the options. Checkpoints use Flink's
     * exactly-once mode in both delivery modes: an at-least-once checkpoint (no barrier alignment)
     * could hold state that is ahead of its source offsets, and replayed predictions would then get
     * new numbers instead of the ones they had; unaligned checkpoints ({@link
     * JobOptions#CHECKPOINT_UNALIGNED}) are exactly-once too. A restart strategy already set on
     * {@code env} (a journal replay runs with none) is kept.
     */
    private void configureRecovery(final StreamExecutionEnvironment env) {
        if (config.checkpointInterval().isZero()) {
            return;
        }
        final Configuration recovery = new Configuration();
        recovery.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        recovery.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        recovery.set(CheckpointingOptions.ENABLE_UNALIGNED, config.checkpointUnaligned());
        recovery.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        recovery.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        recovery.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDirectory());
        if (env.getConfiguration().getOptional(RestartStrategyOptions.RESTART_STRATEGY).isEmpty()) {
            recovery.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            recovery.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
                    config.restartAttempts());
            recovery.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    config.restartDelay());
        }
        env.configure(recovery);
    }

    /** Builds the job on {@code env} and starts it without waiting for it to end. */
    public JobClient executeAsync(final StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync("neurostream");
    }
}
