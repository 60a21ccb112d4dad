package org.neurostream.models.motif;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurostream.operators.motif.BinnedEvents;
import org.neurostream.operators.motif.MotifEvaluation;
import org.neurostream.operators.motif.SyntheticMotifs;

/**
 * Training on a small ICANN benchmark (N = 128, D = 31, p_A = p_B = 0.001, but M = 20 motifs) and
 * scoring the learned kernel on a fresh draw from the same generating kernels.
 */
class MotifTrainerTest {
    private static final int M = 20;
    private static final int N = 128;
    private static final int D = 31;

    @Test
    void shouldRecoverAtLeast85PercentOfHeldOutOccurrences() {
        SyntheticMotifs train = SyntheticMotifs.generate(M, N, D, 40_000, 0.001, 0.001, 1);
        SyntheticMotifs test =
                SyntheticMotifs.drawWith(train.kernel(), M, N, D, 20_000, 0.001, 0.001, 99);

        MotifModel model =
                new MotifTrainer(MotifTrainingOptions.defaults())
                        .train(train.input(), train.occurrences(), N, M, 0, train.bins());

        double tpr = MotifEvaluation.truePositiveRate(model.toKernel(), test);
        assertTrue(tpr >= 0.85, "held-out true-positive rate " + tpr);
    }

    @Test
    void shouldKeepAccuracyWhenPrunedToFivePercentAndFineTuned() {
        SyntheticMotifs train = SyntheticMotifs.generate(M, N, D, 40_000, 0.001, 0.001, 2);
        SyntheticMotifs test =
                SyntheticMotifs.drawWith(train.kernel(), M, N, D, 20_000, 0.001, 0.001, 98);
        MotifTrainingOptions d = MotifTrainingOptions.defaults();
        MotifTrainingOptions pruning =
                new MotifTrainingOptions(
                        D, d.epochs(), d.learningRate(), d.l2(), d.batchBins(), d.seed(), 0.05, 5);

        MotifModel model =
                new MotifTrainer(pruning)
                        .train(train.input(), train.occurrences(), N, M, 0, train.bins());

        assertEquals(Math.round(0.05 * N * D) * M, model.nonZeroCount());
        double tpr = MotifEvaluation.truePositiveRate(model.toKernel(), test);
        assertTrue(tpr >= 0.85, "held-out true-positive rate at 5 % of the weights " + tpr);
    }

    @Test
    void shouldGiveTheSameModelForTheSameDataAndSeed() {
        SyntheticMotifs data = SyntheticMotifs.generate(4, 16, 9, 3000, 0.01, 0.005, 3);
        MotifTrainingOptions options = new MotifTrainingOptions(9, 3, 0.05, 0.03, 256, 7, 1, 0);

        MotifModel a =
                new MotifTrainer(options).train(data.input(), data.occurrences(), 16, 4, 0, 3000);
        MotifModel b =
                new MotifTrainer(options).train(data.input(), data.occurrences(), 16, 4, 0, 3000);

        assertArrayEquals(a.kernel(), b.kernel());
        assertArrayEquals(a.bias(), b.bias());
        assertEquals(
                ((Map<?, ?>) a.metadata().get("training")).get("lossByEpoch"),
                ((Map<?, ?>) b.metadata().get("training")).get("lossByEpoch"));
    }

    @Test
    void shouldLowerTheLossEveryEpochOnAnEasyTask() {
        // One address fires one bin before every label of motif 0: weight K[0, 0, 1] is learnt.
        int[] ids = new int[100];
        long[] bins = new long[100];
        int[] labelIds = new int[100];
        long[] labelBins = new long[100];
        for (int i = 0; i < 100; i++) {
            bins[i] = 10 + 20L * i;
            labelBins[i] = bins[i] + 1;
        }
        MotifModel model =
                new MotifTrainer(new MotifTrainingOptions(3, 30, 0.1, 0, 512, 1, 1, 0))
                        .train(
                                new BinnedEvents(ids, bins),
                                new BinnedEvents(labelIds, labelBins),
                                1,
                                1,
                                0,
                                2020);

        @SuppressWarnings("unchecked")
        List<Double> loss =
                (List<Double>)
                        ((Map<String, Object>) model.metadata().get("training")).get("lossByEpoch");
        for (int e = 1; e < loss.size(); e++) {
            assertTrue(loss.get(e) < loss.get(e - 1), "epoch " + e + ": " + loss);
        }
        float[] k = model.kernel();
        float b = model.bias()[0];
        assertTrue(b + k[1] > 0, "a spike one bin back makes the motif likely: " + (b + k[1]));
        assertTrue(
                b + k[0] < 0 && b + k[2] < 0,
                "but not in the spike's own bin nor two bins"
                        + " later: "
                        + (b + k[0])
                        + ", "
                        + (b + k[2]));
        assertTrue(b < -3, "nor without a spike: " + b);
    }
}
