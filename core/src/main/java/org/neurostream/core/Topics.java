package org.neurostream.core;

import java.util.List;

/**
 * The Kafka topic names of NeuroStream, in one place so that the embedded runtime, the job wiring,
 * the cluster manifests and the tests agree on them. Raw topics carry frames ({@code
 * org.neurostream.core.frame}); the others carry JSON records ({@code
 * org.neurostream.core.records}). Every record is keyed by its stream id ({@link
 * org.neurostream.core.stream.StreamId}).
 */
public final class Topics {

    /** Raw EEG frames, keyed by stream id {@code <session>/<stream>}. */
    public static final String RAW_EEG = "neuro.raw.eeg";

    /** Raw calcium-imaging frames, keyed by stream id. */
    public static final String RAW_CALCIUM = "neuro.raw.calcium";

    /** Raw event-camera (DVS) frames, keyed by stream id. */
    public static final String RAW_DVS = "neuro.raw.dvs";

    /** Raw spike frames, keyed by stream id. */
    public static final String RAW_SPIKES = "neuro.raw.spikes";

    /**
     * Raw behaviour frames ({@link org.neurostream.core.frame.Modality#BEHAVIOR}), keyed by stream
     * id.
     */
    public static final String RAW_BEHAVIOR = "neuro.raw.behavior";

    /**
     * Event markers ({@link org.neurostream.core.records.MarkerRecord} as JSON), keyed by stream
     * id: trial and stimulus intervals, annotations, LSL marker streams. The job reads them with
     * the raw topics and labels its feature windows with them.
     */
    public static final String MARKERS = "neuro.markers";

    /** Feature records computed by the operators. */
    public static final String FEATURES = "neuro.features";

    /** Decoder predictions. */
    public static final String PREDICTIONS = "neuro.predictions";

    /** Alerts raised by the alert rules. */
    public static final String ALERTS = "neuro.alerts";

    /** Frames that failed validation, with the reason. */
    public static final String DEADLETTER = "neuro.deadletter";

    /**
     * Decoder model files, keyed by model name, the version {@code model publish} gave each in the
     * record header {@link #MODEL_VERSION_HEADER}. Compacted (the last file of every name stays)
     * and of one partition, so that every task of the job reads every model in the order of
     * publication; see {@link #COMPACTED}.
     */
    public static final String MODELS = "neuro.models";

    /** The record header of {@link #MODELS} that carries the model's version (decimal text). */
    public static final String MODEL_VERSION_HEADER = "version";

    /**
     * Topics whose records are the latest value of their key: created with {@code
     * cleanup.policy=compact} and one partition, whatever the job's parallelism.
     */
    public static final List<String> COMPACTED = List.of(MODELS);

    /** The raw input topics, one per modality. */
    public static final List<String> RAW =
            List.of(RAW_EEG, RAW_CALCIUM, RAW_DVS, RAW_SPIKES, RAW_BEHAVIOR);

    /** Every topic the system reads or writes, inputs first. */
    public static final List<String> ALL =
            List.of(
                    RAW_EEG,
                    RAW_CALCIUM,
                    RAW_DVS,
                    RAW_SPIKES,
                    RAW_BEHAVIOR,
                    MARKERS,
                    MODELS,
                    FEATURES,
                    PREDICTIONS,
                    ALERTS,
                    DEADLETTER);

    private Topics() {}
}
