package org.neurostream.deploy.job;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import org.neurostream.core.frame.FrameValidator;
import org.neurostream.monitoring.alerts.AlertRules;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.flink.AvalancheFunction;
import org.neurostream.operators.flink.CalciumFunction;
import org.neurostream.operators.flink.MotifFunction;
import org.neurostream.operators.spectral.BandPowerOptions;

/**
 * Everything the job is configured with besides its endpoints. The low-latency settings are
 * explicit here so that they are documented and measured, not inherited.
 */
public final class JobOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Subtasks per operator. */
    public int parallelism = 1;

    /** Flink network buffer timeout: 0 flushes after every record (lowest latency, more CPU). */
    public long bufferTimeoutMs = 0;

    /** How often watermarks are emitted. */
    public long watermarkIntervalMs = 50;

    /** Out-of-orderness allowed across the streams that share a source split. */
    public Duration watermarkOutOfOrderness = Duration.ofSeconds(1);

    /** A stream silent this long no longer holds back watermarks. */
    public Duration idleness = Duration.ofSeconds(5);

    public BandPowerOptions bandPower = BandPowerOptions.defaults();

    /**
     * Band power of streams wider than this many channels runs per channel group, each group its
     * own key (so a Neuropixels probe spreads over slots), and the groups' records are merged back
     * into the whole stream's, equal to the unsplit job's; 0 keeps every stream whole.
     */
    public int channelGroupSize = 0;

    /** Avalanche analysis of sampled streams: threshold 3, running baseline 10 s, 25 ms bins. */
    public AvalancheFunction avalanches = AvalancheFunction.withDefaults();

    /** Calcium imaging: dF/F, OASIS spike inference (fixed tau 1 s), events into avalanches. */
    public CalciumFunction calcium = CalciumFunction.withJobDefaults();

    /** Spiking-motif detection on event streams with a trained kernel; null runs none. */
    public MotifFunction motifs;

    /**
     * Spiking-motif detection on the spikes inferred from calcium-imaging streams (addresses = ROI
     * indices, times counted from each stream's first imaging frame); null runs none. A kernel of
     * its own: calcium addresses are ROIs, not pixels.
     */
    public MotifFunction calciumMotifs;

    /** Compute backend of the band-power hot path (README.md#compute-backends; auto by default). */
    public BackendKind computeBackend = BackendKind.AUTO;

    public FrameValidator validator = FrameValidator.withDefaultLimits();

    /** The decoder's model file content (JSON); null runs the job without predictions. */
    public String modelJson;

    /** How predictions name the model, usually its file name. */
    public String modelName = "model";

    /** Alert rules, parsed and checked before the job starts; null raises no alerts. */
    public AlertRules alertRules;

    /** How the Kafka sinks deliver: at least once (default, lowest latency) or exactly once. */
    public DeliveryMode delivery = DeliveryMode.AT_LEAST_ONCE;

    /**
     * Time between checkpoints. 1 s: a recovery replays about a second of input (a few predictions
     * per stream), the state to write is small (a 2 s window per EEG stream), and in {@link
     * DeliveryMode#EXACTLY_ONCE} it is the commit period, so outputs become visible within about a
     * second (README, "Kafka output modes", for the measured cost). Zero: no checkpoints, for
     * bounded runs that are never restarted (a journal replay).
     */
    public Duration checkpointInterval = Duration.ofSeconds(1);

    /** Restarts after a failure before the job gives up (fixed-delay strategy). */
    public int restartAttempts = 3;

    /** Wait before each restart. */
    public Duration restartDelay = Duration.ofSeconds(1);

    /**
     * Where checkpoints are written (a path or URI; the state itself lives on the heap, the hashmap
     * state backend). The default is a folder under {@code java.io.tmpdir}: enough for restarts
     * within a run; give a durable folder to restart a job from its last checkpoint after the
     * process ends.
     */
    public String checkpointDirectory =
            Path.of(System.getProperty("java.io.tmpdir"), "neurostream-checkpoints")
                    .toUri()
                    .toString();

    /**
     * Prefix of the Kafka transactional ids in {@link DeliveryMode#EXACTLY_ONCE}; each sink adds
     * its own name. Two jobs on one cluster need different prefixes, or they fence each other.
     */
    public String transactionalIdPrefix = "neurostream";
}
