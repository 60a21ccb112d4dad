package org.neurostream.models.regression;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.neurostream.models.logistic.ModelFormatException;
import org.neurostream.models.pipeline.Json;
import org.neurostream.models.pipeline.PipelineModel;

/**
 * A continuous decoder written by {@code train-decoder --pipeline ridge}: ridge regression from the
 * values of one neural series' columns at a sample to a behaviour series' value then (docs/
 * decoders.md, "Ridge regression"). The model file (JSON, kind {@value #KIND}, version {@value
 * #VERSION}):
 *
 * <pre>
 * kind, version, name
 * input      : {series, sampleRateHz, channels[]}   the neural series and its column labels
 * target     : {series, unit}                        the behaviour series predicted
 * alpha, mean[], scale[], coef[], intercept          prediction = intercept + sum coef * (x - mean) / scale
 * validation : {folds, observations, cvR2, foldR2[], foldAlphas[], split}
 * </pre>
 *
 * {@code evaluate-decoder} scores it on a held-out NWB file ({@code RidgeEvaluation}); it is not a
 * classifier, so the job's decoder (whose prediction records carry class probabilities) refuses it
 * by its kind with one line.
 */
public record RidgeModel(
        String name,
        String inputSeries,
        double sampleRateHz,
        List<String> channels,
        String targetSeries,
        String targetUnit,
        RidgeRegression regression,
        int observations,
        int folds,
        RidgeCrossValidation.Result validation) {
    /** The model file's {@code kind}. */
    public static final String KIND = "ridge";

    /** The model file's {@code version} this code writes and reads. */
    public static final int VERSION = 1;

    /** Prediction for one observation: the channels' values at one sample, in model order. */
    public double predict(final double[] values) {
        if (values.length != channels.size()) {
            throw new IllegalArgumentException(
                    "expected " + channels.size() + " values, got " + values.length);
        }
        return regression.predict(values, 0);
    }

    /** The model as indented JSON text. */
    public String toJson() {
        final ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("kind", KIND);
        root.put("version", VERSION);
        root.put("name", name);
        final ObjectNode input = root.putObject("input");
        input.put("series", inputSeries);
        input.put("sampleRateHz", sampleRateHz);
        final ArrayNode labels = input.putArray("channels");
        channels.forEach(labels::add);
        final ObjectNode target = root.putObject("target");
        target.put("series", targetSeries);
        target.put("unit", targetUnit);
        root.put("alpha", regression.alpha());
        Json.put(root, "mean", regression.mean());
        Json.put(root, "scale", regression.scale());
        Json.put(root, "coef", regression.coef());
        root.put("intercept", regression.intercept());
        final ObjectNode v = root.putObject("validation");
        v.put("folds", folds);
        v.put("observations", observations);
        v.put("cvR2", validation.meanR2());
        Json.put(v, "foldR2", validation.foldR2());
        Json.put(v, "foldAlphas", validation.foldAlphas());
        v.put("split", "contiguous blocks in time order, alpha by inner blocked folds");
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model JSON could not be written", e);
        }
    }

    /** Writes the model: to a hidden sibling first, then moved into place. */
    public void write(final Path file) throws IOException {
        final Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        final Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Whether {@code file} holds JSON whose {@code kind} is {@value #KIND} (false when unreadable).
     */
    public static boolean isRidgeModel(final Path file) {
        try {
            final JsonNode kind = Json.MAPPER.readTree(file.toFile()).get("kind");
            return kind != null && KIND.equals(kind.asText());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads a ridge model file.
     *
     * @throws ModelFormatException naming the file and the field at fault
     */
    public static RidgeModel read(final Path file) throws IOException {
        final String text = PipelineModel.readText(file);
        final JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(file, null, "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(file, null, "top level must be a JSON object");
        }
        try {
            return parse(root);
        } catch (Json.Invalid e) {
            throw new ModelFormatException(file, e.field(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, null, e.getMessage());
        }
    }

    private static RidgeModel parse(final JsonNode root) {
        final String kind = Json.text(root, "", "kind");
        if (!KIND.equals(kind)) {
            throw new Json.Invalid("kind", "expected '" + KIND + "', got '" + kind + "'");
        }
        final int version = Json.integer(root, "", "version");
        if (version != VERSION) {
            throw new Json.Invalid(
                    "version",
                    "unsupported version " + version + "; this reader supports " + VERSION);
        }
        final JsonNode input = Json.object(root, "", "input");
        final List<String> channels = Json.texts(input, "input", "channels");
        final int p = channels.size();
        final JsonNode target = Json.object(root, "", "target");
        final double alpha = Json.number(root, "", "alpha");
        final double[] scale = Json.numbers(root, "", "scale", p);
        for (int c = 0; c < p; c++) {
            if (!(scale[c] > 0)) {
                throw new Json.Invalid("scale", "value " + c + " must be > 0, got " + scale[c]);
            }
        }
        final RidgeRegression regression =
                new RidgeRegression(
                        alpha,
                        Json.numbers(root, "", "mean", p),
                        scale,
                        Json.numbers(root, "", "coef", p),
                        Json.number(root, "", "intercept"));
        final JsonNode v = Json.object(root, "", "validation");
        final int folds = Json.integer(v, "validation", "folds");
        return new RidgeModel(
                Json.text(root, "", "name"),
                Json.text(input, "input", "series"),
                Json.number(input, "input", "sampleRateHz"),
                List.copyOf(channels),
                Json.text(target, "target", "series"),
                Json.text(target, "target", "unit"),
                regression,
                Json.integer(v, "validation", "observations"),
                folds,
                new RidgeCrossValidation.Result(
                        Json.numbers(v, "validation", "foldAlphas", folds),
                        Json.numbers(v, "validation", "foldR2", folds)));
    }
}
