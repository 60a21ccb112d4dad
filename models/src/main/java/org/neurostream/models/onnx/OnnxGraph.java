package org.neurostream.models.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.neurostream.models.pipeline.Json;

/**
 * An ONNX graph loaded into ONNX Runtime (CPU, one intra-op and one inter-op thread, sequential
 * execution: the job gives each decoder one core) with the one float input and the one float output
 * a model file names, checked against the graph when it is loaded: the graph must parse, have
 * exactly that input, have that output, both float tensors whose fixed dimensions are the declared
 * ones, and run on a tensor of zeros giving the declared output shape.
 *
 * <p>The session is shared and thread-safe; each thread runs it through its own {@link Runner},
 * whose input and output tensors wrap direct buffers allocated once (ONNX Runtime reads the input
 * from the buffer and writes the pinned output into it, without copies). Both hold native memory:
 * {@link #close()} them when done; a cleaner frees what is left unreachable.
 */
public final class OnnxGraph implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final long[] inputShape;
    private final long[] outputShape;
    private final int inputSize;
    private final int outputSize;
    private final Cleaner.Cleanable cleanable;

    private OnnxGraph(
            OrtSession session,
            String inputName,
            long[] inputShape,
            String outputName,
            long[] outputShape) {
        this.session = session;
        this.inputName = inputName;
        this.outputName = outputName;
        this.inputShape = inputShape.clone();
        this.outputShape = outputShape.clone();
        this.inputSize = size(inputShape);
        this.outputSize = size(outputShape);
        this.cleanable = CLEANER.register(this, new Release(session));
    }

    /** Closes the session when the graph is closed or unreachable (it must not name the graph). */
    private record Release(AutoCloseable resource) implements Runnable {
        @Override
        public void run() {
            try {
                resource.close();
            } catch (Exception e) {
                // nothing to do: native memory already released or never held
            }
        }
    }

    /**
     * Loads a graph and checks it against the declared input and output.
     *
     * @param graph the bytes of the {@code .onnx} file
     * @param inputName the graph input the window's tensor goes to
     * @param inputShape its declared shape (every dimension fixed)
     * @param outputName the graph output read as the class scores
     * @param outputShape its declared shape
     * @param field the model file's field of the graph, for messages ({@code stages.onnx})
     * @throws Json.Invalid naming the field and the reason: a graph ONNX Runtime cannot load, a
     *     missing or extra input, a missing output, a type or a shape that differs, a trial run
     *     that fails
     * @throws IllegalStateException when ONNX Runtime's native library cannot be loaded here
     */
    public static OnnxGraph load(
            byte[] graph,
            String inputName,
            long[] inputShape,
            String outputName,
            long[] outputShape,
            String field) {
        final OrtEnvironment env = environment();
        final OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = env.createSession(graph, options);
        } catch (OrtException e) {
            throw new Json.Invalid(
                    Json.path(field, "graph"),
                    "not a graph ONNX Runtime can load (" + oneLine(e) + ")");
        }
        try {
            check(session, inputName, inputShape, outputName, outputShape, field);
            final OnnxGraph loaded =
                    new OnnxGraph(session, inputName, inputShape, outputName, outputShape);
            try (Runner runner = loaded.newRunner()) {
                runner.run();
            } catch (IllegalStateException e) {
                throw new Json.Invalid(
                        Json.path(field, "graph"),
                        "a trial run on zeros of shape "
                                + Arrays.toString(inputShape)
                                + " failed ("
                                + e.getMessage()
                                + ")");
            }
            return loaded;
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static OrtEnvironment environment() {
        try {
            return OrtEnvironment.getEnvironment();
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new IllegalStateException(
                    "ONNX Runtime's native library does not load on this machine ("
                            + System.getProperty("os.name")
                            + " "
                            + System.getProperty("os.arch")
                            + "): "
                            + e,
                    e);
        }
    }

    private static void check(
            OrtSession session,
            String inputName,
            long[] inputShape,
            String outputName,
            long[] outputShape,
            String field) {
        final Map<String, NodeInfo> inputs;
        final Map<String, NodeInfo> outputs;
        try {
            inputs = session.getInputInfo();
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new Json.Invalid(Json.path(field, "graph"), oneLine(e));
        }
        final String in = Json.path(field, "input");
        if (!inputs.containsKey(inputName)) {
            throw new Json.Invalid(
                    Json.path(in, "name"),
                    "the graph has no input '" + inputName + "'; its inputs: " + inputs.keySet());
        }
        if (inputs.size() != 1) {
            throw new Json.Invalid(
                    Json.path(in, "name"),
                    "the graph has inputs "
                            + inputs.keySet()
                            + "; a model feeds exactly one, '"
                            + inputName
                            + "'");
        }
        checkTensor(inputs.get(inputName), "input", inputName, inputShape, in);
        final String out = Json.path(field, "output");
        if (!outputs.containsKey(outputName)) {
            throw new Json.Invalid(
                    Json.path(out, "name"),
                    "the graph has no output '"
                            + outputName
                            + "'; its outputs: "
                            + outputs.keySet());
        }
        checkTensor(outputs.get(outputName), "output", outputName, outputShape, out);
    }

    private static void checkTensor(
            NodeInfo node, String role, String name, long[] declared, String field) {
        if (!(node.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
            throw new Json.Invalid(
                    Json.path(field, "name"),
                    "the graph's "
                            + role
                            + " '"
                            + name
                            + "' is "
                            + node.getInfo()
                            + ", not a float32 tensor");
        }
        final long[] shape = info.getShape();
        boolean same = shape.length == declared.length;
        for (int i = 0; same && i < shape.length; i++) {
            // a negative dimension is symbolic (a batch axis, say): any declared size fits it
            same = shape[i] < 0 || shape[i] == declared[i];
        }
        if (!same) {
            throw new Json.Invalid(
                    Json.path(field, "shape"),
                    "is "
                            + Arrays.toString(declared)
                            + ", the graph's "
                            + role
                            + " '"
                            + name
                            + "' has shape "
                            + Arrays.toString(shape)
                            + " (-1: any)");
        }
    }

    private static int size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    private static String oneLine(Exception e) {
        final String m = String.valueOf(e.getMessage()).strip();
        final int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip() + " ...";
    }

    private static void closeQuietly(AutoCloseable c) {
        new Release(c).run();
    }

    /** The input's name. */
    public String inputName() {
        return inputName;
    }

    /** The input's shape. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The output's name. */
    public String outputName() {
        return outputName;
    }

    /** The output's shape. */
    public long[] outputShape() {
        return outputShape.clone();
    }

    /** Values in the input tensor. */
    public int inputSize() {
        return inputSize;
    }

    /** Values in the output tensor. */
    public int outputSize() {
        return outputSize;
    }

    /** A runner for one thread, with its own input and output buffers. */
    public Runner newRunner() {
        return new Runner(this);
    }

    /** Closes the session; runners must not run afterwards. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /**
     * One thread's way to run the graph: write the input into {@link #input()}, call {@link
     * #run()}, read the output from {@link #output()}. The buffers and tensors are made once; a run
     * allocates only what ONNX Runtime's Java binding allocates per call (its result holder and
     * name arrays, a few hundred bytes).
     */
    public static final class Runner implements AutoCloseable {
        private final OnnxGraph graph;
        private final FloatBuffer input;
        private final FloatBuffer output;
        private final Map<String, OnnxTensor> inputs;
        private final Map<String, OnnxTensor> outputs;
        private final Cleaner.Cleanable cleanable;

        private Runner(OnnxGraph graph) {
            this.graph = graph;
            this.input = direct(graph.inputSize);
            this.output = direct(graph.outputSize);
            final OrtEnvironment env = environment();
            OnnxTensor in = null;
            try {
                in = OnnxTensor.createTensor(env, input, graph.inputShape);
                final OnnxTensor out = OnnxTensor.createTensor(env, output, graph.outputShape);
                this.inputs = Map.of(graph.inputName, in);
                this.outputs = Map.of(graph.outputName, out);
                this.cleanable = CLEANER.register(this, new Release(new Tensors(in, out)));
            } catch (OrtException e) {
                if (in != null) {
                    in.close();
                }
                throw new IllegalStateException("ONNX Runtime: " + oneLine(e), e);
            }
        }

        private static FloatBuffer direct(int n) {
            return ByteBuffer.allocateDirect(n * Float.BYTES)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }

        /** The input tensor's values, row-major; write them with absolute puts. */
        public FloatBuffer input() {
            return input;
        }

        /** The output tensor's values after {@link #run()}, row-major. */
        public FloatBuffer output() {
            return output;
        }

        /**
         * Runs the graph on the input buffer into the output buffer.
         *
         * @throws IllegalStateException when ONNX Runtime fails (a graph that fails on some values)
         */
        public void run() {
            try (OrtSession.Result result = graph.session.run(inputs, outputs)) {
                // the output is pinned: the values are already in our buffer
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime: " + oneLine(e), e);
            }
        }

        /** Releases the tensors. */
        @Override
        public void close() {
            cleanable.clean();
        }
    }

    private record Tensors(OnnxTensor in, OnnxTensor out) implements AutoCloseable {
        @Override
        public void close() {
            in.close();
            out.close();
        }
    }
}
