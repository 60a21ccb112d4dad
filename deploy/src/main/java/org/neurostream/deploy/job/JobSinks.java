package org.neurostream.deploy.job;

import org.apache.flink.api.connector.sink2.Sink;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.records.DeadLetterRecord;
import org.neurostream.core.records.GapRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.core.records.PredictionRecord;

/**
 * Where each of the job's outputs goes. An output whose sink is null is not computed: tests and
 * replays ask only for what they check or write.
 *
 * @param bandPower band power and band differential entropy per stream and hop
 * @param predictions the decoder's predictions (needs a model in {@link JobOptions#MODEL})
 * @param deadLetters records refused by validation, with their reasons
 * @param avalanches avalanches and their rolling statistics
 * @param motifs spiking-motif detections on event streams (needs {@link JobOptions#MOTIF_MODEL})
 * @param calciumEvents spikes inferred from calcium-imaging streams
 * @param closedLoop predictions again, for a stimulator on this host (an {@code IpcPredictionSink};
 *     it runs with parallelism 1)
 * @param alerts alerts raised by the rules of {@link JobOptions#ALERTS}
 * @param gaps a gap record for every hole in a stream's frame sequence numbers (the {@code
 *     sequenceGaps} metric counts them either way)
 */
public record JobSinks(
        Sink<BandPowerRecord> bandPower,
        Sink<PredictionRecord> predictions,
        Sink<DeadLetterRecord> deadLetters,
        Sink<AvalancheRecord> avalanches,
        Sink<MotifRecord> motifs,
        Sink<CalciumEventRecord> calciumEvents,
        Sink<PredictionRecord> closedLoop,
        Sink<AlertRecord> alerts,
        Sink<GapRecord> gaps) {

    /** These sinks with predictions also going to {@code closedLoop}. */
    public JobSinks withClosedLoop(final Sink<PredictionRecord> sink) {
        return new JobSinks(
                bandPower,
                predictions,
                deadLetters,
                avalanches,
                motifs,
                calciumEvents,
                sink,
                alerts,
                gaps);
    }
}
