package org.neurostream.models.logistic;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model file of the earlier format, a logistic regression on log band power ({@code kind:
 * "logistic"}, {@code formatVersion: 1}), as the job shipped it first; read, never written: {@code
 * models.pipeline.PipelineModel} loads it as a {@code bandpower-lr} model, and the regression
 * scores through {@link LogisticRegression}, the one scoring code. Fields, in file order:
 *
 * <pre>
 *   formatVersion      : int                 // 1; other versions are refused
 *   kind               : string              // "logistic"
 *   classNames         : [string, string]    // class 0, class 1 (e.g. "rest", "imagery")
 *   cvAccuracy         : double              // cross-validated accuracy, 0..1
 *   chanceLevel        : double              // accuracy of always answering the majority, 0..1
 *   l2                 : double              // L2 strength the deployed weights were fitted with
 *   featureCount       : int                 // p, the length of every array below
 *   featureDescription : object              // bands, channels, window, Welch settings
 *   trainingData       : object              // free-form: recording, labels, counts, validation
 *   bias               : double              // log-odds of class 1 at the feature means
 *   featureMean        : [double] * p        // subtracted from the raw features
 *   featureScale       : [double] * p        // then divided by, all &gt; 0
 *   weights            : [double] * p        // weights on the standardised features
 * </pre>
 */
public final class LogisticModelFile {
    /** The file format version this class reads. */
    public static final int FORMAT_VERSION = 1;

    /** The {@code kind} of the format. */
    public static final String KIND = "logistic";

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
    private final LogisticRegression regression;
    private final double cvAccuracy;
    private final double chanceLevel;

    private LogisticModelFile(
            List<String> classNames,
            Map<String, Object> featureDescription,
            Map<String, Object> trainingData,
            LogisticRegression regression,
            double cvAccuracy,
            double chanceLevel) {
        this.classNames = classNames;
        this.featureDescription = featureDescription;
        this.trainingData = trainingData;
        this.regression = regression;
        this.cvAccuracy = cvAccuracy;
        this.chanceLevel = chanceLevel;
    }

    /**
     * Parses a model file's text; {@code source} names it in error messages.
     *
     * @throws ModelFormatException naming the file and the field when the content is unusable: not
     *     JSON, an unsupported {@code formatVersion} or {@code kind}, a missing or unknown field, a
     *     value of the wrong type, an array of the wrong length, a non-finite number, a scale &lt;=
     *     0
     */
    public static LogisticModelFile parse(String text, Path source) throws ModelFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ModelFormatException(
                    source,
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
            throw new ModelFormatException(source, e.field, e.getMessage());
        }
    }

    /** Names of class 0 and class 1 (unmodifiable). */
    public List<String> classNames() {
        return classNames;
    }

    /** The feature description (unmodifiable, JSON types). */
    public Map<String, Object> featureDescription() {
        return featureDescription;
    }

    /** The free-form training data description (unmodifiable, JSON types). */
    public Map<String, Object> trainingData() {
        return trainingData;
    }

    /** The regression on the standardised features. */
    public LogisticRegression regression() {
        return regression;
    }

    /** Cross-validated accuracy of the training procedure. */
    public double cvAccuracy() {
        return cvAccuracy;
    }

    /** Chance accuracy (always answering the training majority), on the same folds. */
    public double chanceLevel() {
        return chanceLevel;
    }

    private static LogisticModelFile parse(JsonNode root) {
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
        if (!KIND.equals(kind)) {
            throw new Invalid(
                    "kind", "unsupported kind '" + kind + "'; this reader supports '" + KIND + "'");
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
    private static LogisticModelFile validated(
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
        return new LogisticModelFile(
                Collections.unmodifiableList(classNames),
                featureDescription,
                trainingData,
                LogisticRegression.of(mean, scale, weights, bias, l2),
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

    /** A field-level problem, turned into the caller's exception type at the boundary. */
    private static final class Invalid extends RuntimeException {
        private final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
