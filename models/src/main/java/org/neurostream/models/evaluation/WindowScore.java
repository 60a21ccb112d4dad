package org.neurostream.models.evaluation;

import java.util.List;
import org.neurostream.models.training.TrialEpochs;

/**
 * Window accuracy: each decoded window that lies wholly inside an annotated trial of a class (its
 * first sample at or after the span's first, its end at or before the span's end) is scored against
 * that class; other windows are not scored. {@code evaluate-decoder} and the demo score the job's
 * predictions this way. Not thread-safe.
 */
public final class WindowScore {
    private final List<TrialEpochs.Span> spans;
    private long scored;
    private long correct;

    /** A score over the annotated spans of one recording ({@link TrialEpochs#spans}). */
    public WindowScore(List<TrialEpochs.Span> spans) {
        this.spans = List.copyOf(spans);
    }

    /**
     * Scores the window of samples [first, end) decoded as class {@code label} (an index into the
     * classes the spans were made with; -1 for a class of none).
     *
     * @return whether it lies inside a trial and was scored
     */
    public boolean add(long first, long end, int label) {
        for (TrialEpochs.Span s : spans) {
            if (first >= s.first() && end <= s.end()) {
                scored++;
                if (label == s.label()) {
                    correct++;
                }
                return true;
            }
        }
        return false;
    }

    /** Windows scored. */
    public long scored() {
        return scored;
    }

    /** Windows scored right. */
    public long correct() {
        return correct;
    }

    /** The share scored right; null when none was scored. */
    public Double accuracy() {
        return scored == 0 ? null : (double) correct / scored;
    }
}
