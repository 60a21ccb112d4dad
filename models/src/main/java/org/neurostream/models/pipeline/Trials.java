package org.neurostream.models.pipeline;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Labelled trials for training and evaluating pipelines: per trial one channels x samples matrix
 * per filter output (its epoch as the streaming filters, run from the file's first sample, gave
 * it), its class index and its group (the unit cross-validation never splits).
 *
 * @param epochs {@code epochs[trial][output]}
 * @param labels class index per trial, 0 .. classCount - 1
 * @param groups group id per trial
 * @param classCount number of classes
 * @param innerFolds folds of the inner cross-validation that chooses hyper-parameters
 * @param fs sampling rate, Hz
 * @param channelLabels the channels' labels
 */
public record Trials(
        DMatrixRMaj[][] epochs,
        int[] labels,
        int[] groups,
        int classCount,
        int innerFolds,
        double fs,
        List<String> channelLabels) {

    /** Checks the shapes. */
    public Trials {
        if (epochs.length != labels.length || labels.length != groups.length) {
            throw new IllegalArgumentException(
                    "need one label and one group per trial; got "
                            + epochs.length
                            + " trials, "
                            + labels.length
                            + " labels, "
                            + groups.length
                            + " groups");
        }
        for (int label : labels) {
            if (label < 0 || label >= classCount) {
                throw new IllegalArgumentException(
                        "label " + label + " outside 0.." + (classCount - 1));
            }
        }
        channelLabels = List.copyOf(channelLabels);
    }

    /** Number of trials. */
    public int size() {
        return labels.length;
    }

    /** Channels per epoch. */
    public int channels() {
        return epochs[0][0].numRows;
    }

    /** Samples per epoch. */
    public int samples() {
        return epochs[0][0].numCols;
    }

    /** Filter outputs per channel. */
    public int outputs() {
        return epochs[0].length;
    }

    /** The labels of {@code rows}. */
    public int[] labels(int[] rows) {
        final int[] out = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            out[k] = labels[rows[k]];
        }
        return out;
    }

    /** The groups of {@code rows}. */
    public int[] groups(int[] rows) {
        final int[] out = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            out[k] = groups[rows[k]];
        }
        return out;
    }

    /**
     * Throws unless every class has a trial among {@code rows}; {@code pipeline} names the caller.
     */
    public void requireAllClasses(int[] rows, String pipeline) {
        final int[] counts = new int[classCount];
        for (int r : rows) {
            counts[labels[r]]++;
        }
        for (int k = 0; k < classCount; k++) {
            if (counts[k] == 0) {
                throw new IllegalArgumentException(
                        pipeline + ": no trial of class " + k + " among " + rows.length);
            }
        }
    }
}
