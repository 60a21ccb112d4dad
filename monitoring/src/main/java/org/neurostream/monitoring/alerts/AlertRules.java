package org.neurostream.monitoring.alerts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.core.records.ConnectivityRecord;
import org.neurostream.core.records.DescriptorRecord;

/**
 * A validated set of alert rules, read from a YAML or JSON rules file:
 *
 * <pre>
 * rules:
 *   - name: gamma-high
 *     kind: feature            # feature | statistic | latency | dead_letters
 *     severity: warning        # info | warning | critical
 *     field: relative_power    # band_power | relative_power | differential_entropy, or a
 *                              # descriptor: aperiodic_exponent, alpha_peak_hz, connectivity_wpli...
 *     band: gamma              # band power and connectivity only
 *     channel: mean            # a channel index, mean (default) or any; connectivity: pair: [0, 1]
 *     op: above                # above | below
 *     threshold: 0.08
 *     for_seconds: 1           # device time (default 0)
 *   - {name: branching, kind: statistic, severity: info, field: branching_ratio, min: 0.9, max: 1.1}
 *   - {name: slow, kind: latency, severity: warning, threshold_ms: 250, percentile: 99,
 *      window_seconds: 10, min_count: 20}
 *   - {name: garbage, kind: dead_letters, severity: critical, threshold_per_second: 0.5, window_seconds: 10}
 * </pre>
 *
 * Parsing is all or nothing: every rule is checked before any is returned, and the first error
 * throws an {@link AlertRulesException} naming the file, the rule and the field. Unknown fields and
 * duplicate keys are errors too, so that a typo never quietly disables a rule.
 */
public final class AlertRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The record fields a statistic rule may watch: AvalancheRecord's estimates, snake_case. */
    public static final List<String> STATISTIC_FIELDS =
            List.of(
                    "alpha_size",
                    "alpha_size_se",
                    "xmin_size",
                    "alpha_duration",
                    "alpha_duration_se",
                    "xmin_duration",
                    "branching_ratio",
                    "branching_ratio_mr",
                    "gamma_fit",
                    "gamma_predicted");

    /** The band-power record fields a feature rule may watch. */
    public static final List<String> BAND_POWER_FIELDS =
            List.of(
                    BandPowerRecord.JSON_BAND_POWER,
                    BandPowerRecord.JSON_RELATIVE_POWER,
                    BandPowerRecord.JSON_DIFFERENTIAL_ENTROPY);

    /**
     * The resting-state descriptors a feature rule may watch: {@code <kind>_<value>} for every
     * value of every descriptor kind ({@code aperiodic_exponent}, {@code alpha_peak_hz}, {@code
     * connectivity_wpli}, ...; {@link DescriptorRecord#VALUE_FIELDS}), in file order.
     */
    public static final List<String> DESCRIPTOR_FIELDS =
            DescriptorRecord.KINDS.stream()
                    .flatMap(
                            k ->
                                    DescriptorRecord.VALUE_FIELDS.get(k).stream()
                                            .map(v -> k + "_" + v))
                    .toList();

    /** Every field a feature rule may watch: band power's, then the descriptors'. */
    public static final List<String> FEATURE_FIELDS =
            java.util.stream.Stream.concat(BAND_POWER_FIELDS.stream(), DESCRIPTOR_FIELDS.stream())
                    .toList();

    private static final List<String> SEVERITIES = List.of("info", "warning", "critical");
    private static final Set<String> COMMON = Set.of("name", "kind", "severity", "description");
    private static final Map<AlertRule.Kind, Set<String>> FIELDS =
            Map.of(
                    AlertRule.Kind.FEATURE,
                    Set.of(
                            "record",
                            "field",
                            "band",
                            "channel",
                            "pair",
                            "op",
                            "threshold",
                            "for_seconds"),
                    AlertRule.Kind.STATISTIC,
                    Set.of("field", "min", "max"),
                    AlertRule.Kind.LATENCY,
                    Set.of("threshold_ms", "percentile", "window_seconds", "min_count"),
                    AlertRule.Kind.DEAD_LETTERS,
                    Set.of("threshold_per_second", "window_seconds"));

    private final String source;
    private final List<AlertRule> rules;

    private AlertRules(final String source, final List<AlertRule> rules) {
        this.source = source;
        this.rules = List.copyOf(rules);
    }

    /** Reads and validates a rules file: YAML, or JSON when its name ends in .json. */
    public static AlertRules parse(final Path file) throws IOException {
        final String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new IOException(file + ": cannot read the rules file: " + e.getMessage(), e);
        }
        return parse(content, file.getFileName().toString());
    }

    /**
     * Validates rules given as text. JSON when {@code sourceName} ends in .json, YAML when it ends
     * in .yaml or .yml, otherwise JSON when the text starts with '{', YAML else.
     *
     * @param sourceName how error messages name the rules (usually the file name)
     */
    public static AlertRules parse(final String content, final String sourceName) {
        final String lower = sourceName.toLowerCase(Locale.ROOT);
        final boolean json =
                lower.endsWith(".json")
                        || (!lower.endsWith(".yaml")
                                && !lower.endsWith(".yml")
                                && content.stripLeading().startsWith("{"));
        final ObjectMapper mapper = json ? new ObjectMapper() : new YAMLMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        final JsonNode root;
        try {
            root = mapper.readTree(content);
        } catch (final JsonProcessingException e) {
            throw new AlertRulesException(
                    sourceName
                            + ": not valid "
                            + (json ? "JSON" : "YAML")
                            + ": "
                            + e.getOriginalMessage().lines().findFirst().orElse("")
                            + location(e));
        }
        if (root == null || !root.isObject() || !root.has("rules")) {
            throw new AlertRulesException(sourceName + ": expected a top-level \"rules\" list");
        }
        for (final Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            final String key = it.next();
            if (!key.equals("rules")) {
                throw new AlertRulesException(
                        sourceName + ": unknown top-level field \"" + key + "\" (allowed: rules)");
            }
        }
        final JsonNode list = root.get("rules");
        if (!list.isArray() || list.isEmpty()) {
            throw new AlertRulesException(sourceName + ": \"rules\" must be a non-empty list");
        }
        final List<AlertRule> rules = new ArrayList<>();
        final Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            final RuleReader r = new RuleReader(sourceName, i + 1, list.get(i));
            final AlertRule rule = r.read();
            final Integer previous = names.putIfAbsent(rule.name(), i + 1);
            if (previous != null) {
                throw r.error("name", "same name as rule #" + previous);
            }
            rules.add(rule);
        }
        return new AlertRules(sourceName, rules);
    }

    /** The rules in file order. */
    public List<AlertRule> rules() {
        return rules;
    }

    /** Number of rules. */
    public int size() {
        return rules.size();
    }

    /** How the rules were named when parsed (the file name). */
    public String source() {
        return source;
    }

    /** True when some rule is of {@code kind}: the job then feeds that kind to the alerts. */
    public boolean has(final AlertRule.Kind kind) {
        return rules.stream().anyMatch(r -> r.kind() == kind);
    }

    /**
     * Checks that every feature rule names one of {@code bands}, the bands the job computes: a rule
     * on a band that is never computed would never fire.
     *
     * @throws AlertRulesException naming the rule and its "band" field
     */
    public void requireBands(final Collection<String> bands) {
        for (final AlertRule rule : rules) {
            if (rule.kind() == AlertRule.Kind.FEATURE
                    && !rule.descriptor()
                    && !bands.contains(rule.band())) {
                throw new AlertRulesException(
                        source
                                + ": rule \""
                                + rule.name()
                                + "\": field \"band\": the job computes no band \""
                                + rule.band()
                                + "\" (bands: "
                                + String.join(", ", bands)
                                + ")");
            }
        }
    }

    /**
     * Checks that the job computes the descriptors the rules watch: descriptors at all, and the
     * connectivity bands they name.
     *
     * @param bands the job's connectivity bands, null when it computes no descriptors
     * @param off the setting that turned them off, for the message
     * @throws AlertRulesException naming the rule and its field
     */
    public void requireDescriptors(final Collection<String> bands, final String off) {
        for (final AlertRule rule : rules) {
            if (!rule.descriptor()) {
                continue;
            }
            if (bands == null) {
                throw new AlertRulesException(
                        source
                                + ": rule \""
                                + rule.name()
                                + "\": field \"field\": "
                                + rule.field()
                                + " is a descriptor, and the job computes none ("
                                + off
                                + ")");
            }
            if (rule.band() != null && !bands.contains(rule.band())) {
                throw new AlertRulesException(
                        source
                                + ": rule \""
                                + rule.name()
                                + "\": field \"band\": the job computes no connectivity band \""
                                + rule.band()
                                + "\" (bands: "
                                + String.join(", ", bands)
                                + ")");
            }
        }
    }

    /** True when some feature rule watches a descriptor: the job then feeds them to the alerts. */
    public boolean hasDescriptorRules() {
        return rules.stream().anyMatch(AlertRule::descriptor);
    }

    /**
     * The record kind a feature field belongs to: bandpower, or the descriptor kind it starts with.
     */
    private static String recordOf(final String field) {
        if (BAND_POWER_FIELDS.contains(field)) {
            return BandPowerRecord.KIND;
        }
        for (final String kind : DescriptorRecord.KINDS) {
            if (DescriptorRecord.VALUE_FIELDS.get(kind).stream()
                    .anyMatch(v -> field.equals(kind + "_" + v))) {
                return kind;
            }
        }
        throw new IllegalStateException(field);
    }

    private static String location(final JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line "
                        + e.getLocation().getLineNr()
                        + ", column "
                        + e.getLocation().getColumnNr()
                        + ")";
    }

    /** Reads one rule, naming it in every error. */
    private static final class RuleReader {
        private final String source;
        private final JsonNode node;
        private String label;

        RuleReader(final String source, final int position, final JsonNode node) {
            this.source = source;
            this.node = node;
            this.label = "rule #" + position;
        }

        AlertRule read() {
            if (!node.isObject()) {
                throw new AlertRulesException(
                        source + ": " + label + ": must be a mapping of fields, got " + node);
            }
            final String name = text("name", null);
            if (name.isBlank()) {
                throw error("name", "must not be empty");
            }
            label = "rule \"" + name + "\"";
            final String kindName = text("kind", null);
            AlertRule.Kind kind = null;
            for (final AlertRule.Kind k : AlertRule.Kind.values()) {
                if (k.spelling().equals(kindName)) {
                    kind = k;
                }
            }
            if (kind == null) {
                throw error(
                        "kind",
                        "must be feature, statistic, latency or dead_letters, got \""
                                + kindName
                                + "\"");
            }
            final Set<String> allowed = FIELDS.get(kind);
            for (final Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                final String key = it.next();
                if (!COMMON.contains(key) && !allowed.contains(key)) {
                    throw error(
                            key,
                            "unknown field for a "
                                    + kind.spelling()
                                    + " rule (allowed: "
                                    + String.join(", ", allowed.stream().sorted().toList())
                                    + ")");
                }
            }
            if (node.has("description")) {
                text("description", null);
            }
            final String severity = oneOf("severity", SEVERITIES, null);
            return switch (kind) {
                case FEATURE -> feature(name, severity);
                case STATISTIC -> statistic(name, severity);
                case LATENCY -> {
                    final double percentile = number("percentile", 99.0);
                    if (!(percentile > 0 && percentile <= 100)) {
                        throw error("percentile", "must be in (0, 100], got " + percentile);
                    }
                    yield new AlertRule(
                            name,
                            kind,
                            severity,
                            null,
                            null,
                            null,
                            0,
                            -1,
                            true,
                            positive("threshold_ms", null),
                            Double.NEGATIVE_INFINITY,
                            Double.POSITIVE_INFINITY,
                            0,
                            percentile,
                            nanos(positive("window_seconds", 10.0)),
                            minCount());
                }
                case DEAD_LETTERS ->
                        new AlertRule(
                                name,
                                kind,
                                severity,
                                null,
                                null,
                                null,
                                0,
                                -1,
                                true,
                                nonNegative("threshold_per_second", null),
                                Double.NEGATIVE_INFINITY,
                                Double.POSITIVE_INFINITY,
                                0,
                                0,
                                nanos(positive("window_seconds", 10.0)),
                                0);
            };
        }

        private AlertRule feature(final String name, final String severity) {
            final String field = oneOf("field", FEATURE_FIELDS, null);
            final String kind = recordOf(field);
            final String record = oneOf("record", List.of(kind), kind);
            final boolean connectivity = ConnectivityRecord.KIND.equals(kind);
            String band = null;
            if (kind.equals(BandPowerRecord.KIND) || connectivity) {
                band = text("band", null);
                if (band.isBlank()) {
                    throw error("band", "must not be empty");
                }
            } else if (node.has("band")) {
                throw error("band", field + " has no band to choose");
            }
            int channel;
            int pairChannel = -1;
            final JsonNode c = node.get("channel");
            if (node.has("pair")) {
                if (!connectivity) {
                    throw error("pair", "only connectivity fields are per channel pair");
                }
                if (c != null) {
                    throw error("pair", "give either pair or channel, not both");
                }
                final JsonNode p = node.get("pair");
                if (!p.isArray()
                        || p.size() != 2
                        || !index(p.get(0))
                        || !index(p.get(1))
                        || p.get(0).asInt() == p.get(1).asInt()) {
                    throw error("pair", "must be two different channel indices [a, b], got " + p);
                }
                channel = Math.min(p.get(0).asInt(), p.get(1).asInt());
                pairChannel = Math.max(p.get(0).asInt(), p.get(1).asInt());
            } else if (c == null || (c.isTextual() && c.asText().equals("mean"))) {
                channel = AlertRule.MEAN;
            } else if (c.isTextual() && c.asText().equals("any")) {
                channel = AlertRule.ANY;
            } else if (index(c) && !connectivity) {
                channel = c.asInt();
            } else {
                throw error(
                        "channel",
                        connectivity
                                ? "connectivity is per channel pair: give pair: [a, b], or"
                                        + " channel: mean or any, got "
                                        + c
                                : "must be a channel index (0, 1, ...), mean or any, got " + c);
            }
            final String op = oneOf("op", List.of("above", "below"), null);
            return new AlertRule(
                    name,
                    AlertRule.Kind.FEATURE,
                    severity,
                    record,
                    field,
                    band,
                    channel,
                    pairChannel,
                    op.equals("above"),
                    number("threshold", null),
                    Double.NEGATIVE_INFINITY,
                    Double.POSITIVE_INFINITY,
                    nanos(nonNegative("for_seconds", 0.0)),
                    0,
                    0,
                    0);
        }

        private static boolean index(final JsonNode v) {
            return v != null && v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 0;
        }

        private AlertRule statistic(final String name, final String severity) {
            final String field = oneOf("field", STATISTIC_FIELDS, null);
            if (!node.has("min") && !node.has("max")) {
                throw error("min", "a statistic rule needs min, max or both");
            }
            final double min = number("min", Double.NEGATIVE_INFINITY);
            final double max = number("max", Double.POSITIVE_INFINITY);
            if (min > max) {
                throw error("max", "must not be below min (" + min + "), got " + max);
            }
            return new AlertRule(
                    name,
                    AlertRule.Kind.STATISTIC,
                    severity,
                    null,
                    field,
                    null,
                    0,
                    -1,
                    true,
                    Double.NaN,
                    min,
                    max,
                    0,
                    0,
                    0,
                    0);
        }

        /** Latency: 20 predictions unless told, so that a lone slow start-up is no percentile. */
        private int minCount() {
            final double v = number("min_count", 20.0);
            if (v < 1 || v != Math.rint(v) || v > RuleState.MAX_WINDOW) {
                throw error(
                        "min_count",
                        "must be a whole number from 1 to " + RuleState.MAX_WINDOW + ", got " + v);
            }
            return (int) v;
        }

        private String text(final String field, final String fallback) {
            final JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (fallback == null) {
                    throw error(field, "required");
                }
                return fallback;
            }
            if (!v.isTextual()) {
                throw error(field, "must be text, got " + v);
            }
            return v.asText();
        }

        private String oneOf(final String field, final List<String> values, final String fallback) {
            final String v = text(field, fallback);
            if (!values.contains(v)) {
                throw error(
                        field,
                        "must be one of " + String.join(", ", values) + ", got \"" + v + "\"");
            }
            return v;
        }

        private double number(final String field, final Double fallback) {
            final JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (fallback == null) {
                    throw error(field, "required");
                }
                return fallback;
            }
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw error(field, "must be a number, got " + v);
            }
            return v.asDouble();
        }

        private double nonNegative(final String field, final Double fallback) {
            final double v = number(field, fallback);
            if (v < 0) {
                throw error(field, "must not be negative, got " + v);
            }
            return v;
        }

        private double positive(final String field, final Double fallback) {
            final double v = number(field, fallback);
            if (v <= 0) {
                throw error(field, "must be above 0, got " + v);
            }
            return v;
        }

        private static long nanos(final double seconds) {
            return Math.round(seconds * 1e9);
        }

        AlertRulesException error(final String field, final String what) {
            return new AlertRulesException(
                    source + ": " + label + ": field \"" + field + "\": " + what);
        }
    }
}
