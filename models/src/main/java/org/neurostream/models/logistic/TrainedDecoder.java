package org.neurostream.models.logistic;

/**
 * What {@link DecoderTrainer#train} returns: the deployable model and how it was validated.
 *
 * @param model the model fitted on all data with the chosen l2
 * @param report cross-validated figures and counts
 */
public record TrainedDecoder(DecoderModel model, TrainingReport report) {}
