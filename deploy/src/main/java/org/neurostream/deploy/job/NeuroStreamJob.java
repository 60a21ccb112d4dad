package org.neurostream.deploy.job;

import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
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
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import org.neurostream.core.Topics;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.records.DeadLetterRecord;
import org.neurostream.core.records.GapRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.core.records.PredictionRecord;
import org.neurostream.ingest.flink.FrameValidationFunction;
import org.neurostream.ingest.flink.RawRecord;
import org.neurostream.ingest.flink.RawRecordDeserializer;
import org.neurostream.models.flink.DecoderFunction;
import org.neurostream.monitoring.alerts.flink.AlertStreams;
import org.neurostream.operators.flink.AvalancheFunction;
import org.neurostream.operators.flink.BandPowerFunction;
import org.neurostream.operators.flink.CalciumEventFrames;
import org.neurostream.operators.flink.CalciumFunction;
import org.neurostream.operators.flink.ChannelGroupMerge;
import org.neurostream.operators.flink.ChannelGroups;
import org.neurostream.operators.flink.SequenceCheckFunction;
import org.neurostream.operators.spectral.Band;
import org.neurostream.sinks.flink.JsonRecordSerializer;

/**
 * The NeuroStream job:
 *
 * <pre>
 *  raw records ──> validate ──┬──> keyBy(stream) ──> sequence check ──> gap records sink
 *                             │      ├──> EEG frames ──┬──> band power + BDE ──┬──> band power sink
 *                             │      │                 │  (per channel group,  └──> decoder (seq) ──> predictions sink
 *                             │      │                 │   merged, if set)
 *                             │      │                 └──> avalanches (+ statistics) ──┐
 *                             │      ├──> calcium frames ──> dF/F + OASIS ──┬──> calcium events sink
 *                             │      │                          │           └──> one-event frames ──> calcium motif detector ──┐
 *                             │      │                          └──> event avalanches ────┴──> avalanche sink                  │
 *                             │      └──> event frames ──> motif detector ──────────────────────────────────────────────> motif sink
 *                             └──> dead letters sink
 *  band power, avalanche statistics, predictions, dead letters ──keyBy(stream)──> alert rules ──> alert sink
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
    private final Source<RawRecord, ?, ?> source;
    private final JobSinks sinks;
    private final JobConfig config;

    /** The job on {@code source}, writing to {@code sinks}. */
    public NeuroStreamJob(
            final Source<RawRecord, ?, ?> source, final JobSinks sinks, final JobConfig config) {
        this.source = source;
        this.sinks = sinks;
        this.config = config;
    }

    /**
     * The job on Kafka: all raw topics in, JSON features, predictions, dead letters and alerts
     * (with {@link JobOptions#ALERTS}) out. Use {@link #withSinks} to add the closed loop.
     */
    public static NeuroStreamJob onKafka(final String bootstrapServers, final JobConfig config) {
        final DeliveryMode mode = config.delivery();
        final String prefix = config.transactionalIdPrefix();
        final KafkaSource<RawRecord> source =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setTopics(Topics.RAW)
                        .setGroupId("neurostream-job")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new RawRecordDeserializer())
                        .build();
        return new NeuroStreamJob(
                source,
                new JobSinks(
                        kafkaSink(
                                bootstrapServers,
                                Topics.FEATURES,
                                (BandPowerRecord r) -> r.streamId,
                                mode,
                                prefix + "-features"),
                        kafkaSink(
                                bootstrapServers,
                                Topics.PREDICTIONS,
                                (PredictionRecord p) -> p.streamId,
                                mode,
                                prefix + "-predictions"),
                        kafkaSink(
                                bootstrapServers,
                                Topics.DEADLETTER,
                                (DeadLetterRecord d) -> d.key,
                                mode,
                                prefix + "-deadletter"),
                        kafkaSink(
                                bootstrapServers,
                                Topics.FEATURES,
                                (AvalancheRecord a) -> a.streamId,
                                mode,
                                prefix + "-avalanches"),
                        kafkaSink(
                                bootstrapServers,
                                Topics.FEATURES,
                                (MotifRecord m) -> m.streamId,
                                mode,
                                prefix + "-motifs"),
                        kafkaSink(
                                bootstrapServers,
                                Topics.FEATURES,
                                (CalciumEventRecord e) -> e.streamId,
                                mode,
                                prefix + "-calcium"),
                        null,
                        kafkaSink(
                                bootstrapServers,
                                Topics.ALERTS,
                                (AlertRecord a) -> a.streamId,
                                mode,
                                prefix + "-alerts"),
                        kafkaSink(
                                bootstrapServers,
                                Topics.FEATURES,
                                (GapRecord g) -> g.streamId,
                                mode,
                                prefix + "-gaps")),
                config);
    }

    /**
     * Kafka transaction timeout of {@link DeliveryMode#EXACTLY_ONCE} sinks: longer than a
     * checkpoint interval plus a restart (an open transaction must outlive both), and below the
     * brokers' {@code transaction.max.timeout.ms} (15 min by default, which {@code
     * EmbeddedKafkaBroker} keeps), which refuses the Flink sink's own default of 1 h.
     */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    /**
     * A Kafka sink writing JSON records keyed by {@code key}. {@link DeliveryMode#AT_LEAST_ONCE}:
     * {@code linger.ms=0}, each record leaves as soon as the job emits it, and the sink flushes at
     * each checkpoint. {@link DeliveryMode#EXACTLY_ONCE}: Kafka transactions committed at each
     * checkpoint, with transactional ids starting with {@code transactionalIdPrefix}, which must be
     * unique per sink and job; consumers must read with {@code isolation.level=read_committed}.
     */
    public static <T> KafkaSink<T> kafkaSink(
            final String bootstrapServers,
            final String topic,
            final SerializableFunction<T, String> key,
            final DeliveryMode mode,
            final String transactionalIdPrefix) {
        final Properties producer = new Properties();
        producer.setProperty("linger.ms", "0");
        if (mode == DeliveryMode.EXACTLY_ONCE) {
            producer.setProperty(
                    "transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        }
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
        return new NeuroStreamJob(source, other, config);
    }

    /** The job's sinks. */
    public JobSinks sinks() {
        return sinks;
    }

    /** Adds the job's operators to {@code env}. */
    public void build(final StreamExecutionEnvironment env) {
        env.setParallelism(config.parallelism());
        env.setBufferTimeout(config.bufferTimeout().toMillis());
        env.getConfig().setAutoWatermarkInterval(config.watermarkInterval().toMillis());
        configureRecovery(env);

        final DataStream<RawRecord> raw =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "raw frames")
                        .uid("raw-source");
        final SingleOutputStreamOperator<FrameRecord> frames =
                raw.process(new FrameValidationFunction(config.validator()))
                        .name("validate frames")
                        .uid("validate");
        frames.getSideOutput(FrameValidationFunction.DEAD_LETTERS)
                .sinkTo(sinks.deadLetters())
                .name("dead letters")
                .uid("dead-letter-sink");

        final DataStream<FrameRecord> timed =
                frames.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<FrameRecord>forBoundedOutOfOrderness(
                                                config.watermarkOutOfOrderness())
                                        .withTimestampAssigner(
                                                (f, previous) -> f.deviceTimeNs / 1_000_000L)
                                        .withIdleness(config.idleness()))
                        .name("event time")
                        .uid("event-time");
        // sequence numbers checked once per stream, for every modality; the keyed partitioning
        // carries on through the modality filters (reinterpreted, not shuffled again)
        final SingleOutputStreamOperator<FrameRecord> checked =
                timed.keyBy(f -> f.streamId)
                        .process(new SequenceCheckFunction())
                        .name("sequence check")
                        .uid("sequence-check");
        if (sinks.gaps() != null) {
            checked.getSideOutput(SequenceCheckFunction.GAPS)
                    .sinkTo(sinks.gaps())
                    .name("gap records")
                    .uid("gap-sink");
        }
        // each modality to its operators: EEG is sampled electrophysiology, calcium is imaging
        // frames (one sample = one frame of every ROI), event cameras and spikes are events
        final DataStream<FrameRecord> eegFrames =
                checked.filter(f -> f.modality == Modality.EEG)
                        .name("EEG frames")
                        .uid("eeg-frames");
        final KeyedStream<FrameRecord, String> eeg = byStream(eegFrames);
        final KeyedStream<FrameRecord, String> calcium =
                byStream(
                        checked.filter(f -> f.modality == Modality.CALCIUM)
                                .name("calcium frames")
                                .uid("calcium-frames"));
        final KeyedStream<FrameRecord, String> events =
                byStream(
                        checked.filter(
                                        f ->
                                                f.modality == Modality.DVS
                                                        || f.modality == Modality.SPIKES)
                                .name("event frames")
                                .uid("event-frames"));

        final DataStream<BandPowerRecord> bandPower;
        if (config.channelGroupSize() > 0) {
            // wide streams over several subtasks: band power per channel group, then the groups'
            // records merged back into the whole stream's
            bandPower =
                    eegFrames
                            .flatMap(new ChannelGroups(config.channelGroupSize()))
                            .name("channel groups")
                            .uid("channel-groups")
                            .keyBy(f -> f.streamId)
                            .process(
                                    new BandPowerFunction(
                                            config.bandPower(), config.computeBackend()))
                            .name("band power")
                            .uid("band-power")
                            .keyBy(r -> ChannelGroups.streamIdOf(r.streamId))
                            .process(new ChannelGroupMerge())
                            .name("merge channel groups")
                            .uid("channel-group-merge");
        } else {
            bandPower =
                    eeg.process(new BandPowerFunction(config.bandPower(), config.computeBackend()))
                            .name("band power")
                            .uid("band-power");
        }
        bandPower.sinkTo(sinks.bandPower()).name("features").uid("feature-sink");

        final SingleOutputStreamOperator<CalciumEventRecord> calciumEvents =
                calcium.process(config.calcium()).name("calcium").uid("calcium");
        if (sinks.calciumEvents() != null) {
            calciumEvents
                    .sinkTo(sinks.calciumEvents())
                    .name("calcium events")
                    .uid("calcium-event-sink");
        }

        DataStream<AvalancheRecord> avalanches = null;
        if (sinks.avalanches() != null) {
            final SingleOutputStreamOperator<AvalancheRecord> closed =
                    eeg.process(config.avalanches()).name("avalanches").uid("avalanches");
            avalanches =
                    closed.union(
                            closed.getSideOutput(AvalancheFunction.STATISTICS),
                            calciumEvents.getSideOutput(CalciumFunction.AVALANCHES));
            avalanches.sinkTo(sinks.avalanches()).name("avalanche records").uid("avalanche-sink");
        }

        if (sinks.motifs() != null) {
            DataStream<MotifRecord> detections = null;
            if (config.motifs() != null) {
                detections =
                        events.process(config.motifs().onBackend(config.computeBackend()))
                                .name("motifs")
                                .uid("motifs");
            }
            if (config.calciumMotifs() != null) {
                // spikes inferred from imaging, as one-event frames, into their own kernel
                final DataStream<MotifRecord> calciumDetections =
                        calciumEvents
                                .map(new CalciumEventFrames())
                                .name("calcium event frames")
                                .uid("calcium-event-frames")
                                .keyBy(f -> f.streamId)
                                .process(config.calciumMotifs().onBackend(config.computeBackend()))
                                .name("calcium motifs")
                                .uid("calcium-motifs");
                detections =
                        detections == null
                                ? calciumDetections
                                : detections.union(calciumDetections);
            }
            if (detections != null) {
                detections.sinkTo(sinks.motifs()).name("motif detections").uid("motif-sink");
            }
        }

        DataStream<PredictionRecord> predictions = null;
        if (sinks.predictions() != null && config.modelJson() != null) {
            // chained to band power (its output is still partitioned by stream): same subtask,
            // same per-stream order, and keyed state for the prediction numbers
            predictions =
                    DataStreamUtils.reinterpretAsKeyedStream(
                                    bandPower, r -> r.streamId, Types.STRING)
                            .process(new DecoderFunction(config.modelJson(), config.modelName()))
                            .name("decoder")
                            .uid("decoder");
            predictions.sinkTo(sinks.predictions()).name("predictions").uid("prediction-sink");
            if (sinks.closedLoop() != null) {
                // one writer for the one ring a stimulator on this host reads
                predictions
                        .sinkTo(sinks.closedLoop())
                        .setParallelism(1)
                        .name("closed loop")
                        .uid("closed-loop-sink");
            }
        }

        // alerts, from the streams above; their rule state is keyed state, so a recovery neither
        // loses nor repeats one (statistic rules need the avalanche sink, latency the decoder)
        if (sinks.alerts() != null && config.alertRules() != null) {
            config.alertRules()
                    .requireBands(
                            Band.parseList(config.bandPower().bands).stream()
                                    .map(Band::name)
                                    .toList());
            final DataStream<AlertRecord> alerts =
                    AlertStreams.alerts(
                            config.alertRules(),
                            bandPower,
                            avalanches,
                            predictions,
                            frames.getSideOutput(FrameValidationFunction.DEAD_LETTERS));
            if (alerts != null) {
                alerts.sinkTo(sinks.alerts()).name("alert sink").uid("alert-sink");
            }
        }
    }

    /** A stream already partitioned by stream id (it comes from the keyed sequence check). */
    private static KeyedStream<FrameRecord, String> byStream(final DataStream<FrameRecord> frames) {
        return DataStreamUtils.reinterpretAsKeyedStream(frames, f -> f.streamId, Types.STRING);
    }

    /**
     * Checkpoints, state backend and restart strategy from the options. Checkpoints use Flink's
     * exactly-once mode in both delivery modes: an at-least-once checkpoint (no barrier alignment)
     * could hold state that is ahead of its source offsets, and replayed predictions would then get
     * new numbers instead of the ones they had. A restart strategy already set on {@code env} (a
     * journal replay runs with none) is kept.
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
