package org.neurostream.deploy.job;

import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import org.neurostream.ingest.Topics;
import org.neurostream.ingest.flink.DeadLetter;
import org.neurostream.ingest.flink.FrameRecord;
import org.neurostream.ingest.flink.FrameValidationFunction;
import org.neurostream.ingest.flink.RawRecord;
import org.neurostream.ingest.flink.RawRecordDeserializer;
import org.neurostream.ingest.frame.Modality;
import org.neurostream.models.Prediction;
import org.neurostream.models.flink.DecoderFunction;
import org.neurostream.operators.features.AvalancheRecord;
import org.neurostream.operators.features.CalciumEventRecord;
import org.neurostream.operators.features.FeatureRecord;
import org.neurostream.operators.features.MotifRecord;
import org.neurostream.operators.flink.AvalancheFunction;
import org.neurostream.operators.flink.BandPowerFunction;
import org.neurostream.operators.flink.CalciumEventFrames;
import org.neurostream.operators.flink.CalciumFunction;
import org.neurostream.operators.flink.ChannelGroupMerge;
import org.neurostream.operators.flink.ChannelGroups;
import org.neurostream.operators.spectral.Band;
import org.neurostream.sinks.alerts.Alert;
import org.neurostream.sinks.alerts.flink.AlertStreams;
import org.neurostream.sinks.kafka.JsonRecordSerializer;

/**
 * The NeuroStream job:
 *
 * <pre>
 *  raw records ──> validate ──┬──> EEG frames ──keyBy(stream)──┬──> band power + BDE ──┬──> band power sink
 *                             │                                  │                      └──> decoder ──> predictions sink
 *                             │                                  └──> avalanches (+ statistics) ──┐
 *                             ├──> calcium frames ──keyBy(stream)──> dF/F + OASIS ──┬──> calcium events sink
 *                             │                                         │              └──> one-event frames ──keyBy(stream)──> calcium motif detector ──┐
 *                             │                                         └──> event avalanches ────┴──> avalanche sink                                   │
 *                             ├──> event frames ──keyBy(stream)──> motif detector ──────────────────────────────────────────────────────────────> motif sink
 *                             └──> dead letters sink
 *  band power, avalanche statistics, predictions, dead letters ──keyBy(stream)──> alert rules ──> alert sink
 * </pre>
 *
 * Sources and sinks come in through the constructor so that tests run the very same job on their
 * own endpoints; {@link #onKafka} wires the real topics.
 */
public final class NeuroStreamJob {
    private final Source<RawRecord, ?, ?> source;
    private final JobSinks sinks;
    private final JobOptions options;

    public NeuroStreamJob(
            final Source<RawRecord, ?, ?> source, final JobSinks sinks, final JobOptions options) {
        this.source = source;
        this.sinks = sinks;
        this.options = options;
    }

    /**
     * The job on Kafka: all raw topics in, JSON features, predictions, dead letters and alerts
     * (with {@link JobOptions#alertRules}) out. Use {@link #withSinks} to add the closed loop.
     */
    public static NeuroStreamJob onKafka(final String bootstrapServers, final JobOptions options) {
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
                                bootstrapServers, Topics.FEATURES, (FeatureRecord r) -> r.streamId),
                        kafkaSink(
                                bootstrapServers, Topics.PREDICTIONS, (Prediction p) -> p.streamId),
                        kafkaSink(bootstrapServers, Topics.DEADLETTER, (DeadLetter d) -> d.key),
                        kafkaSink(
                                bootstrapServers,
                                Topics.FEATURES,
                                (AvalancheRecord a) -> a.streamId),
                        kafkaSink(bootstrapServers, Topics.FEATURES, (MotifRecord m) -> m.streamId),
                        kafkaSink(
                                bootstrapServers,
                                Topics.FEATURES,
                                (CalciumEventRecord e) -> e.streamId),
                        null,
                        kafkaSink(bootstrapServers, Topics.ALERTS, (Alert a) -> a.streamId)),
                options);
    }

    /**
     * An at-least-once Kafka sink with {@code linger.ms=0}: each record leaves as soon as the job
     * emits it (the low-latency mode; predictions carry stream and interval, so a consumer can drop
     * a repeat after a recovery).
     */
    public static <T> KafkaSink<T> kafkaSink(
            final String bootstrapServers,
            final String topic,
            final SerializableFunction<T, String> key) {
        final Properties producer = new Properties();
        producer.setProperty("linger.ms", "0");
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new JsonRecordSerializer<>(topic, key))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** The same job with other sinks. */
    public NeuroStreamJob withSinks(final JobSinks other) {
        return new NeuroStreamJob(source, other, options);
    }

    /** The job's sinks. */
    public JobSinks sinks() {
        return sinks;
    }

    /** Adds the job's operators to {@code env}. */
    public void build(final StreamExecutionEnvironment env) {
        env.setParallelism(options.parallelism);
        env.setBufferTimeout(options.bufferTimeoutMs);
        env.getConfig().setAutoWatermarkInterval(options.watermarkIntervalMs);

        final DataStream<RawRecord> raw =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "raw frames")
                        .uid("raw-source");
        final SingleOutputStreamOperator<FrameRecord> frames =
                raw.process(new FrameValidationFunction(options.validator))
                        .name("validate frames")
                        .uid("validate");
        frames.getSideOutput(FrameValidationFunction.DEAD_LETTERS)
                .sinkTo(sinks.deadLetters())
                .name("dead letters")
                .uid("dead-letter-sink");

        final DataStream<FrameRecord> timed =
                frames.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<FrameRecord>forBoundedOutOfOrderness(
                                                options.watermarkOutOfOrderness)
                                        .withTimestampAssigner(
                                                (f, previous) -> f.deviceTimeNs / 1_000_000L)
                                        .withIdleness(options.idleness))
                        .name("event time")
                        .uid("event-time");
        // each modality to its operators: EEG is sampled electrophysiology, calcium is imaging
        // frames (one sample = one frame of every ROI), event cameras and spikes are events
        final DataStream<FrameRecord> eegFrames =
                timed.filter(f -> f.modality == Modality.EEG).name("EEG frames").uid("eeg-frames");
        final KeyedStream<FrameRecord, String> eeg = eegFrames.keyBy(f -> f.streamId);
        final KeyedStream<FrameRecord, String> calcium =
                timed.filter(f -> f.modality == Modality.CALCIUM)
                        .name("calcium frames")
                        .uid("calcium-frames")
                        .keyBy(f -> f.streamId);
        final KeyedStream<FrameRecord, String> events =
                timed.filter(f -> f.modality == Modality.DVS || f.modality == Modality.SPIKES)
                        .name("event frames")
                        .uid("event-frames")
                        .keyBy(f -> f.streamId);

        final DataStream<FeatureRecord> bandPower;
        if (options.channelGroupSize > 0) {
            // wide streams over several subtasks: band power per channel group, then the groups'
            // records merged back into the whole stream's
            bandPower =
                    eegFrames
                            .flatMap(new ChannelGroups(options.channelGroupSize))
                            .name("channel groups")
                            .uid("channel-groups")
                            .keyBy(f -> f.streamId)
                            .process(
                                    new BandPowerFunction(
                                            options.bandPower, options.computeBackend))
                            .name("band power")
                            .uid("band-power")
                            .keyBy(r -> ChannelGroups.streamIdOf(r.streamId))
                            .process(new ChannelGroupMerge())
                            .name("merge channel groups")
                            .uid("channel-group-merge");
        } else {
            bandPower =
                    eeg.process(new BandPowerFunction(options.bandPower, options.computeBackend))
                            .name("band power")
                            .uid("band-power");
        }
        bandPower.sinkTo(sinks.bandPower()).name("features").uid("feature-sink");

        final SingleOutputStreamOperator<CalciumEventRecord> calciumEvents =
                calcium.process(options.calcium).name("calcium").uid("calcium");
        if (sinks.calciumEvents() != null) {
            calciumEvents
                    .sinkTo(sinks.calciumEvents())
                    .name("calcium events")
                    .uid("calcium-event-sink");
        }

        DataStream<AvalancheRecord> avalanches = null;
        if (sinks.avalanches() != null) {
            final SingleOutputStreamOperator<AvalancheRecord> closed =
                    eeg.process(options.avalanches).name("avalanches").uid("avalanches");
            avalanches =
                    closed.union(
                            closed.getSideOutput(AvalancheFunction.STATISTICS),
                            calciumEvents.getSideOutput(CalciumFunction.AVALANCHES));
            avalanches.sinkTo(sinks.avalanches()).name("avalanche records").uid("avalanche-sink");
        }

        if (sinks.motifs() != null) {
            DataStream<MotifRecord> detections = null;
            if (options.motifs != null) {
                detections =
                        events.process(options.motifs.onBackend(options.computeBackend))
                                .name("motifs")
                                .uid("motifs");
            }
            if (options.calciumMotifs != null) {
                // spikes inferred from imaging, as one-event frames, into their own kernel
                final DataStream<MotifRecord> calciumDetections =
                        calciumEvents
                                .map(new CalciumEventFrames())
                                .name("calcium event frames")
                                .uid("calcium-event-frames")
                                .keyBy(f -> f.streamId)
                                .process(options.calciumMotifs.onBackend(options.computeBackend))
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

        DataStream<Prediction> predictions = null;
        if (sinks.predictions() != null && options.modelJson != null) {
            // chained to band power: same subtask, same per-stream order
            predictions =
                    bandPower
                            .flatMap(new DecoderFunction(options.modelJson, options.modelName))
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
        if (sinks.alerts() != null && options.alertRules != null) {
            options.alertRules.requireBands(
                    Band.parseList(options.bandPower.bands).stream().map(Band::name).toList());
            final DataStream<Alert> alerts =
                    AlertStreams.alerts(
                            options.alertRules,
                            bandPower,
                            avalanches,
                            predictions,
                            frames.getSideOutput(FrameValidationFunction.DEAD_LETTERS));
            if (alerts != null) {
                alerts.sinkTo(sinks.alerts()).name("alert sink").uid("alert-sink");
            }
        }
    }

    /** Builds the job on {@code env} and starts it without waiting for it to end. */
    public JobClient executeAsync(final StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync("neurostream");
    }
}
