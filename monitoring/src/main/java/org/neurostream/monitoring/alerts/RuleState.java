package org.neurostream.monitoring.alerts;

import org.neurostream.core.records.AlertRecord;

/**
 * What one rule remembers about one stream between records: whether it is firing, the run of
 * records that broke it (feature, statistic), or its sliding wall-clock window (latency, dead
 * letters). Plain public fields, a Flink POJO: the job keeps it in keyed state, checkpointed with
 * the stream's other state, so that a recovery neither forgets nor repeats an alert.
 */
public class RuleState {
    /** Most values a latency window holds; beyond it the oldest are dropped. */
    public static final int MAX_WINDOW = 8192;

    /** True from a firing alert until its resolved alert. */
    public boolean firing;

    /** Window start of the firing alert, for the resolved alert's id. */
    public long firedWindowStartNs;

    /** Feature, statistic: a run of breaking records is open, from runStartNs to runEndNs. */
    public boolean inRun;

    public long runStartNs;

    /** End of the run's first record: the run has lasted {@code runEndNs - runFirstEndNs}. */
    public long runFirstEndNs;

    public long runEndNs;

    /** Feature, statistic: count, extremes and sum of the run's values. */
    public long count;

    public double min;
    public double max;
    public double sum;

    /**
     * The run's newest values, a ring of {@link AlertRecord#EVIDENCE_VALUES}: slot {@code n %
     * size}.
     */
    public double[] recent;

    /** Values ever put in {@link #recent} during this run. */
    public long recentCount;

    /**
     * Latency, dead letters: the window's wall-clock times and values, oldest first, in [0, size).
     * Dead letters keep one slot per 100 ms with the count in it.
     */
    public long[] times;

    public double[] windowValues;
    public int size;

    /** Dead letters: the newest one's key and reason. */
    public String note;

    public RuleState() {}
}
