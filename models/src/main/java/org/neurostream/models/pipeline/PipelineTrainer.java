package org.neurostream.models.pipeline;

/**
 * The whole training procedure of one pipeline on some of the trials: every fitted step (spatial
 * filters, reference points, feature selection, classifier) and every hyper-parameter choice (by
 * inner cross-validation on those trials only) sees only the rows it is given, so that calling it
 * on an outer training part is an honest nested cross-validation.
 */
public interface PipelineTrainer {
    /**
     * Fits the pipeline on {@code rows} of {@code trials}.
     *
     * @throws IllegalArgumentException when the rows cannot train it (a class missing, too few
     *     trials for the inner folds, more classes than the pipeline takes)
     */
    DecoderPipeline fit(Trials trials, int[] rows);
}
