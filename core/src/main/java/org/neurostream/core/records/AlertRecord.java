package org.neurostream.core.records;

/**
 * One alert, as neuro.alerts carries it (JSON, snake_case). A rule raises one "firing" alert when
 * its condition starts to hold (for its duration), and one "resolved" alert when it stops holding;
 * never one per record in between. A Flink POJO.
 *
 * <p>Times: for feature and statistic rules, device time of the stream (the evidence window and
 * {@code raisedAtNs} are the same on every replay); for latency and dead-letter rules, wall-clock
 * epoch ns ({@code timeBase} says which). {@code id} is the same for the same alert on a replay or
 * after a recovery, so that a consumer can drop a repeat.
 */
public class AlertRecord {
    /** JSON names of the fields that readers of {@code neuro.alerts} look up. */
    public static final String JSON_RULE = "rule";

    public static final String JSON_SEVERITY = "severity";
    public static final String JSON_STATUS = "status";
    public static final String JSON_REASON = "reason";

    /** "firing": the condition started to hold; "resolved": it stopped. */
    public static final String FIRING = "firing";

    public static final String RESOLVED = "resolved";

    /** {@code <rule>|<stream>|<window start ns>|<status>}: stable across replays and recoveries. */
    public String id;

    /** The rule's name and kind ("feature", "statistic", "latency", "dead_letters"). */
    public String rule;

    public String kind;

    /** The rule's severity: "info", "warning" or "critical". */
    public String severity;

    /** {@link #FIRING} or {@link #RESOLVED}. */
    public String status;

    /** The stream the rule watched; "*" for dead-letter rules, which watch the whole job. */
    public String streamId;

    /** One sentence with the numbers, for a person. */
    public String reason;

    /** The value that decided: the newest one when firing, the first within limits on resolving. */
    public double value;

    /** The threshold or bound the value was held against. */
    public double threshold;

    /** "device" (stream time, replay-deterministic) or "wall" (epoch ns, not deterministic). */
    public String timeBase;

    /**
     * The evidence window, ns: from the start of the first record that broke the rule to the end of
     * the newest one (feature, statistic); the rule's sliding window (latency, dead letters).
     */
    public long windowStartNs;

    public long windowEndNs;

    /** When the alert was raised: the end of the deciding record, or the wall clock. */
    public long raisedAtNs;

    /** The values in the evidence window: how many, their extremes and mean. */
    public long evidenceCount;

    public double evidenceMin;
    public double evidenceMax;
    public double evidenceMean;

    /** The newest values of the evidence window, oldest first, at most {@link #EVIDENCE_VALUES}. */
    public double[] evidence;

    /** Most values an alert lists in {@link #evidence}. */
    public static final int EVIDENCE_VALUES = 32;

    /**
     * Columns of {@code replay --out}'s alerts files: no wall-clock field ({@code raised_at_ns} is
     * left out), so feature and statistic rules give the same bytes on every replay.
     */
    public static final String CSV_HEADER =
            "window_start_ns,window_end_ns,id,rule,kind,severity,status,value,threshold,reason";

    /** An empty record, for Flink and Jackson to fill. */
    public AlertRecord() {}

    /**
     * The alert's row in its {@code replay --out} CSV file, in the order of {@link #CSV_HEADER}.
     */
    public String csvRow() {
        return ""
                + windowStartNs
                + ','
                + windowEndNs
                + ','
                + Csv.field(id)
                + ','
                + Csv.field(rule)
                + ','
                + Csv.field(kind)
                + ','
                + Csv.field(severity)
                + ','
                + Csv.field(status)
                + ','
                + value
                + ','
                + threshold
                + ','
                + Csv.field(reason);
    }
}
