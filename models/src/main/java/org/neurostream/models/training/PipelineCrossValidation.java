package org.neurostream.models.training;

import org.neurostream.models.logistic.GroupedKFold;
import org.neurostream.models.pipeline.DecoderPipeline;
import org.neurostream.models.pipeline.PipelineTrainer;
import org.neurostream.models.pipeline.Probabilities;
import org.neurostream.models.pipeline.Trials;
import org.neurostream.models.pipeline.WindowScorer;

/**
 * Grouped, stratified k-fold cross-validation of a whole training procedure ({@link
 * PipelineTrainer}) on trials: folds from {@link GroupedKFold} (no group split, classes dealt out
 * in proportion), the trainer called on each training part alone (so any hyper-parameter it chooses
 * by inner folds makes this a nested cross-validation), each held-out trial scored by the fitted
 * pipeline's scorer, the live code. Accuracy and chance level (always answering the training part's
 * most frequent class, ties to the lower index) are averaged over folds with equal weight, as
 * {@code logistic.CrossValidation} does.
 *
 * @param accuracy mean held-out accuracy over folds
 * @param chanceLevel mean chance accuracy over folds
 * @param foldAccuracies per fold
 * @param foldChanceLevels per fold
 * @param predictions the held-out prediction of every trial
 * @param folds the fold of every trial
 */
public record PipelineCrossValidation(
        double accuracy,
        double chanceLevel,
        double[] foldAccuracies,
        double[] foldChanceLevels,
        int[] predictions,
        int[] folds) {

    /**
     * Runs {@code k}-fold cross-validation.
     *
     * @throws IllegalArgumentException when there are fewer groups than folds, or a training part
     *     cannot train the pipeline
     */
    public static PipelineCrossValidation run(PipelineTrainer trainer, Trials trials, int k) {
        final int[] fold = GroupedKFold.assign(trials.labels(), trials.groups(), k);
        final double[] accuracy = new double[k];
        final double[] chance = new double[k];
        final int[] predictions = new int[trials.size()];
        final double[] p = new double[trials.classCount()];
        for (int f = 0; f < k; f++) {
            final int[] train = GroupedKFold.rows(fold, f, false);
            final int[] test = GroupedKFold.rows(fold, f, true);
            final DecoderPipeline model;
            try {
                model = trainer.fit(trials, train);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "fold " + (f + 1) + " of " + k + ": " + e.getMessage(), e);
            }
            final WindowScorer scorer = model.newScorer();
            int correct = 0;
            for (int r : test) {
                scorer.probabilities(trials.epochs()[r], p);
                predictions[r] = Probabilities.argmax(p, p.length);
                if (predictions[r] == trials.labels()[r]) {
                    correct++;
                }
            }
            accuracy[f] = (double) correct / test.length;
            chance[f] = chance(trials, train, test);
        }
        return new PipelineCrossValidation(
                mean(accuracy), mean(chance), accuracy, chance, predictions, fold);
    }

    private static double chance(Trials trials, int[] train, int[] test) {
        final int[] counts = new int[trials.classCount()];
        for (int r : train) {
            counts[trials.labels()[r]]++;
        }
        int majority = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[majority]) {
                majority = c;
            }
        }
        int hits = 0;
        for (int r : test) {
            if (trials.labels()[r] == majority) {
                hits++;
            }
        }
        return (double) hits / test.length;
    }

    private static double mean(double[] v) {
        double s = 0.0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
