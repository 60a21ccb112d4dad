package org.neurostream.models.logistic;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained binary decoder as the streaming job loads it: a logistic model on standardised features
 * plus what a person needs to trust it (class names, feature description, cross-validated accuracy
 * against chance, training data description).
 *
 * <p>The file is JSON, written and read with Jackson; doubles are written in shortest round-trip
 * form, so a model read back predicts bit for bit what the written one did. Fields, in file order:
 *
 * <pre>
 *   formatVersion      : int                 // 1; other versions are refused
 *   kind               : string              // "logistic"
 *   classNames         : [string, string]    // class 0, class 1 (e.g. "rest", "imagery")
 *   cvAccuracy         : double              // cross-validated accuracy, 0..1
 *   chanceLevel        : double              // accuracy of always answering the majority, 0..1
 *   l2                 : double              // L2 strength the deployed weights were fitted with
 *   featureCount       : int                 // p, the length of every array below
 *   featureDescription : object              // free-form: bands, channels, window, transform...
 *   trainingData       : object              // free-form: recording, labels, counts, validation
 *   bias               : double              // log-odds of class 1 at the feature means
 *   featureMean        : [double] * p        // subtracted from the raw features
 *   featureScale       : [double] * p        // then divided by, all &gt; 0
 *   weights            : [double] * p        // weights on the standardised features
 * </pre>
 *
 * <p>Prediction takes raw (unstandardised) features in the order the description gives, and
 * allocates nothing, so it can run per window on the hot path. Instances are immutable and safe to
 * share between threads; to swap models, swap the reference.
 */
public final class DecoderModel {
    /** The file format version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** The {@code kind} of a logistic-regression model. */
    public static final String KIND_LOGISTIC = "logistic";

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP_TYPE =
            new TypeReference<>() {};
    private static final Set<String> FIELDS =
            Set.of(
                    "formatVersion",
                    "kind",
                    "classNames",
                    "cvAccuracy",
                    "chanceLevel",
                    "l2",
                    "featureCount",
                    "featureDescription",
                    "trainingData",
                    "bias",
                    "featureMean",
                    "featureScale",
                    "weights");

    private final List<String> classNames;
    private final Map<String, Object> featureDescription;
    private final Map<String, Object> trainingData;
    private final double[] mean;
    private final double[] scale;
    private final double[] weights;
    private final double bias;
    private final double l2;
    private final double cvAccuracy;
    private final double chanceLevel;

    private DecoderModel(
            List<String> classNames,
            Map<String, Object> featureDescription,
            Map<String, Object> trainingData,
            double[] mean,
            double[] scale,
            double[] weights,
            double bias,
            double l2,
            double cvAccuracy,
            double chanceLevel) {
        this.classNames = classNames;
        this.featureDescription = featureDescription;
        this.trainingData = trainingData;
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
        this.l2 = l2;
        this.cvAccuracy = cvAccuracy;
        this.chanceLevel = chanceLevel;
    }

    /**
     * Builds a logistic decoder model; arrays and maps are copied.
     *
     * @param classNames names of class 0 and class 1, distinct and not blank
     * @param featureDescription free-form description of the features; must be expressible as JSON
     *     (strings, numbers, booleans, lists, maps)
     * @param mean per-feature mean, finite
     * @param scale per-feature scale, finite and &gt; 0
     * @param weights weights on the standardised features, finite, at least one
     * @param bias log-odds of class 1 at the feature means, finite
     * @param l2 the L2 strength the weights were fitted with, finite and &gt; 0
     * @param cvAccuracy cross-validated accuracy in [0, 1]
     * @param chanceLevel chance accuracy in [0, 1]
     * @param trainingData free-form description of the training data, JSON-expressible
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static DecoderModel logistic(
            List<String> classNames,
            Map<String, ?> featureDescription,
            double[] mean,
            double[] scale,
            double[] weights,
            double bias,
            double l2,
            double cvAccuracy,
            double chanceLevel,
            Map<String, ?> trainingData) {
        try {
            int p = weights == null ? 0 : weights.length;
            return validated(
                    classNames == null ? null : new ArrayList<>(classNames),
                    jsonMap("featureDescription", featureDescription),
                    jsonMap("trainingData", trainingData),
                    p,
                    mean == null ? null : mean.clone(),
                    scale == null ? null : scale.clone(),
                    weights == null ? null : weights.clone(),
                    bias,
                    l2,
                    cvAccuracy,
                    chanceLevel);
        } catch (Invalid e) {
            throw new IllegalArgumentException(
                    "decoder model: field '" + e.field + "': " + e.getMessage(), e);
        }
    }

    /**
     * Reads a model file.
     *
     * @throws ModelFormatException naming the file and the field when the content is unusable: not
     *     JSON, an unsupported {@code formatVersion} or {@code kind}, a missing or unknown field, a
     *     value of the wrong type, an array of the wrong length, a non-finite number, a scale &lt;=
     *     0
     * @throws IOException when the file cannot be read
     */
    public static DecoderModel read(Path file) throws IOException {
        return fromJson(readText(file), file);
    }

    /**
     * A model file's text.
     *
     * @throws ModelFormatException when the file does not exist or is not UTF-8
     * @throws IOException when it cannot be read
     */
    public static String readText(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file, null, "does not exist");
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(file, null, "not UTF-8 text");
        }
    }

    /**
     * Parses a model from its JSON text, as {@link #read} does; {@code source} names where the text
     * came from in error messages (the job receives the text, not the file).
     *
     * @throws ModelFormatException as {@link #read}
     */
    public static DecoderModel fromJson(String text, Path source) throws ModelFormatException {
        Path file = source;
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ModelFormatException(
                    file,
                    null,
                    "not valid JSON: "
                            + e.getOriginalMessage()
                            + (at == null
                                    ? ""
                                    : " at line "
                                            + at.getLineNr()
                                            + ", column "
                                            + at.getColumnNr()));
        }
        try {
            return parse(root);
        } catch (Invalid e) {
            throw new ModelFormatException(file, e.field, e.getMessage());
        }
    }

    /**
     * Writes the model as indented JSON. The text goes to a hidden sibling file first and is then
     * moved over {@code file} (atomically where the file system can), so a job watching the path
     * never reads half a model.
     */
    public void write(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, toJson(), StandardCharsets.UTF_8);
            try {
                Files.move(
                        temporary,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The model file's text: indented JSON ending in a newline. */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("kind", KIND_LOGISTIC);
        ArrayNode names = root.putArray("classNames");
        classNames.forEach(names::add);
        root.put("cvAccuracy", cvAccuracy);
        root.put("chanceLevel", chanceLevel);
        root.put("l2", l2);
        root.put("featureCount", weights.length);
        root.set("featureDescription", MAPPER.valueToTree(featureDescription));
        root.set("trainingData", MAPPER.valueToTree(trainingData));
        root.put("bias", bias);
        putArray(root, "featureMean", mean);
        putArray(root, "featureScale", scale);
        putArray(root, "weights", weights);
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            // a tree of plain JSON nodes always serialises
            throw new IllegalStateException(e);
        }
    }

    /** Number of raw features the model expects. */
    public int featureCount() {
        return weights.length;
    }

    /** Names of class 0 and class 1 (unmodifiable). */
    public List<String> classNames() {
        return classNames;
    }

    /** The free-form feature description (unmodifiable, JSON types). */
    public Map<String, Object> featureDescription() {
        return featureDescription;
    }

    /** The free-form training data description (unmodifiable, JSON types). */
    public Map<String, Object> trainingData() {
        return trainingData;
    }

    /** Per-feature means (a copy). */
    public double[] featureMean() {
        return mean.clone();
    }

    /** Per-feature scales (a copy). */
    public double[] featureScale() {
        return scale.clone();
    }

    /** Weights on the standardised features (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** The bias: log-odds of class 1 at the feature means. */
    public double bias() {
        return bias;
    }

    /** The L2 strength the weights were fitted with. */
    public double l2() {
        return l2;
    }

    /** Cross-validated accuracy of the training procedure. */
    public double cvAccuracy() {
        return cvAccuracy;
    }

    /** Chance accuracy (always answering the training majority), computed on the same folds. */
    public double chanceLevel() {
        return chanceLevel;
    }

    /**
     * Log-odds of class 1 for raw features; allocates nothing.
     *
     * @throws IllegalArgumentException if {@code features.length != featureCount()}
     */
    public double logOdds(double[] features) {
        return LinearScore.logOdds(mean, scale, weights, bias, features);
    }

    /**
     * Probability of class 1 for raw features; allocates nothing.
     *
     * @throws IllegalArgumentException if {@code features.length != featureCount()}
     */
    public double probability(double[] features) {
        return LinearScore.sigmoid(logOdds(features));
    }

    /**
     * The predicted class, 0 or 1: 1 exactly when the probability of class 1 is at least 0.5.
     * Thresholding calibrated probabilities at 0.5 is the Bayes decision when both kinds of error
     * cost the same; it is taken on the log-odds (&gt;= 0), which is equivalent and immune to
     * rounding in the logistic function. Allocates nothing.
     *
     * @throws IllegalArgumentException if {@code features.length != featureCount()}
     */
    public int predict(double[] features) {
        return logOdds(features) >= 0.0 ? 1 : 0;
    }

    @Override
    public String toString() {
        return "DecoderModel["
                + KIND_LOGISTIC
                + " "
                + classNames.get(0)
                + "/"
                + classNames.get(1)
                + ", "
                + weights.length
                + " features, cvAccuracy="
                + cvAccuracy
                + ", chanceLevel="
                + chanceLevel
                + ", l2="
                + l2
                + "]";
    }

    private static DecoderModel parse(JsonNode root) {
        if (!root.isObject()) {
            throw new Invalid(null, "top level must be a JSON object, got " + root.getNodeType());
        }
        int version = integer(root, "formatVersion");
        if (version != FORMAT_VERSION) {
            throw new Invalid(
                    "formatVersion",
                    "unsupported version " + version + "; this reader supports " + FORMAT_VERSION);
        }
        String kind = text(root, "kind");
        if (!KIND_LOGISTIC.equals(kind)) {
            throw new Invalid(
                    "kind",
                    "unsupported kind '"
                            + kind
                            + "'; this reader supports '"
                            + KIND_LOGISTIC
                            + "'");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw new Invalid(name, "unknown field (format version " + FORMAT_VERSION + ")");
            }
        }
        JsonNode names = required(root, "classNames");
        if (!names.isArray()) {
            throw new Invalid("classNames", "must be an array of strings");
        }
        List<String> classNames = new ArrayList<>();
        for (JsonNode name : names) {
            if (!name.isTextual()) {
                throw new Invalid(
                        "classNames", "must be an array of strings, found " + name.getNodeType());
            }
            classNames.add(name.textValue());
        }
        return validated(
                classNames,
                object(root, "featureDescription"),
                object(root, "trainingData"),
                integer(root, "featureCount"),
                numbers(root, "featureMean"),
                numbers(root, "featureScale"),
                numbers(root, "weights"),
                number(root, "bias"),
                number(root, "l2"),
                number(root, "cvAccuracy"),
                number(root, "chanceLevel"));
    }

    /** The checks the factory and the reader share; throws {@link Invalid} naming the field. */
    private static DecoderModel validated(
            List<String> classNames,
            Map<String, Object> featureDescription,
            Map<String, Object> trainingData,
            int featureCount,
            double[] mean,
            double[] scale,
            double[] weights,
            double bias,
            double l2,
            double cvAccuracy,
            double chanceLevel) {
        if (classNames == null || classNames.size() != 2) {
            throw new Invalid(
                    "classNames",
                    "need exactly 2 names, got "
                            + (classNames == null ? "none" : Integer.toString(classNames.size())));
        }
        for (String name : classNames) {
            if (name == null || name.isBlank()) {
                throw new Invalid("classNames", "names must not be blank");
            }
        }
        if (classNames.get(0).equals(classNames.get(1))) {
            throw new Invalid(
                    "classNames", "names must differ, both are '" + classNames.get(0) + "'");
        }
        if (weights == null) {
            throw new Invalid("weights", "missing");
        }
        if (featureCount < 1) {
            throw new Invalid("featureCount", "must be at least 1, got " + featureCount);
        }
        checkArray("featureMean", mean, featureCount);
        checkArray("featureScale", scale, featureCount);
        checkArray("weights", weights, featureCount);
        for (int j = 0; j < featureCount; j++) {
            if (!(scale[j] > 0.0)) {
                throw new Invalid(
                        "featureScale", "value " + j + " is " + scale[j] + ", scales must be > 0");
            }
        }
        checkFinite("bias", bias);
        if (!(l2 > 0.0) || !Double.isFinite(l2)) {
            throw new Invalid("l2", "must be finite and > 0, got " + l2);
        }
        checkFraction("cvAccuracy", cvAccuracy);
        checkFraction("chanceLevel", chanceLevel);
        return new DecoderModel(
                Collections.unmodifiableList(classNames),
                featureDescription,
                trainingData,
                mean,
                scale,
                weights,
                bias,
                l2,
                cvAccuracy,
                chanceLevel);
    }

    private static void checkArray(String field, double[] values, int featureCount) {
        if (values == null) {
            throw new Invalid(field, "missing");
        }
        if (values.length != featureCount) {
            throw new Invalid(
                    field, "has " + values.length + " values, featureCount is " + featureCount);
        }
        for (int j = 0; j < values.length; j++) {
            if (!Double.isFinite(values[j])) {
                throw new Invalid(field, "value " + j + " is " + values[j] + ", must be finite");
            }
        }
    }

    private static void checkFinite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new Invalid(field, "must be finite, got " + value);
        }
    }

    private static void checkFraction(String field, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new Invalid(field, "must be within [0, 1], got " + value);
        }
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new Invalid(field, "missing");
        }
        return node;
    }

    private static int integer(JsonNode root, String field) {
        JsonNode node = required(root, field);
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new Invalid(field, "must be an integer, got " + node);
        }
        return node.intValue();
    }

    private static double number(JsonNode root, String field) {
        JsonNode node = required(root, field);
        if (!node.isNumber()) {
            throw new Invalid(field, "must be a number, got " + node.getNodeType());
        }
        return node.doubleValue();
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = required(root, field);
        if (!node.isTextual()) {
            throw new Invalid(field, "must be a string, got " + node.getNodeType());
        }
        return node.textValue();
    }

    private static double[] numbers(JsonNode root, String field) {
        JsonNode node = required(root, field);
        if (!node.isArray()) {
            throw new Invalid(field, "must be an array of numbers, got " + node.getNodeType());
        }
        double[] values = new double[node.size()];
        for (int j = 0; j < values.length; j++) {
            JsonNode element = node.get(j);
            if (!element.isNumber()) {
                throw new Invalid(
                        field, "value " + j + " must be a number, got " + element.getNodeType());
            }
            values[j] = element.doubleValue();
        }
        return values;
    }

    private static Map<String, Object> object(JsonNode root, String field) {
        JsonNode node = required(root, field);
        if (!node.isObject()) {
            throw new Invalid(field, "must be a JSON object, got " + node.getNodeType());
        }
        return frozenMap(MAPPER.convertValue(node, MAP_TYPE));
    }

    /** Deep copy of a caller's map as JSON types (round trip through a Jackson tree), frozen. */
    private static Map<String, Object> jsonMap(String field, Map<String, ?> map) {
        if (map == null) {
            throw new Invalid(field, "missing (use an empty map)");
        }
        JsonNode tree;
        try {
            tree = MAPPER.valueToTree(map);
        } catch (IllegalArgumentException e) {
            throw new Invalid(field, "not expressible as JSON: " + e.getMessage());
        }
        return frozenMap(MAPPER.convertValue(tree, MAP_TYPE));
    }

    private static Map<String, Object> frozenMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put((String) key, frozen(value)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> map) {
            return frozenMap(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(frozen(element)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static void putArray(ObjectNode root, String field, double[] values) {
        ArrayNode array = root.putArray(field);
        for (double v : values) {
            array.add(v);
        }
    }

    /** A field-level problem, turned into the caller's exception type at the boundary. */
    private static final class Invalid extends RuntimeException {
        private final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
