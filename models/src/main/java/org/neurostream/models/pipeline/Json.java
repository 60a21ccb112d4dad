package org.neurostream.models.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The model file's JSON helpers: strict reading (duplicate keys and trailing tokens refused) that
 * names the field at fault by its path ({@code stages.csp.filters}), and writing of vectors and
 * matrices (doubles in shortest round-trip form, so a model read back computes the same bits).
 * Public for the pipelines of other packages ({@code models.onnx}) that read their own stages.
 */
public final class Json {
    /** The strict mapper every model file is read and written with. */
    public static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private Json() {}

    /** A field-level problem; turned into a {@code ModelFormatException} at the boundary. */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final String field;

        /** A problem of the field at {@code field} (a dotted path), {@code message} saying what. */
        public Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        /** The field at fault, as a dotted path. */
        public String field() {
            return field;
        }
    }

    /** The dotted path of field {@code name} under {@code parent}. */
    public static String path(String parent, String name) {
        return parent == null || parent.isEmpty() ? name : parent + "." + name;
    }

    /** The field, which must be present and not null. */
    public static JsonNode required(JsonNode node, String parent, String name) {
        final JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
            throw new Invalid(path(parent, name), "missing");
        }
        return child;
    }

    /** The field, which must be a JSON object. */
    public static JsonNode object(JsonNode node, String parent, String name) {
        final JsonNode child = required(node, parent, name);
        if (!child.isObject()) {
            throw new Invalid(
                    path(parent, name), "must be a JSON object, got " + child.getNodeType());
        }
        return child;
    }

    /** The field, which must be an integer that fits an int. */
    public static int integer(JsonNode node, String parent, String name) {
        final JsonNode child = required(node, parent, name);
        if (!child.isIntegralNumber() || !child.canConvertToInt()) {
            throw new Invalid(path(parent, name), "must be an integer, got " + child);
        }
        return child.intValue();
    }

    /** The field, which must be a finite number. */
    public static double number(JsonNode node, String parent, String name) {
        final JsonNode child = required(node, parent, name);
        if (!child.isNumber() || !Double.isFinite(child.doubleValue())) {
            throw new Invalid(path(parent, name), "must be a finite number, got " + child);
        }
        return child.doubleValue();
    }

    /** The field, which must be a string. */
    public static String text(JsonNode node, String parent, String name) {
        final JsonNode child = required(node, parent, name);
        if (!child.isTextual()) {
            throw new Invalid(path(parent, name), "must be a string, got " + child.getNodeType());
        }
        return child.textValue();
    }

    /** The field, which must be an array of strings. */
    public static List<String> texts(JsonNode node, String parent, String name) {
        final JsonNode child = required(node, parent, name);
        if (!child.isArray()) {
            throw new Invalid(path(parent, name), "must be an array of strings");
        }
        final List<String> out = new ArrayList<>();
        for (JsonNode element : child) {
            if (!element.isTextual()) {
                throw new Invalid(path(parent, name), "must be an array of strings");
            }
            out.add(element.textValue());
        }
        return out;
    }

    /** A vector of finite numbers; {@code length} -1 takes any length. */
    public static double[] numbers(JsonNode node, String parent, String name, int length) {
        final JsonNode child = required(node, parent, name);
        return numbers(child, path(parent, name), length);
    }

    private static double[] numbers(JsonNode array, String field, int length) {
        if (!array.isArray()) {
            throw new Invalid(field, "must be an array of numbers, got " + array.getNodeType());
        }
        if (length >= 0 && array.size() != length) {
            throw new Invalid(field, "has " + array.size() + " values, expected " + length);
        }
        final double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            final JsonNode v = array.get(i);
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw new Invalid(field, "value " + i + " must be a finite number, got " + v);
            }
            out[i] = v.doubleValue();
        }
        return out;
    }

    /** An array of integers, each in [0, bound). */
    public static int[] indices(JsonNode node, String parent, String name, int bound) {
        final JsonNode child = required(node, parent, name);
        final String field = path(parent, name);
        if (!child.isArray()) {
            throw new Invalid(field, "must be an array of integers");
        }
        final int[] out = new int[child.size()];
        for (int i = 0; i < out.length; i++) {
            final JsonNode v = child.get(i);
            if (!v.isIntegralNumber()
                    || !v.canConvertToInt()
                    || v.intValue() < 0
                    || v.intValue() >= bound) {
                throw new Invalid(
                        field, "value " + i + " must be an integer in [0, " + bound + ")");
            }
            out[i] = v.intValue();
        }
        return out;
    }

    /** A rows x cols matrix written as an array of rows; -1 takes any count. */
    public static DMatrixRMaj matrix(
            JsonNode node, String parent, String name, int rows, int cols) {
        final JsonNode child = required(node, parent, name);
        final String field = path(parent, name);
        if (!child.isArray() || child.isEmpty()) {
            throw new Invalid(field, "must be a non-empty array of rows");
        }
        if (rows >= 0 && child.size() != rows) {
            throw new Invalid(field, "has " + child.size() + " rows, expected " + rows);
        }
        final int width = cols >= 0 ? cols : child.get(0).size();
        final DMatrixRMaj m = new DMatrixRMaj(child.size(), width);
        for (int r = 0; r < child.size(); r++) {
            final double[] row = numbers(child.get(r), field + "[" + r + "]", width);
            System.arraycopy(row, 0, m.data, r * width, width);
        }
        return m;
    }

    /** Writes a vector of doubles. */
    public static void put(ObjectNode node, String name, double[] values) {
        final ArrayNode array = node.putArray(name);
        for (double v : values) {
            array.add(v);
        }
    }

    /** Writes a vector of integers. */
    public static void put(ObjectNode node, String name, int[] values) {
        final ArrayNode array = node.putArray(name);
        for (int v : values) {
            array.add(v);
        }
    }

    /** Writes a matrix as an array of rows. */
    public static void put(ObjectNode node, String name, DMatrixRMaj m) {
        final ArrayNode array = node.putArray(name);
        for (int r = 0; r < m.numRows; r++) {
            final ArrayNode row = array.addArray();
            for (int c = 0; c < m.numCols; c++) {
                row.add(m.get(r, c));
            }
        }
    }
}
