/**
 * Binary logistic-regression decoders: fitting ({@link
 * org.neurostream.models.logistic.LogisticRegression}), grouped and nested cross-validation ({@link
 * org.neurostream.models.logistic.CrossValidation}), training of a deployable model ({@link
 * org.neurostream.models.logistic.DecoderTrainer}) and the model file the job loads ({@link
 * org.neurostream.models.logistic.DecoderModel}).
 *
 * <p>Plain Java with no Flink imports, so the offline trainer, the tests and the streaming job run
 * one and the same code. Nothing here has a hand-set decision threshold: the regularisation is
 * chosen by cross-validation and the class decision is the Bayes decision at probability 0.5.
 */
package org.neurostream.models.logistic;
