package org.neurostream.models.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import org.neurostream.models.pipeline.DecoderPipeline;
import org.neurostream.models.pipeline.FilterDesign;
import org.neurostream.models.pipeline.Json;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.WindowScorer;

/**
 * The {@code onnx} pipeline: the window's features ({@link OnnxInput}) as one float32 tensor
 * [channels, features] or [1, channels, features], an ONNX graph run by ONNX Runtime ({@link
 * OnnxGraph}), its output [classes] or [1, classes] taken as logits (softmax) or probabilities
 * (divided by their sum). The graph travels inside the model file, base64, with its SHA-256, so
 * that one file is the whole model for the job, {@code evaluate-decoder} and a model topic alike.
 * Stages of the model file (docs/decoders.md, "ONNX models"):
 *
 * <pre>
 *   input : {kind: band-power | band-entropy | rbtransformer-tokens | raw, its parameters}
 *   onnx  : {input: {name, shape}, output: {name, shape, values: logits | probabilities},
 *            sha256, bytes, graph: base64 of the .onnx file}
 * </pre>
 *
 * Holds an ONNX Runtime session (native memory): {@link #close()} it when the model is dropped (a
 * cleaner frees an unreachable one). Scorers allocate no buffers per window.
 */
public final class OnnxPipeline implements DecoderPipeline, AutoCloseable {
    private static final Set<String> STAGES = Set.of("input", "onnx");
    private static final Set<String> ONNX = Set.of("input", "output", "sha256", "bytes", "graph");
    private static final Set<String> TENSOR = Set.of("name", "shape");
    private static final Set<String> OUTPUT = Set.of("name", "shape", "values");

    private final OnnxInput input;
    private final byte[] graphBytes;
    private final OnnxGraph graph;
    private final boolean logits;
    private final int channels;
    private final int classes;
    private final int window;
    private final double fs;

    private OnnxPipeline(
            OnnxInput input,
            byte[] graphBytes,
            OnnxGraph graph,
            boolean logits,
            int channels,
            int classes,
            int window,
            double fs) {
        this.input = input;
        this.graphBytes = graphBytes;
        this.graph = graph;
        this.logits = logits;
        this.channels = channels;
        this.classes = classes;
        this.window = window;
        this.fs = fs;
    }

    /**
     * A pipeline of a graph, checked as a model file's would be.
     *
     * @param input what the graph is fed
     * @param graphBytes the {@code .onnx} file
     * @param inputName the graph input that takes the tensor
     * @param batchAxis whether the tensor is [1, channels, features] rather than [channels,
     *     features] (and the output [1, classes] rather than [classes])
     * @param outputName the graph output that holds the class scores
     * @param logits whether the output is logits (softmax applied) rather than probabilities
     * @throws Json.Invalid naming the field at fault (paths as in the model file's {@code stages})
     */
    public static OnnxPipeline of(
            OnnxInput input,
            byte[] graphBytes,
            String inputName,
            boolean batchAxis,
            String outputName,
            boolean logits,
            int channels,
            int classes,
            int window,
            double fs) {
        final long[] in = inputShape(input, batchAxis, channels, window);
        final long[] out = batchAxis ? new long[] {1, classes} : new long[] {classes};
        return new OnnxPipeline(
                input,
                graphBytes.clone(),
                OnnxGraph.load(graphBytes, inputName, in, outputName, out, "stages.onnx"),
                logits,
                channels,
                classes,
                window,
                fs);
    }

    private static long[] inputShape(OnnxInput input, boolean batch, int channels, int window) {
        final int features = input.featuresPerChannel(window);
        return batch ? new long[] {1, channels, features} : new long[] {channels, features};
    }

    /**
     * Reads the stages of an {@code onnx} model file and loads its graph.
     *
     * @param filter the model file's filter section, which must be what the input needs
     * @throws Json.Invalid naming the field at fault: an unknown field, an input the rate does not
     *     allow, a filter the input does not run on, shapes that are not the input's and the
     *     classes', a graph whose length or SHA-256 differs from the stated ones, or any problem
     *     {@link OnnxGraph#load} finds
     */
    public static OnnxPipeline read(
            JsonNode stages,
            int channels,
            int classes,
            double fs,
            int window,
            FilterDesign filter) {
        requireOnly(stages, "stages", STAGES);
        final OnnxInput input =
                OnnxInput.read(Json.object(stages, "stages", "input"), "stages.input");
        try {
            input.check(window, fs);
        } catch (IllegalArgumentException e) {
            throw new Json.Invalid("stages.input", e.getMessage());
        }
        final FilterDesign needed = input.filter();
        if (needed == null ? filter.bands().size() > 1 : !filter.equals(needed)) {
            throw new Json.Invalid(
                    "filter.bandsHz",
                    "input "
                            + input.kind().label()
                            + " runs on "
                            + (needed == null
                                    ? "the raw samples or one band-pass"
                                    : describe(needed)));
        }
        final JsonNode onnx = Json.object(stages, "stages", "onnx");
        requireOnly(onnx, "stages.onnx", ONNX);
        final JsonNode in = Json.object(onnx, "stages.onnx", "input");
        final JsonNode out = Json.object(onnx, "stages.onnx", "output");
        requireOnly(in, "stages.onnx.input", TENSOR);
        requireOnly(out, "stages.onnx.output", OUTPUT);
        final long[] inShape = shape(in, "stages.onnx.input");
        final long[] outShape = shape(out, "stages.onnx.output");
        final boolean batch = inShape.length == 3;
        final long[] expected = inputShape(input, batch, channels, window);
        if (!Arrays.equals(inShape, expected)) {
            throw new Json.Invalid(
                    "stages.onnx.input.shape",
                    "is "
                            + Arrays.toString(inShape)
                            + "; "
                            + channels
                            + " channels of "
                            + input.kind().label()
                            + " need [channels, features] or [1, channels, features] = "
                            + Arrays.toString(expected));
        }
        final long[] classShape = batch ? new long[] {1, classes} : new long[] {classes};
        if (!Arrays.equals(outShape, classShape)) {
            throw new Json.Invalid(
                    "stages.onnx.output.shape",
                    "is "
                            + Arrays.toString(outShape)
                            + "; "
                            + classes
                            + " classes "
                            + (batch ? "with a batch axis " : "")
                            + "need "
                            + Arrays.toString(classShape));
        }
        final String values = Json.text(out, "stages.onnx.output", "values");
        if (!values.equals("logits") && !values.equals("probabilities")) {
            throw new Json.Invalid(
                    "stages.onnx.output.values",
                    "must be logits or probabilities, got '" + values + "'");
        }
        final byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(Json.text(onnx, "stages.onnx", "graph"));
        } catch (IllegalArgumentException e) {
            throw new Json.Invalid("stages.onnx.graph", "not base64: " + e.getMessage());
        }
        final int length = Json.integer(onnx, "stages.onnx", "bytes");
        if (bytes.length != length) {
            throw new Json.Invalid(
                    "stages.onnx.graph",
                    "holds " + bytes.length + " bytes, stages.onnx.bytes says " + length);
        }
        final String sha = Json.text(onnx, "stages.onnx", "sha256");
        if (!sha256(bytes).equalsIgnoreCase(sha)) {
            throw new Json.Invalid(
                    "stages.onnx.graph",
                    "its SHA-256 is " + sha256(bytes) + ", stages.onnx.sha256 says " + sha);
        }
        return of(
                input,
                bytes,
                Json.text(in, "stages.onnx.input", "name"),
                batch,
                Json.text(out, "stages.onnx.output", "name"),
                values.equals("logits"),
                channels,
                classes,
                window,
                fs);
    }

    private static void requireOnly(JsonNode node, String path, Set<String> fields) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            final String field = it.next();
            if (!fields.contains(field)) {
                throw new Json.Invalid(Json.path(path, field), "unknown field; known: " + fields);
            }
        }
    }

    private static long[] shape(JsonNode node, String path) {
        final JsonNode array = Json.required(node, path, "shape");
        final String field = Json.path(path, "shape");
        if (!array.isArray() || array.isEmpty()) {
            throw new Json.Invalid(field, "must be an array of dimensions");
        }
        final long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            final JsonNode d = array.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 1) {
                throw new Json.Invalid(field, "dimension " + i + " must be an integer >= 1");
            }
            out[i] = d.intValue();
        }
        return out;
    }

    private static String describe(FilterDesign design) {
        return design.isNone()
                ? "the raw samples (filter type none)"
                : "the band-passes "
                        + design.bands().stream().map(b -> b.name()).toList()
                        + " Hz, in that order";
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** What the graph is fed. */
    public OnnxInput input() {
        return input;
    }

    /** The loaded graph. */
    public OnnxGraph graph() {
        return graph;
    }

    /** Whether the output is logits (else probabilities). */
    public boolean logits() {
        return logits;
    }

    @Override
    public PipelineKind kind() {
        return PipelineKind.ONNX;
    }

    @Override
    public int classCount() {
        return classes;
    }

    @Override
    public int channelCount() {
        return channels;
    }

    @Override
    public WindowScorer newScorer() {
        final OnnxInput.Features features = input.newFeatures(channels, window, fs);
        final OnnxGraph.Runner runner = graph.newRunner();
        final FloatBuffer in = runner.input();
        final FloatBuffer out = runner.output();
        return (w, p) -> {
            features.compute(w, in);
            runner.run();
            probabilities(out, p, classes, logits);
        };
    }

    /**
     * The class probabilities of one output: a softmax of logits (the largest subtracted first), or
     * probabilities divided by their sum.
     */
    static void probabilities(FloatBuffer out, double[] p, int classes, boolean logits) {
        double sum = 0;
        if (logits) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, out.get(k));
            }
            for (int k = 0; k < classes; k++) {
                p[k] = Math.exp(out.get(k) - max);
                sum += p[k];
            }
        } else {
            for (int k = 0; k < classes; k++) {
                p[k] = out.get(k);
                sum += p[k];
            }
        }
        for (int k = 0; k < classes; k++) {
            p[k] /= sum;
        }
    }

    @Override
    public void writeStages(ObjectNode stages) {
        input.write(stages.putObject("input"));
        final ObjectNode onnx = stages.putObject("onnx");
        final ObjectNode in = onnx.putObject("input");
        in.put("name", graph.inputName());
        putShape(in, graph.inputShape());
        final ObjectNode out = onnx.putObject("output");
        out.put("name", graph.outputName());
        putShape(out, graph.outputShape());
        out.put("values", logits ? "logits" : "probabilities");
        onnx.put("sha256", sha256(graphBytes));
        onnx.put("bytes", graphBytes.length);
        onnx.put("graph", Base64.getEncoder().encodeToString(graphBytes));
    }

    private static void putShape(ObjectNode node, long[] shape) {
        final ArrayNode array = node.putArray("shape");
        for (long d : shape) {
            array.add(d);
        }
    }

    /** Closes the ONNX Runtime session; scorers made from this pipeline must not run afterwards. */
    @Override
    public void close() {
        graph.close();
    }
}
