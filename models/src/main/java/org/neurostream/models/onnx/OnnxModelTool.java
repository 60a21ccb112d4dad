package org.neurostream.models.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.ingest.npy.NpyWriter;
import org.neurostream.models.logistic.ModelFormatException;
import org.neurostream.models.pipeline.DecoderClass;
import org.neurostream.models.pipeline.DecoderPipeline;
import org.neurostream.models.pipeline.FilterDesign;
import org.neurostream.models.pipeline.Json;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.WindowScorer;
import org.neurostream.models.stream.DecoderStreamState;
import org.neurostream.models.stream.StreamingDecoder;
import org.neurostream.models.training.TrialEpochs;

/**
 * The two steps of making an ONNX model that NeuroStream computes nothing different for than the
 * exporting framework trained on (docs/decoders.md, "ONNX models"), run from the jar with {@code
 * java -cp deploy/target/neurostream-cli.jar org.neurostream.models.onnx.OnnxModelTool}:
 *
 * <pre>
 *   features --input-spec JSON --classes A,B[,C...] [--epoch 0.5,2.5] --out DIR F.edf [F.edf...]
 *   pack --spec SPEC.json --graph G.onnx --reference F.edf --out MODEL.json
 * </pre>
 *
 * {@code features} runs each recording through the live decoder ({@link StreamingDecoder}: causal
 * filters from the file's first sample, the job's grid) and writes the input tensor of every window
 * that lies wholly inside an annotation of a class ({@code windows.npy} [N, channels, features]
 * float32, {@code windows.csv} {@code file,span,label,end_sample}), and of every trial's epoch as
 * {@code evaluate-decoder} cuts it ({@code trials.npy}, {@code trials.csv} {@code
 * file,annotation,label,onset_s}), with {@code meta.json} (channels, rate, window, hop, input,
 * classes). {@code pack} wraps an exported graph and a spec (the model file without channels, rate,
 * window, filter and the graph's bytes, which it fills in) into a model file and reads it back.
 * Exit 0 done, 2 unusable input (one line naming the file and the reason).
 */
public final class OnnxModelTool {
    private OnnxModelTool() {}

    /** Runs one step; see the class comment. */
    public static void main(String[] args) {
        final int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs one step, printing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new IllegalArgumentException("usage: features ... | pack ...");
            }
            final Map<String, String> options = new LinkedHashMap<>();
            final List<Path> files = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    options.put(args[i].substring(2), args[++i]);
                } else {
                    files.add(Path.of(args[i]));
                }
            }
            switch (args[0]) {
                case "features" -> out.println(features(options, files));
                case "pack" -> out.println(pack(options));
                default -> throw new IllegalArgumentException("unknown step '" + args[0] + "'");
            }
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("onnx-model: " + e.getMessage());
            return 2;
        }
    }

    private static String required(Map<String, String> options, String name) {
        final String v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    private static String features(Map<String, String> options, List<Path> files)
            throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("features: no input file");
        }
        final OnnxInput input = parseInput(required(options, "input-spec"));
        final List<DecoderClass> classes = DecoderClass.parseList(required(options, "classes"));
        final String[] epoch = options.getOrDefault("epoch", "0.5,2.5").split(",");
        final double tmin = Double.parseDouble(epoch[0]);
        final double tmax = Double.parseDouble(epoch[1]);
        final Path dir = Path.of(required(options, "out"));
        Files.createDirectories(dir);

        final List<float[]> windows = new ArrayList<>();
        final StringBuilder windowRows = new StringBuilder("file,span,label,end_sample\n");
        final List<float[]> trials = new ArrayList<>();
        final StringBuilder trialRows = new StringBuilder("file,annotation,label,onset_s\n");
        List<String> channels = null;
        double fs = 0;
        int window = 0;
        int hop = 0;
        int perChannel = 0;
        for (int f = 0; f < files.size(); f++) {
            try (EdfReader reader = EdfReader.open(files.get(f))) {
                if (channels == null) {
                    channels = reader.labels();
                    fs = reader.sampleRate();
                    window = PipelineModel.windowSamples(tmin, tmax, fs);
                    hop = PipelineModel.hopSamples(fs);
                    input.check(window, fs);
                    perChannel = input.featuresPerChannel(window);
                } else if (!channels.equals(reader.labels()) || reader.sampleRate() != fs) {
                    throw new IllegalArgumentException(
                            files.get(f)
                                    + ": channels or sample rate differ from the first file's");
                }
                final FilterDesign filter =
                        input.filter() == null ? FilterDesign.none() : input.filter();
                final Capture capture =
                        new Capture(
                                input.newFeatures(channels.size(), window, fs),
                                channels.size(),
                                classes.size());
                final PipelineModel model =
                        new PipelineModel(
                                "features",
                                classes,
                                channels,
                                fs,
                                tmin,
                                tmax,
                                window,
                                hop,
                                filter,
                                capture,
                                new PipelineModel.Validation(
                                        0, 0, 0, 0, new double[0], new double[0]),
                                Map.of());
                final List<TrialEpochs.Span> spans = TrialEpochs.spans(reader, classes);
                final StreamingDecoder decoder = new StreamingDecoder(model);
                final DecoderStreamState state = decoder.newState();
                final int file = f;
                final int length = window;
                final StreamingDecoder.Listener listener =
                        (seq, end, p, label) -> {
                            for (int s = 0; s < spans.size(); s++) {
                                final TrialEpochs.Span span = spans.get(s);
                                if (end - length >= span.first() && end <= span.end()) {
                                    windows.add(capture.last.clone());
                                    windowRows.append(
                                            file + "," + s + "," + span.label() + "," + end + "\n");
                                    return;
                                }
                            }
                        };
                final int chunk = 1024;
                final float[] samples = new float[chunk * channels.size()];
                reader.seekSample(0);
                int n;
                while ((n = reader.read(samples, chunk)) > 0) {
                    decoder.append(state, samples, 0, n, listener);
                }
                final WindowScorer scorer = capture.newScorer();
                final double[] unused = new double[classes.size()];
                for (TrialEpochs.Trial t :
                        TrialEpochs.extract(reader, classes, filter, tmin, tmax).trials()) {
                    scorer.probabilities(t.epoch(), unused);
                    trials.add(capture.last.clone());
                    trialRows.append(
                            String.format(
                                    Locale.ROOT,
                                    "%d,%d,%d,%s%n",
                                    file,
                                    t.annotation(),
                                    t.label(),
                                    Double.toString(t.onsetSeconds())));
                }
            }
        }
        final int c = channels.size();
        write(dir.resolve("windows.npy"), windows, c, perChannel);
        write(dir.resolve("trials.npy"), trials, c, perChannel);
        Files.writeString(dir.resolve("windows.csv"), windowRows, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("trials.csv"), trialRows, StandardCharsets.UTF_8);
        final ObjectNode meta = Json.MAPPER.createObjectNode();
        final ArrayNode labels = meta.putArray("channels");
        channels.forEach(labels::add);
        meta.put("sampleRateHz", fs);
        meta.putObject("epoch").put("tmin", tmin).put("tmax", tmax);
        meta.putObject("window").put("samples", window).put("hopSamples", hop);
        input.write(meta.putObject("input"));
        final ArrayNode classList = meta.putArray("classes");
        for (DecoderClass k : classes) {
            final ObjectNode node = classList.addObject();
            node.put("name", k.name());
            k.annotations().forEach(node.putArray("annotations")::add);
        }
        final ArrayNode fileList = meta.putArray("files");
        files.forEach(p -> fileList.add(p.toString()));
        Files.writeString(
                dir.resolve("meta.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(meta) + "\n",
                StandardCharsets.UTF_8);
        return "onnx-model: features windows="
                + windows.size()
                + " trials="
                + trials.size()
                + " shape="
                + c
                + "x"
                + perChannel
                + " out="
                + dir;
    }

    private static OnnxInput parseInput(String spec) throws IOException {
        try {
            return OnnxInput.read(Json.MAPPER.readTree(spec), "input");
        } catch (Json.Invalid e) {
            throw new IllegalArgumentException(
                    "--input-spec: field '" + e.field() + "': " + e.getMessage());
        }
    }

    private static void write(Path file, List<float[]> rows, int channels, int perChannel)
            throws IOException {
        final float[] all = new float[rows.size() * channels * perChannel];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, all, i * channels * perChannel, channels * perChannel);
        }
        NpyWriter.write(file, all, rows.size(), channels, perChannel);
    }

    /** A pipeline that only computes the input tensor and keeps the last one. */
    private static final class Capture implements DecoderPipeline {
        private final OnnxInput.Features features;
        private final int channels;
        private final int classes;
        private final FloatBuffer buffer;
        private final float[] last;

        Capture(OnnxInput.Features features, int channels, int classes) {
            this.features = features;
            this.channels = channels;
            this.classes = classes;
            this.buffer = FloatBuffer.allocate(features.size());
            this.last = new float[features.size()];
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
            return (window, p) -> {
                features.compute(window, buffer);
                buffer.get(0, last);
                Arrays.fill(p, 1.0 / p.length);
            };
        }

        @Override
        public void writeStages(ObjectNode stages) {
            throw new UnsupportedOperationException("a feature capture is not a model");
        }
    }

    private static String pack(Map<String, String> options) throws IOException {
        final Path specFile = Path.of(required(options, "spec"));
        final Path graphFile = Path.of(required(options, "graph"));
        final Path reference = Path.of(required(options, "reference"));
        final Path out = Path.of(required(options, "out"));
        final JsonNode spec = Json.MAPPER.readTree(Files.readString(specFile));
        final byte[] graph = Files.readAllBytes(graphFile);
        final List<String> channels;
        final double fs;
        try (EdfReader reader = EdfReader.open(reference)) {
            channels = reader.labels();
            fs = reader.sampleRate();
        }
        final PipelineModel model;
        try {
            model = assemble(spec, graph, channels, fs);
        } catch (Json.Invalid e) {
            throw new ModelFormatException(specFile, e.field(), e.getMessage());
        }
        model.write(out);
        final PipelineModel back = PipelineModel.read(out);
        return "onnx-model: pack name="
                + back.name()
                + " classes="
                + back.classes().size()
                + " channels="
                + back.channels().size()
                + " input="
                + ((OnnxPipeline) back.pipeline()).input().kind().label()
                + " graph_bytes="
                + graph.length
                + " out="
                + out;
    }

    private static PipelineModel assemble(
            JsonNode spec, byte[] graph, List<String> channels, double fs) {
        final String name = Json.text(spec, "", "name");
        final List<DecoderClass> classes = PipelineModel.readClasses(spec);
        final JsonNode epoch = Json.object(spec, "", "epoch");
        final double tmin = Json.number(epoch, "epoch", "tmin");
        final double tmax = Json.number(epoch, "epoch", "tmax");
        final int window = PipelineModel.windowSamples(tmin, tmax, fs);
        final PipelineModel.Validation validation =
                PipelineModel.readValidation(Json.object(spec, "", "validation"));
        final ObjectNode stages = Json.object(spec, "", "stages").deepCopy();
        final OnnxInput input =
                OnnxInput.read(Json.object(stages, "stages", "input"), "stages.input");
        final FilterDesign filter = input.filter() == null ? FilterDesign.none() : input.filter();
        final ObjectNode onnx = (ObjectNode) Json.object(stages, "stages", "onnx");
        onnx.put("sha256", OnnxPipeline.sha256(graph));
        onnx.put("bytes", graph.length);
        onnx.put("graph", Base64.getEncoder().encodeToString(graph));
        final OnnxPipeline pipeline =
                OnnxPipeline.read(stages, channels.size(), classes.size(), fs, window, filter);
        @SuppressWarnings("unchecked")
        final Map<String, Object> training =
                Json.MAPPER.convertValue(Json.object(spec, "", "training"), Map.class);
        return new PipelineModel(
                name,
                classes,
                channels,
                fs,
                tmin,
                tmax,
                window,
                PipelineModel.hopSamples(fs),
                filter,
                pipeline,
                validation,
                training);
    }
}
