package org.neurostream.deploy.job;

import org.apache.flink.api.connector.sink2.Sink;
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

/**
 * Where each of the job's outputs goes, built by {@link #builder()}:
 *
 * <pre>{@code
 * JobSinks sinks = JobSinks.builder()
 *         .bandPower(featureSink)
 *         .predictions(predictionSink)
 *         .deadLetters(deadLetterSink)
 *         .build();
 * }</pre>
 *
 * An output without a sink is not written, and where nothing else needs it not computed either
 * (avalanches, motifs, predictions, descriptors, alerts): tests and replays ask only for what they
 * check or write. Band power and validation run whatever is asked, since the other outputs depend
 * on them.
 */
public final class JobSinks {
    private final Sink<BandPowerRecord> bandPower;
    private final Sink<PredictionRecord> predictions;
    private final Sink<DeadLetterRecord> deadLetters;
    private final Sink<AvalancheRecord> avalanches;
    private final Sink<MotifRecord> motifs;
    private final Sink<CalciumEventRecord> calciumEvents;
    private final Sink<PredictionRecord> closedLoop;
    private final Sink<AlertRecord> alerts;
    private final Sink<GapRecord> gaps;
    private final Sink<FiringRateRecord> firingRates;
    private final Sink<LabelledWindowRecord> labelledWindows;
    private final Sink<DescriptorRecord> descriptors;
    private final Sink<PredictionRecord> predictionOutlets;
    private final Sink<AlertRecord> alertOutlet;
    private final Sink<MarkerRecord> markers;

    private JobSinks(final Builder b) {
        bandPower = b.bandPower;
        predictions = b.predictions;
        deadLetters = b.deadLetters;
        avalanches = b.avalanches;
        motifs = b.motifs;
        calciumEvents = b.calciumEvents;
        closedLoop = b.closedLoop;
        alerts = b.alerts;
        gaps = b.gaps;
        firingRates = b.firingRates;
        labelledWindows = b.labelledWindows;
        descriptors = b.descriptors;
        predictionOutlets = b.predictionOutlets;
        alertOutlet = b.alertOutlet;
        markers = b.markers;
    }

    /** A builder with no sinks. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these sinks, to change some. */
    public Builder toBuilder() {
        return new Builder()
                .bandPower(bandPower)
                .predictions(predictions)
                .deadLetters(deadLetters)
                .avalanches(avalanches)
                .motifs(motifs)
                .calciumEvents(calciumEvents)
                .closedLoop(closedLoop)
                .alerts(alerts)
                .gaps(gaps)
                .firingRates(firingRates)
                .labelledWindows(labelledWindows)
                .descriptors(descriptors)
                .predictionOutlets(predictionOutlets)
                .alertOutlet(alertOutlet)
                .markers(markers);
    }

    /** These sinks with predictions also going to {@code sink}. */
    public JobSinks withClosedLoop(final Sink<PredictionRecord> sink) {
        return toBuilder().closedLoop(sink).build();
    }

    /** Band power and band differential entropy per stream and hop; null: not written. */
    public Sink<BandPowerRecord> bandPower() {
        return bandPower;
    }

    /** The decoder's predictions (with {@link JobOptions#MODEL}); null: none. */
    public Sink<PredictionRecord> predictions() {
        return predictions;
    }

    /** Records refused by validation, with their reasons; null: not written. */
    public Sink<DeadLetterRecord> deadLetters() {
        return deadLetters;
    }

    /** Avalanches (EEG and calcium) and their rolling statistics; null: none. */
    public Sink<AvalancheRecord> avalanches() {
        return avalanches;
    }

    /** Spiking-motif detections (with {@link JobOptions#MOTIF_MODEL} or the calcium one). */
    public Sink<MotifRecord> motifs() {
        return motifs;
    }

    /** Spikes inferred from calcium-imaging streams; null: not written. */
    public Sink<CalciumEventRecord> calciumEvents() {
        return calciumEvents;
    }

    /** Predictions again, for a stimulator on this host (runs with parallelism 1); null: none. */
    public Sink<PredictionRecord> closedLoop() {
        return closedLoop;
    }

    /** Alerts raised by the rules of {@link JobOptions#ALERTS}; null: none. */
    public Sink<AlertRecord> alerts() {
        return alerts;
    }

    /**
     * A gap record for every hole in a stream's frame sequence numbers (the {@code sequenceGaps}
     * metric counts them either way); null: not written.
     */
    public Sink<GapRecord> gaps() {
        return gaps;
    }

    /**
     * Population vectors of spike streams (spikes per unit in bins of a device-time grid, the
     * firing-rate features of decoders); null: not computed.
     */
    public Sink<FiringRateRecord> firingRates() {
        return firingRates;
    }

    /**
     * Feature windows (band power, population vectors) joined on event time with the behaviour
     * values and the trial or stimulus labels of their session at their end; null: not computed.
     */
    public Sink<LabelledWindowRecord> labelledWindows() {
        return labelledWindows;
    }

    /**
     * The resting-state descriptors of every EEG stream (with {@link JobOptions#DESCRIPTORS}), all
     * six kinds; null: not written.
     */
    public Sink<DescriptorRecord> descriptors() {
        return descriptors;
    }

    /**
     * Predictions again, served as LSL outlets on this host (runs with parallelism 1); null: none.
     */
    public Sink<PredictionRecord> predictionOutlets() {
        return predictionOutlets;
    }

    /** Alerts again, served as an LSL marker outlet (runs with parallelism 1); null: none. */
    public Sink<AlertRecord> alertOutlet() {
        return alertOutlet;
    }

    /**
     * The markers of the input as the source read them (a replay's {@code markers_<stream>.csv});
     * null: not written.
     */
    public Sink<MarkerRecord> markers() {
        return markers;
    }

    /** Builds {@link JobSinks}; every sink is optional. */
    public static final class Builder {
        private Sink<BandPowerRecord> bandPower;
        private Sink<PredictionRecord> predictions;
        private Sink<DeadLetterRecord> deadLetters;
        private Sink<AvalancheRecord> avalanches;
        private Sink<MotifRecord> motifs;
        private Sink<CalciumEventRecord> calciumEvents;
        private Sink<PredictionRecord> closedLoop;
        private Sink<AlertRecord> alerts;
        private Sink<GapRecord> gaps;
        private Sink<FiringRateRecord> firingRates;
        private Sink<LabelledWindowRecord> labelledWindows;
        private Sink<DescriptorRecord> descriptors;
        private Sink<PredictionRecord> predictionOutlets;
        private Sink<AlertRecord> alertOutlet;
        private Sink<MarkerRecord> markers;

        private Builder() {}

        /** See {@link JobSinks#markers()}. */
        public Builder markers(final Sink<MarkerRecord> sink) {
            markers = sink;
            return this;
        }

        /** See {@link JobSinks#bandPower()}. */
        public Builder bandPower(final Sink<BandPowerRecord> sink) {
            bandPower = sink;
            return this;
        }

        /** See {@link JobSinks#predictions()}. */
        public Builder predictions(final Sink<PredictionRecord> sink) {
            predictions = sink;
            return this;
        }

        /** See {@link JobSinks#deadLetters()}. */
        public Builder deadLetters(final Sink<DeadLetterRecord> sink) {
            deadLetters = sink;
            return this;
        }

        /** See {@link JobSinks#avalanches()}. */
        public Builder avalanches(final Sink<AvalancheRecord> sink) {
            avalanches = sink;
            return this;
        }

        /** See {@link JobSinks#motifs()}. */
        public Builder motifs(final Sink<MotifRecord> sink) {
            motifs = sink;
            return this;
        }

        /** See {@link JobSinks#calciumEvents()}. */
        public Builder calciumEvents(final Sink<CalciumEventRecord> sink) {
            calciumEvents = sink;
            return this;
        }

        /** See {@link JobSinks#closedLoop()}. */
        public Builder closedLoop(final Sink<PredictionRecord> sink) {
            closedLoop = sink;
            return this;
        }

        /** See {@link JobSinks#alerts()}. */
        public Builder alerts(final Sink<AlertRecord> sink) {
            alerts = sink;
            return this;
        }

        /** See {@link JobSinks#gaps()}. */
        public Builder gaps(final Sink<GapRecord> sink) {
            gaps = sink;
            return this;
        }

        /** See {@link JobSinks#firingRates()}. */
        public Builder firingRates(final Sink<FiringRateRecord> sink) {
            firingRates = sink;
            return this;
        }

        /** See {@link JobSinks#labelledWindows()}. */
        public Builder labelledWindows(final Sink<LabelledWindowRecord> sink) {
            labelledWindows = sink;
            return this;
        }

        /** See {@link JobSinks#descriptors()}. */
        public Builder descriptors(final Sink<DescriptorRecord> sink) {
            descriptors = sink;
            return this;
        }

        /** See {@link JobSinks#predictionOutlets()}. */
        public Builder predictionOutlets(final Sink<PredictionRecord> sink) {
            predictionOutlets = sink;
            return this;
        }

        /** See {@link JobSinks#alertOutlet()}. */
        public Builder alertOutlet(final Sink<AlertRecord> sink) {
            alertOutlet = sink;
            return this;
        }

        /** The sinks set so far. */
        public JobSinks build() {
            return new JobSinks(this);
        }
    }
}
