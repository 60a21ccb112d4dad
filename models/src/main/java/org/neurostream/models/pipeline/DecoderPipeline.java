package org.neurostream.models.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A fitted decoding pipeline: from a window of causally filtered samples to class probabilities.
 * Immutable and safe to share; the per-window work runs in a {@link WindowScorer} made for each
 * thread.
 */
public interface DecoderPipeline {
    /** Which pipeline this is. */
    PipelineKind kind();

    /** Number of classes. */
    int classCount();

    /** Channels a window must have. */
    int channelCount();

    /** A scorer with its own scratch (one per thread). */
    WindowScorer newScorer();

    /** Writes the fitted matrices into {@code stages} (the model file's {@code stages} object). */
    void writeStages(ObjectNode stages);
}
