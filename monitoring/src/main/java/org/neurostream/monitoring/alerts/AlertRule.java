package org.neurostream.monitoring.alerts;

import java.io.Serializable;
import org.neurostream.core.records.BandPowerRecord;

/**
 * One alert rule, validated: build it with {@link AlertRules#parse}. Which fields mean something
 * depends on {@link #kind()}:
 *
 * <ul>
 *   <li>{@link Kind#FEATURE}: {@code field} of {@code band} in band-power records, or a
 *       resting-state descriptor ({@code <kind>_<value>} of a descriptor record; connectivity of
 *       {@code band}), one channel (one channel pair for connectivity) or aggregated over channels
 *       (pairs), {@code above} or below {@code threshold} for at least {@code forNs} of device
 *       time;
 *   <li>{@link Kind#STATISTIC}: {@code field} of the rolling avalanche statistics outside [{@code
 *       min}, {@code max}];
 *   <li>{@link Kind#LATENCY}: the {@code percentile} of the in-job latency (ms) of the predictions
 *       of the last {@code windowNs} of wall-clock time above {@code threshold}, once the window
 *       holds at least {@code minCount} predictions;
 *   <li>{@link Kind#DEAD_LETTERS}: dead letters per second over the last {@code windowNs} of
 *       wall-clock time above {@code threshold}.
 * </ul>
 *
 * @param name unique among the rules of a file; names the alerts and their state
 * @param kind what the rule watches
 * @param severity "info", "warning" or "critical"
 * @param record the feature record kind ("bandpower" or a descriptor kind such as "aperiodic"),
 *     FEATURE only
 * @param field the record field (snake_case, as on neuro.features; a descriptor's as {@code
 *     <kind>_<value>}, such as {@code aperiodic_exponent})
 * @param band the band name, FEATURE only (null for descriptors without bands)
 * @param channel a channel index (a connectivity pair's first channel), or {@link #MEAN} or {@link
 *     #ANY}
 * @param pairChannel a connectivity pair's second channel, -1 otherwise
 * @param above true: fires above the threshold; false: below
 * @param threshold feature value, latency ms, or dead letters per second
 * @param min lower bound of a statistic, -infinity when none
 * @param max upper bound of a statistic, +infinity when none
 * @param forNs how long a feature condition must hold, device ns
 * @param percentile latency percentile in (0, 100]
 * @param windowNs wall-clock window of latency and dead-letter rules, ns
 * @param minCount least predictions in the window for a latency percentile to be judged
 */
public record AlertRule(
        String name,
        Kind kind,
        String severity,
        String record,
        String field,
        String band,
        int channel,
        int pairChannel,
        boolean above,
        double threshold,
        double min,
        double max,
        long forNs,
        double percentile,
        long windowNs,
        int minCount)
        implements Serializable {

    /** {@link #channel()} value: the mean over all channels. */
    public static final int MEAN = -1;

    /** {@link #channel()} value: any one channel (the largest above, the smallest below). */
    public static final int ANY = -2;

    /**
     * The JSON name of the watched value in its record: the field, less the {@code <kind>_} prefix
     * of descriptor fields.
     */
    public String valueName() {
        return descriptor() ? field.substring(record.length() + 1) : field;
    }

    /** True for a feature rule on a resting-state descriptor, not on band power. */
    public boolean descriptor() {
        return kind == Kind.FEATURE && !BandPowerRecord.KIND.equals(record);
    }

    /** What a rule watches; the name is how rules files spell it. */
    public enum Kind {
        FEATURE("feature"),
        STATISTIC("statistic"),
        LATENCY("latency"),
        DEAD_LETTERS("dead_letters");

        private final String spelling;

        Kind(final String spelling) {
            this.spelling = spelling;
        }

        /** How rules files and alerts spell this kind. */
        public String spelling() {
            return spelling;
        }

        /** True for rules on wall-clock time (latency, dead letters): not replay-deterministic. */
        public boolean wallClock() {
            return this == LATENCY || this == DEAD_LETTERS;
        }
    }

    /** True when {@code value} breaks this rule (NaN never does: no value, no alert). */
    public boolean breaks(final double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        return switch (kind) {
            case STATISTIC -> value < min || value > max;
            case FEATURE -> above ? value > threshold : value < threshold;
            case LATENCY, DEAD_LETTERS -> value > threshold;
        };
    }

    /** The bound {@code value} breaks, or the threshold: what an alert reports it against. */
    public double limitFor(final double value) {
        if (kind == Kind.STATISTIC) {
            return value < min ? min : max;
        }
        return threshold;
    }
}
