package org.neurostream.monitoring.alerts;

import java.util.Arrays;
import java.util.List;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.ConnectivityRecord;
import org.neurostream.core.records.DeadLetterRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.core.records.PredictionRecord;

/**
 * What an alert rule needs of one input record: the stream, the time it describes and one value per
 * rule ({@code values[i]} for rule i; NaN where the rule does not watch this record). Made where
 * the record is produced, so that only a few numbers, not whole feature records, travel to the
 * alert operator. A Flink POJO.
 */
public class AlertObservation {
    /** Stream id; {@link #ALL_STREAMS} for dead letters. */
    public String streamId;

    /** Device ns (features, statistics) or wall-clock epoch ns (latency, dead letters). */
    public long startNs;

    public long endNs;

    /** One value per rule, NaN where the rule does not apply. */
    public double[] values;

    /** A dead letter's key and reason, for the alert's sentence; null otherwise. */
    public String note;

    /** The stream id dead-letter rules report: they watch the job as a whole. */
    public static final String ALL_STREAMS = "*";

    public AlertObservation() {}

    /**
     * The feature rules' values of a band-power record; null when no rule watches it (another kind,
     * or no feature rule applies to its bands or channels).
     */
    public static AlertObservation of(final AlertRules rules, final BandPowerRecord r) {
        final double[] values =
                values(
                        rules,
                        r,
                        (rule, x) -> watches(rule, x.kind) ? featureValue(rule, x) : Double.NaN);
        return values == null ? null : observation(r.streamId, r.startNs, r.endNs, values);
    }

    /**
     * The feature rules' values of a resting-state descriptor record; null when no rule watches it
     * (another kind, or no value for the rules' channels, pairs or bands).
     */
    public static AlertObservation of(final AlertRules rules, final DescriptorRecord r) {
        final double[] values =
                values(
                        rules,
                        r,
                        (rule, x) -> watches(rule, x.kind) ? descriptorValue(rule, x) : Double.NaN);
        return values == null ? null : observation(r.streamId, r.startNs, r.endNs, values);
    }

    /**
     * A descriptor rule's value in one record: one channel (a connectivity pair in the rule's
     * band), the mean over the channels (pairs) that have a value, or for "any" the one furthest
     * past the threshold's side. NaN when the record lacks the field, band, channel or pair, or
     * every value is missing.
     */
    static double descriptorValue(final AlertRule rule, final DescriptorRecord r) {
        final Number[] values = r.values(rule.valueName());
        if (values == null || r.channels <= 0) {
            return Double.NaN;
        }
        int from = 0;
        int count = r.channels;
        if (r instanceof ConnectivityRecord c) {
            final int band = c.bands == null ? -1 : Arrays.asList(c.bands).indexOf(rule.band());
            if (band < 0) {
                return Double.NaN;
            }
            count = c.pairs();
            from = band * count;
            if (rule.pairChannel() >= 0) {
                return rule.pairChannel() < r.channels
                        ? value(
                                values[
                                        from
                                                + ConnectivityRecord.pairIndex(
                                                        r.channels,
                                                        rule.channel(),
                                                        rule.pairChannel())])
                        : Double.NaN;
            }
        } else if (rule.channel() >= 0) {
            return rule.channel() < r.channels ? value(values[rule.channel()]) : Double.NaN;
        }
        double acc = rule.channel() == AlertRule.MEAN ? 0 : Double.NaN;
        int n = 0;
        for (int i = from; i < from + count; i++) {
            final double v = value(values[i]);
            if (Double.isNaN(v)) {
                continue;
            }
            n++;
            if (rule.channel() == AlertRule.MEAN) {
                acc += v;
            } else {
                acc = n == 1 ? v : rule.above() ? Math.max(acc, v) : Math.min(acc, v);
            }
        }
        return n == 0 ? Double.NaN : rule.channel() == AlertRule.MEAN ? acc / n : acc;
    }

    private static double value(final Number v) {
        return v == null ? Double.NaN : v.doubleValue();
    }

    /** The statistic rules' values of rolling avalanche statistics; null when none applies. */
    public static AlertObservation of(final AlertRules rules, final AvalancheRecord r) {
        if (!AvalancheRecord.STATS_KIND.equals(r.kind)) {
            return null;
        }
        final double[] values =
                values(
                        rules,
                        r,
                        (rule, x) ->
                                rule.kind() == AlertRule.Kind.STATISTIC
                                        ? value(statistic(rule.field(), x))
                                        : Double.NaN);
        return values == null ? null : observation(r.streamId, r.startNs, r.endNs, values);
    }

    /**
     * The latency rules' value of a prediction: {@code nowNs - ingestNs} in ms, the time from the
     * bridge handing the newest frame to Kafka until the decoder's output. It leaves out the last
     * Kafka hop to a consumer, which the demo's end-to-end figure includes. Null when no latency
     * rule exists or the prediction has no ingest stamp.
     */
    public static AlertObservation ofPrediction(
            final AlertRules rules, final PredictionRecord p, final long nowNs) {
        if (p.ingestNs <= 0) {
            return null;
        }
        return ofKind(
                rules, AlertRule.Kind.LATENCY, p.streamId, nowNs, (nowNs - p.ingestNs) / 1e6, null);
    }

    /** The dead-letter rules' value of one dead letter (a count of 1 at {@code nowNs}). */
    public static AlertObservation ofDeadLetter(
            final AlertRules rules, final DeadLetterRecord d, final long nowNs) {
        return ofKind(
                rules,
                AlertRule.Kind.DEAD_LETTERS,
                ALL_STREAMS,
                nowNs,
                1.0,
                (d.key == null ? "no key" : "key " + d.key) + ": " + d.reason);
    }

    private static AlertObservation ofKind(
            final AlertRules rules,
            final AlertRule.Kind kind,
            final String streamId,
            final long nowNs,
            final double value,
            final String note) {
        final List<AlertRule> list = rules.rules();
        double[] values = null;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).kind() == kind) {
                if (values == null) {
                    values = nans(list.size());
                }
                values[i] = value;
            }
        }
        if (values == null) {
            return null;
        }
        final AlertObservation o = observation(streamId, nowNs, nowNs, values);
        o.note = note;
        return o;
    }

    /**
     * A feature rule's value in one record: one channel, the mean over channels, or for "any" the
     * channel furthest past the threshold's side (the largest for above, the smallest for below).
     * NaN when the record lacks the band, the channel or the field.
     */
    static double featureValue(final AlertRule rule, final BandPowerRecord r) {
        if (r.bands == null) {
            return Double.NaN;
        }
        int band = -1;
        for (int b = 0; b < r.bands.length; b++) {
            if (r.bands[b].equals(rule.band())) {
                band = b;
            }
        }
        final double[] field =
                switch (rule.field()) {
                    case "band_power" -> r.bandPower;
                    case "relative_power" -> r.relativePower;
                    default -> r.differentialEntropy;
                };
        if (band < 0 || field == null || r.channels <= 0) {
            return Double.NaN;
        }
        final int bands = r.bands.length;
        if (rule.channel() >= 0) {
            return rule.channel() < r.channels ? field[rule.channel() * bands + band] : Double.NaN;
        }
        double acc = rule.channel() == AlertRule.MEAN ? 0 : field[band];
        for (int c = 0; c < r.channels; c++) {
            final double v = field[c * bands + band];
            if (rule.channel() == AlertRule.MEAN) {
                acc += v;
            } else {
                acc = rule.above() ? Math.max(acc, v) : Math.min(acc, v);
            }
        }
        return rule.channel() == AlertRule.MEAN ? acc / r.channels : acc;
    }

    private static Double statistic(final String field, final AvalancheRecord r) {
        return switch (field) {
            case "alpha_size" -> r.alphaSize;
            case "alpha_size_se" -> r.alphaSizeSe;
            case "xmin_size" -> r.xminSize;
            case "alpha_duration" -> r.alphaDuration;
            case "alpha_duration_se" -> r.alphaDurationSe;
            case "xmin_duration" -> r.xminDuration;
            case "branching_ratio" -> r.branchingRatio;
            case "branching_ratio_mr" -> r.branchingRatioMr;
            case "gamma_fit" -> r.gammaFit;
            case "gamma_predicted" -> r.gammaPredicted;
            default -> null;
        };
    }

    /** One rule's value in a record: NaN where the rule does not watch it or it has no value. */
    @FunctionalInterface
    private interface RuleValue<R> {
        double of(AlertRule rule, R record);
    }

    /** Whether {@code rule} is a feature rule on records of kind {@code kind}. */
    private static boolean watches(final AlertRule rule, final String kind) {
        return rule.kind() == AlertRule.Kind.FEATURE && rule.record().equals(kind);
    }

    /**
     * Every rule's value in {@code record}, by the rules' order, NaN for the rules without one;
     * null when no rule has one.
     */
    private static <R> double[] values(
            final AlertRules rules, final R record, final RuleValue<R> value) {
        final List<AlertRule> list = rules.rules();
        double[] values = null;
        for (int i = 0; i < list.size(); i++) {
            final double v = value.of(list.get(i), record);
            if (!Double.isNaN(v)) {
                if (values == null) {
                    values = nans(list.size());
                }
                values[i] = v;
            }
        }
        return values;
    }

    private static double[] nans(final int n) {
        final double[] v = new double[n];
        java.util.Arrays.fill(v, Double.NaN);
        return v;
    }

    private static AlertObservation observation(
            final String streamId, final long startNs, final long endNs, final double[] values) {
        final AlertObservation o = new AlertObservation();
        o.streamId = streamId;
        o.startNs = startNs;
        o.endNs = endNs;
        o.values = values;
        return o;
    }
}
