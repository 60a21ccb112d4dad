package org.neurostream.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.models.logistic.ModelFormatException;
import org.neurostream.models.pipeline.Json;
import org.neurostream.models.pipeline.PipelineKind;
import org.neurostream.models.pipeline.PipelineModel;
import org.neurostream.models.pipeline.SyntheticModels;

/**
 * The onnx model file: written back as read, and every unusable file or stream refused with one
 * line naming the file and the reason ({@link ModelFormatException}, which the job catches to keep
 * the stream's previous model).
 */
class OnnxModelFileTest {
    @TempDir Path tmp;

    private static ObjectNode shipped() throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(Files.readString(SyntheticModels.ONNX_EXAMPLE));
    }

    private static ObjectNode onnx(ObjectNode root) {
        return (ObjectNode) root.get("stages").get("onnx");
    }

    /** Reads a changed copy of the shipped model; returns the one-line error. */
    private String refusal(Consumer<ObjectNode> change) throws IOException {
        final ObjectNode root = shipped();
        change.accept(root);
        final Path file = tmp.resolve("changed.json");
        Files.writeString(file, Json.MAPPER.writeValueAsString(root));
        final ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> PipelineModel.read(file));
        assertTrue(e.getMessage().startsWith("model file " + file + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static void replaceGraph(ObjectNode root, byte[] graph) {
        onnx(root).put("graph", Base64.getEncoder().encodeToString(graph));
        onnx(root).put("bytes", graph.length);
        onnx(root).put("sha256", OnnxPipeline.sha256(graph));
    }

    private static byte[] graph(ObjectNode root) {
        return Base64.getDecoder().decode(onnx(root).get("graph").textValue());
    }

    @Test
    void shouldWriteBackTheFileItRead() throws IOException {
        final PipelineModel model = PipelineModel.read(SyntheticModels.ONNX_EXAMPLE);
        assertEquals(PipelineKind.ONNX, model.kind());
        assertEquals(Files.readString(SyntheticModels.ONNX_EXAMPLE), model.toJson());
    }

    @Test
    void shouldRejectACorruptGraph() throws IOException {
        final String message =
                refusal(r -> replaceGraph(r, Arrays.copyOf(graph(r), graph(r).length / 2)));
        assertTrue(
                message.contains("field 'stages.onnx.graph': not a graph ONNX Runtime can load"),
                message);
    }

    @Test
    void shouldRejectAGraphThatIsNotOnnxAtAll() throws IOException {
        final String message =
                refusal(r -> replaceGraph(r, "not a graph".getBytes(StandardCharsets.UTF_8)));
        assertTrue(message.contains("not a graph ONNX Runtime can load"), message);
    }

    @Test
    void shouldRejectAGraphWhoseSha256IsNotTheStatedOne() throws IOException {
        final String message =
                refusal(
                        r -> {
                            final byte[] g = graph(r);
                            g[g.length - 1] ^= 1;
                            onnx(r).put("graph", Base64.getEncoder().encodeToString(g));
                        });
        assertTrue(message.contains("field 'stages.onnx.graph': its SHA-256 is"), message);
    }

    @Test
    void shouldRejectAnInputNameTheGraphDoesNotHave() throws IOException {
        final String message =
                refusal(r -> ((ObjectNode) onnx(r).get("input")).put("name", "tokens"));
        assertTrue(
                message.contains(
                        "field 'stages.onnx.input.name': the graph has no input 'tokens'; its"
                                + " inputs: [bde]"),
                message);
    }

    @Test
    void shouldRejectAnOutputNameTheGraphDoesNotHave() throws IOException {
        final String message =
                refusal(r -> ((ObjectNode) onnx(r).get("output")).put("name", "probabilities"));
        assertTrue(
                message.contains(
                        "field 'stages.onnx.output.name': the graph has no output"
                                + " 'probabilities'; its outputs: [logits]"),
                message);
    }

    @Test
    void shouldRejectAnInputShapeThatIsNotTheFeaturesOfTheChannels() throws IOException {
        final String message =
                refusal(
                        r -> {
                            final ArrayNode shape =
                                    ((ObjectNode) onnx(r).get("input")).putArray("shape");
                            shape.add(1).add(64).add(4);
                        });
        assertTrue(message.contains("field 'stages.onnx.input.shape': is [1, 64, 4]"), message);
    }

    @Test
    void shouldRejectAnOutputShapeThatIsNotTheClasses() throws IOException {
        final String message =
                refusal(
                        r -> {
                            final ArrayNode shape =
                                    ((ObjectNode) onnx(r).get("output")).putArray("shape");
                            shape.add(1).add(3);
                        });
        assertTrue(message.contains("field 'stages.onnx.output.shape': is [1, 3]"), message);
    }

    @Test
    void shouldRejectAModelFileWhoseChannelCountIsNotItsGraphs() throws IOException {
        final String message =
                refusal(
                        r -> {
                            ((ArrayNode) r.get("channels")).remove(63);
                            ((ObjectNode) onnx(r).get("input"))
                                    .putArray("shape")
                                    .add(1)
                                    .add(63)
                                    .add(5);
                        });
        assertTrue(
                message.contains(
                        "field 'stages.onnx.input.shape': is [1, 63, 5], the graph's input 'bde'"
                                + " has shape [1, 64, 5]"),
                message);
    }

    @Test
    void shouldRejectAFilterTheInputDoesNotRunOn() throws IOException {
        final String message = refusal(r -> r.putObject("filter").put("type", "none"));
        assertTrue(
                message.contains(
                        "field 'filter.bandsHz': input band-entropy runs on the band-passes"),
                message);
    }

    @Test
    void shouldRejectAnUnknownInputKind() throws IOException {
        final String message =
                refusal(r -> ((ObjectNode) r.get("stages").get("input")).put("kind", "wavelets"));
        assertTrue(
                message.contains("field 'stages.input.kind': unknown input kind 'wavelets'"),
                message);
    }

    @Test
    void shouldRejectAStreamWithAnotherChannelCount() throws IOException {
        final PipelineModel model = SyntheticModels.model(PipelineKind.ONNX);
        final List<String> labels = new ArrayList<>(model.channels());
        labels.remove(0);
        final ModelFormatException e =
                assertThrows(
                        ModelFormatException.class,
                        () -> model.checkStream(SyntheticModels.ONNX_EXAMPLE, labels, 160));
        assertEquals(
                "model file "
                        + SyntheticModels.ONNX_EXAMPLE
                        + ": field 'channels': the model decodes 64 channels, the stream has 63",
                e.getMessage());
    }

    @Test
    void shouldRejectAStreamWithOtherLabels() throws IOException {
        final PipelineModel model = SyntheticModels.model(PipelineKind.ONNX);
        final List<String> labels = new ArrayList<>(model.channels());
        labels.set(8, "Cz");
        final ModelFormatException e =
                assertThrows(
                        ModelFormatException.class,
                        () -> model.checkStream(SyntheticModels.ONNX_EXAMPLE, labels, 160));
        assertTrue(
                e.getMessage()
                        .contains("field 'channels': channel 8 is '" + model.channels().get(8)),
                e.getMessage());
    }

    @Test
    void shouldRefuseToTrainAnOnnxPipeline() {
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, PipelineKind.ONNX::trainer);
        assertTrue(e.getMessage().startsWith("onnx models are not trained by NeuroStream"));
        assertFalse(PipelineKind.ONNX.trainable());
    }

    @Test
    void shouldPackAGraphIntoAModelThatScoresAsTheShippedOne() throws IOException {
        final ObjectNode spec = shipped();
        final byte[] graph = graph(spec);
        for (String derived : List.of("kind", "version", "pipeline", "channels", "sampleRateHz")) {
            spec.remove(derived);
        }
        spec.remove("window");
        spec.remove("filter");
        for (String derived : List.of("graph", "bytes", "sha256")) {
            onnx(spec).remove(derived);
        }
        final Path specFile = tmp.resolve("spec.json");
        final Path graphFile = tmp.resolve("g.onnx");
        final Path out = tmp.resolve("packed.json");
        Files.writeString(specFile, Json.MAPPER.writeValueAsString(spec));
        Files.write(graphFile, graph);
        final List<Path> runs = SyntheticModels.runs();
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final int code =
                OnnxModelTool.run(
                        new String[] {
                            "pack",
                            "--spec",
                            specFile.toString(),
                            "--graph",
                            graphFile.toString(),
                            "--reference",
                            runs.get(0).toString(),
                            "--out",
                            out.toString()
                        },
                        new PrintStream(stdout, true, StandardCharsets.UTF_8),
                        new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
        assertEquals(Files.readString(SyntheticModels.ONNX_EXAMPLE), Files.readString(out));
    }

    @Test
    void shouldSayInOneLineWhyPackRefusesASpec() throws IOException {
        final Path specFile = tmp.resolve("spec.json");
        Files.writeString(specFile, "{\"name\": \"x\"}");
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final int code =
                OnnxModelTool.run(
                        new String[] {
                            "pack",
                            "--spec",
                            specFile.toString(),
                            "--graph",
                            specFile.toString(),
                            "--reference",
                            SyntheticModels.runs().get(0).toString(),
                            "--out",
                            tmp.resolve("m.json").toString()
                        },
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals(
                "onnx-model: model file " + specFile + ": field 'classes': missing\n",
                stderr.toString(StandardCharsets.UTF_8));
    }
}
