package org.neurostream.models.pipeline;

import org.ejml.data.DMatrixRMaj;

/**
 * A fitted pipeline's computation on one window, with its own preallocated scratch: after the first
 * call it allocates nothing. One scorer per thread; make one with {@link
 * DecoderPipeline#newScorer()}.
 */
public interface WindowScorer {
    /**
     * Writes the class probabilities of one window into {@code out} (one per class, in model order,
     * summing to 1).
     *
     * @param window one channels x samples matrix per filter output, oldest sample first
     */
    void probabilities(DMatrixRMaj[] window, double[] out);
}
