/**
 * Binary logistic regression, the classifier of {@code bandpower-lr} and {@code ts-lr}: fitting
 * ({@link org.neurostream.models.logistic.LogisticRegression}, the one scoring code), grouped folds
 * ({@link org.neurostream.models.logistic.GroupedKFold}), the choice of the L2 strength by grouped
 * cross-validation ({@link org.neurostream.models.logistic.CrossValidation}), the reader of the
 * earlier model file format ({@link org.neurostream.models.logistic.LogisticModelFile}) and the
 * model-file error every decoder reader throws ({@link
 * org.neurostream.models.logistic.ModelFormatException}).
 *
 * <p>Plain Java with no Flink imports, so the offline trainer, the tests and the streaming job run
 * one and the same code. Nothing here has a hand-set decision threshold: the regularisation is
 * chosen by cross-validation and the class decision is the Bayes decision at probability 0.5.
 */
package org.neurostream.models.logistic;
