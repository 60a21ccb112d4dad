package org.neurostream.deploy.job;

import java.io.Serializable;
import java.time.Duration;
import org.neurostream.ingest.frame.FrameValidator;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.flink.AvalancheFunction;
import org.neurostream.operators.flink.CalciumFunction;
import org.neurostream.operators.flink.MotifFunction;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.sinks.alerts.AlertRules;

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

    /** Compute backend of the band-power hot path (DESIGN "Compute backends"; auto by default). */
    public BackendKind computeBackend = BackendKind.AUTO;

    public FrameValidator validator = FrameValidator.withDefaultLimits();

    /** The decoder's model file content (JSON); null runs the job without predictions. */
    public String modelJson;

    /** How predictions name the model, usually its file name. */
    public String modelName = "model";

    /** Alert rules, parsed and checked before the job starts; null raises no alerts. */
    public AlertRules alertRules;
}
