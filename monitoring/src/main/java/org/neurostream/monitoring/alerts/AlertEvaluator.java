package org.neurostream.monitoring.alerts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.neurostream.core.records.AlertRecord;

/**
 * Decides alerts from observations, one stream at a time, keeping everything it remembers in {@link
 * RuleState}s that the caller stores (the Flink function keeps them in keyed state, tests in a
 * map). No Flink here, so that the same code runs in the job and in tests.
 *
 * <p>Feature and statistic rules, on device time: a run opens at the first record that breaks the
 * rule and closes at the first that does not (a record without the value, NaN, leaves it as it is).
 * A feature rule fires once, when the run has lasted {@code for_seconds} from the end of its first
 * record to the end of the newest (0: on the first record); a statistic rule fires on the first
 * record outside its bounds. Their decisions depend only on the stream's records in order, so a
 * replay or a recovery gives the same alerts.
 *
 * <p>Latency and dead-letter rules, on the wall clock: a sliding window of {@code window_seconds}
 * ending now; they fire when the percentile (rate) goes above the threshold and resolve when it no
 * longer is, also when nothing arrives any more ({@link #tick}). They are not replay-deterministic.
 *
 * <p>A firing rule resolves once, when its condition stops holding.
 */
public final class AlertEvaluator {
    /** Where the caller keeps rule states, by rule name, for the current stream. */
    public interface StateStore {
        /** The rule's state, or null when it has none yet. */
        RuleState get(String rule) throws Exception;

        /** Stores the rule's state after a change. */
        void put(String rule, RuleState state) throws Exception;
    }

    /** Dead letters are counted in slots of this many ns. */
    static final long DEAD_LETTER_SLOT_NS = 100_000_000L;

    private final AlertRules rules;

    /** Sorting room for latency percentiles, grown once to the largest window. */
    private double[] scratch = new double[64];

    /** An evaluator of {@code rules}; it keeps no state of its own between calls. */
    public AlertEvaluator(final AlertRules rules) {
        this.rules = rules;
    }

    /**
     * Feeds one observation to the rules it has values for and emits their alerts.
     *
     * @return the wall-clock ns at which a wall-clock window changes without new input (call {@link
     *     #tick} then), or {@link Long#MAX_VALUE} when none will
     */
    public long observe(
            final AlertObservation o, final StateStore store, final Consumer<AlertRecord> out)
            throws Exception {
        final List<AlertRule> list = rules.rules();
        long next = Long.MAX_VALUE;
        for (int i = 0; i < list.size() && i < o.values.length; i++) {
            final double value = o.values[i];
            if (Double.isNaN(value)) {
                continue;
            }
            final AlertRule rule = list.get(i);
            final RuleState s = stateOf(store, rule);
            if (rule.kind().wallClock()) {
                add(rule, s, o.endNs, value);
                if (o.note != null) {
                    s.note = o.note;
                }
                evaluateWindow(rule, s, o.streamId, o.endNs, out);
                next = Math.min(next, nextChange(rule, s));
            } else {
                evaluateRun(rule, s, o, value, out);
            }
            store.put(rule.name(), s);
        }
        return next;
    }

    /**
     * Slides the wall-clock windows of {@code streamId} to {@code nowNs}, resolving rules whose
     * window no longer breaks them.
     *
     * @return when to tick again, as {@link #observe}
     */
    public long tick(
            final String streamId,
            final long nowNs,
            final StateStore store,
            final Consumer<AlertRecord> out)
            throws Exception {
        long next = Long.MAX_VALUE;
        for (final AlertRule rule : rules.rules()) {
            if (!rule.kind().wallClock()) {
                continue;
            }
            final RuleState s = store.get(rule.name());
            if (s == null || s.times == null || s.size == 0 && !s.firing) {
                continue;
            }
            evaluateWindow(rule, s, streamId, nowNs, out);
            next = Math.min(next, nextChange(rule, s));
            store.put(rule.name(), s);
        }
        return next;
    }

    private static RuleState stateOf(final StateStore store, final AlertRule rule)
            throws Exception {
        final RuleState s = store.get(rule.name());
        // a rule restored from a checkpoint taken under another kind of the same name starts afresh
        if (s != null && (rule.kind().wallClock() ? s.times != null : s.recent != null)) {
            return s;
        }
        final RuleState fresh = new RuleState();
        if (rule.kind().wallClock()) {
            fresh.times = new long[16];
            fresh.windowValues = new double[16];
        } else {
            fresh.recent = new double[AlertRecord.EVIDENCE_VALUES];
        }
        return fresh;
    }

    private void evaluateRun(
            final AlertRule rule,
            final RuleState s,
            final AlertObservation o,
            final double value,
            final Consumer<AlertRecord> out) {
        if (!rule.breaks(value)) {
            if (s.firing) {
                final AlertRecord a =
                        alert(rule, s, o.streamId, AlertRecord.RESOLVED, value, o.endNs);
                a.id = id(rule, o.streamId, s.firedWindowStartNs, AlertRecord.RESOLVED);
                a.reason = resolvedReason(rule, s, value, o.endNs);
                out.accept(a);
            }
            s.inRun = false;
            s.firing = false;
            return;
        }
        if (!s.inRun) {
            s.inRun = true;
            s.runStartNs = o.startNs;
            s.runFirstEndNs = o.endNs;
            s.count = 0;
            s.sum = 0;
            s.min = Double.POSITIVE_INFINITY;
            s.max = Double.NEGATIVE_INFINITY;
            s.recentCount = 0;
        }
        s.runEndNs = o.endNs;
        s.count++;
        s.sum += value;
        s.min = Math.min(s.min, value);
        s.max = Math.max(s.max, value);
        s.recent[(int) (s.recentCount++ % s.recent.length)] = value;
        if (!s.firing && s.runEndNs - s.runFirstEndNs >= rule.forNs()) {
            s.firing = true;
            s.firedWindowStartNs = s.runStartNs;
            final AlertRecord a = alert(rule, s, o.streamId, AlertRecord.FIRING, value, o.endNs);
            a.reason = firingReason(rule, s, value);
            out.accept(a);
        }
    }

    private void evaluateWindow(
            final AlertRule rule,
            final RuleState s,
            final String streamId,
            final long nowNs,
            final Consumer<AlertRecord> out) {
        evict(s, nowNs - rule.windowNs());
        final double value = windowValue(rule, s);
        final boolean breaks = s.size >= Math.max(1, rule.minCount()) && rule.breaks(value);
        if (breaks == s.firing) {
            return;
        }
        s.firing = breaks;
        final String status = breaks ? AlertRecord.FIRING : AlertRecord.RESOLVED;
        if (breaks) {
            s.firedWindowStartNs = nowNs - rule.windowNs();
        }
        final AlertRecord a = new AlertRecord();
        a.id = id(rule, streamId, s.firedWindowStartNs, status);
        a.rule = rule.name();
        a.kind = rule.kind().spelling();
        a.severity = rule.severity();
        a.status = status;
        a.streamId = streamId;
        a.value = value;
        a.threshold = rule.threshold();
        a.timeBase = "wall";
        a.windowStartNs = nowNs - rule.windowNs();
        a.windowEndNs = nowNs;
        a.raisedAtNs = nowNs;
        windowEvidence(s, a);
        a.reason = windowReason(rule, s, value, breaks);
        out.accept(a);
    }

    /** Latency: the rule's percentile of the window, ms; dead letters: per second. */
    private double windowValue(final AlertRule rule, final RuleState s) {
        if (rule.kind() == AlertRule.Kind.DEAD_LETTERS) {
            double n = 0;
            for (int i = 0; i < s.size; i++) {
                n += s.windowValues[i];
            }
            return n / (rule.windowNs() / 1e9);
        }
        if (s.size == 0) {
            return Double.NaN;
        }
        if (scratch.length < s.size) {
            scratch = new double[Math.max(s.size, scratch.length * 2)];
        }
        System.arraycopy(s.windowValues, 0, scratch, 0, s.size);
        Arrays.sort(scratch, 0, s.size);
        // nearest rank: the smallest value with at least p % of the window at or below it
        final int rank = (int) Math.ceil(rule.percentile() / 100.0 * s.size);
        return scratch[Math.max(0, rank - 1)];
    }

    private static void add(
            final AlertRule rule, final RuleState s, final long nowNs, final double value) {
        if (rule.kind() == AlertRule.Kind.DEAD_LETTERS
                && s.size > 0
                && nowNs / DEAD_LETTER_SLOT_NS == s.times[s.size - 1] / DEAD_LETTER_SLOT_NS) {
            s.windowValues[s.size - 1] += value;
            return;
        }
        if (s.size == RuleState.MAX_WINDOW) {
            drop(s, 1);
        }
        if (s.size == s.times.length) {
            s.times = Arrays.copyOf(s.times, s.size * 2);
            s.windowValues = Arrays.copyOf(s.windowValues, s.size * 2);
        }
        s.times[s.size] = nowNs;
        s.windowValues[s.size] = value;
        s.size++;
    }

    /** Drops values from {@code fromNs} or before: the window is (now - window, now]. */
    private static void evict(final RuleState s, final long fromNs) {
        int n = 0;
        while (n < s.size && s.times[n] <= fromNs) {
            n++;
        }
        drop(s, n);
    }

    private static void drop(final RuleState s, final int n) {
        if (n > 0) {
            System.arraycopy(s.times, n, s.times, 0, s.size - n);
            System.arraycopy(s.windowValues, n, s.windowValues, 0, s.size - n);
            s.size -= n;
        }
    }

    /** When the oldest value leaves the window; never for an empty, quiet window. */
    private static long nextChange(final AlertRule rule, final RuleState s) {
        return s.size == 0 ? Long.MAX_VALUE : s.times[0] + rule.windowNs();
    }

    private static AlertRecord alert(
            final AlertRule rule,
            final RuleState s,
            final String streamId,
            final String status,
            final double value,
            final long atNs) {
        final AlertRecord a = new AlertRecord();
        a.id = id(rule, streamId, s.runStartNs, status);
        a.rule = rule.name();
        a.kind = rule.kind().spelling();
        a.severity = rule.severity();
        a.status = status;
        a.streamId = streamId;
        a.value = value;
        // a statistic run broke one bound, the one its extremes lie beyond
        a.threshold = rule.limitFor(s.max > rule.max() ? s.max : s.min);
        a.timeBase = "device";
        a.windowStartNs = s.runStartNs;
        a.windowEndNs = s.runEndNs;
        a.raisedAtNs = atNs;
        a.evidenceCount = s.count;
        a.evidenceMin = s.min;
        a.evidenceMax = s.max;
        a.evidenceMean = s.sum / s.count;
        final int n = (int) Math.min(s.recentCount, s.recent.length);
        a.evidence = new double[n];
        for (int k = 0; k < n; k++) {
            a.evidence[k] = s.recent[(int) ((s.recentCount - n + k) % s.recent.length)];
        }
        return a;
    }

    private static void windowEvidence(final RuleState s, final AlertRecord a) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < s.size; i++) {
            min = Math.min(min, s.windowValues[i]);
            max = Math.max(max, s.windowValues[i]);
            sum += s.windowValues[i];
        }
        a.evidenceCount = s.size;
        a.evidenceMin = s.size == 0 ? 0 : min;
        a.evidenceMax = s.size == 0 ? 0 : max;
        a.evidenceMean = s.size == 0 ? 0 : sum / s.size;
        final int n = Math.min(s.size, AlertRecord.EVIDENCE_VALUES);
        a.evidence = Arrays.copyOfRange(s.windowValues, s.size - n, s.size);
    }

    private static String id(
            final AlertRule rule,
            final String streamId,
            final long windowStartNs,
            final String status) {
        return rule.name() + "|" + streamId + "|" + windowStartNs + "|" + status;
    }

    private static String firingReason(
            final AlertRule rule, final RuleState s, final double value) {
        if (rule.kind() == AlertRule.Kind.STATISTIC) {
            return rule.field()
                    + " "
                    + num(value)
                    + " outside ["
                    + num(rule.min())
                    + ", "
                    + num(rule.max())
                    + "] in the avalanche statistics of "
                    + seconds(s.runStartNs)
                    + "-"
                    + seconds(s.runEndNs)
                    + " s";
        }
        return what(rule)
                + (rule.above() ? " above " : " below ")
                + num(rule.threshold())
                + " for "
                + seconds(s.runEndNs - s.runFirstEndNs)
                + " s: "
                + num(value)
                + " at "
                + seconds(s.runEndNs)
                + " s ("
                + s.count
                + " records from "
                + seconds(s.runStartNs)
                + " s, "
                + num(s.min)
                + " to "
                + num(s.max)
                + ")";
    }

    private static String resolvedReason(
            final AlertRule rule, final RuleState s, final double value, final long atNs) {
        final String subject = rule.kind() == AlertRule.Kind.STATISTIC ? rule.field() : what(rule);
        final String limits =
                rule.kind() == AlertRule.Kind.STATISTIC
                        ? "inside [" + num(rule.min()) + ", " + num(rule.max()) + "]"
                        : (rule.above() ? "not above " : "not below ") + num(rule.threshold());
        return subject
                + " back to "
                + num(value)
                + ", "
                + limits
                + ", at "
                + seconds(atNs)
                + " s; it broke the rule from "
                + seconds(s.runStartNs)
                + " to "
                + seconds(s.runEndNs)
                + " s";
    }

    private static String windowReason(
            final AlertRule rule, final RuleState s, final double value, final boolean breaks) {
        final String over = " over the last " + num(rule.windowNs() / 1e9) + " s";
        if (rule.kind() == AlertRule.Kind.LATENCY) {
            return "p"
                    + num(rule.percentile())
                    + " in-job latency "
                    + (breaks ? "" : "back to ")
                    + num(Double.isNaN(value) ? 0.0 : value)
                    + " ms, "
                    + (breaks ? "above " : "not above ")
                    + num(rule.threshold())
                    + " ms,"
                    + over
                    + " ("
                    + s.size
                    + " predictions)";
        }
        double n = 0;
        for (int i = 0; i < s.size; i++) {
            n += s.windowValues[i];
        }
        return num(value)
                + " dead letters/s, "
                + (breaks ? "above " : "back to not above ")
                + num(rule.threshold())
                + "/s,"
                + over
                + " ("
                + (long) n
                + ")"
                + (s.note == null ? "" : "; newest: " + s.note);
    }

    private static String what(final AlertRule rule) {
        final String unit = rule.band() != null && rule.descriptor() ? "pair" : "channel";
        final String channel =
                rule.pairChannel() >= 0
                        ? "channels " + rule.channel() + "-" + rule.pairChannel()
                        : switch (rule.channel()) {
                            case AlertRule.MEAN -> "mean over " + unit + "s";
                            case AlertRule.ANY -> "any " + unit;
                            default -> "channel " + rule.channel();
                        };
        return (rule.band() == null ? "" : rule.band() + " ") + rule.field() + " (" + channel + ")";
    }

    /** Device ns as seconds with millisecond digits. */
    private static String seconds(final long ns) {
        return String.format(Locale.ROOT, "%.3f", ns / 1e9);
    }

    /** A number for a person: 4 significant digits, no trailing zeros; inf for unbounded. */
    static String num(final double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        final String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e") || !s.contains(".")) {
            return s;
        }
        final String trimmed = s.replaceAll("0+$", "");
        return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
