package org.neurostream.models.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurostream.models.BandPowerFeatures;
import org.neurostream.models.logistic.LogisticModelFile;
import org.neurostream.models.logistic.ModelFormatException;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.operators.spectral.WelchKernel;

class PipelineModelTest {
    @TempDir Path tmp;

    private static DMatrixRMaj[] randomWindow(PipelineModel model, long seed) {
        final Random random = new Random(seed);
        final DMatrixRMaj[] w = new DMatrixRMaj[model.filter().outputs()];
        for (int b = 0; b < w.length; b++) {
            w[b] = new DMatrixRMaj(model.channels().size(), model.windowSamples());
            for (int i = 0; i < w[b].data.length; i++) {
                // whole microvolts, as raw windows hold them
                w[b].data[i] = Math.rint(10 * random.nextGaussian());
            }
        }
        return w;
    }

    @ParameterizedTest
    @EnumSource(PipelineKind.class)
    void shouldReadBackAModelThatScoresTheSameBits(PipelineKind kind) throws IOException {
        final PipelineModel model = SyntheticModels.model(kind);
        final Path file = tmp.resolve("model.json");
        model.write(file);
        final PipelineModel back = PipelineModel.read(file);
        assertEquals(model.toJson(), back.toJson());
        assertEquals(kind, back.kind());
        assertEquals(
                kind.trainable() ? "synthetic-" + kind.label() : "electrode-attention",
                back.name());
        final DMatrixRMaj[] window = randomWindow(model, 3);
        final double[] a = new double[2];
        final double[] b = new double[2];
        model.pipeline().newScorer().probabilities(window, a);
        back.pipeline().newScorer().probabilities(window, b);
        assertArrayEquals(a, b);
        assertEquals(1.0, a[0] + a[1], 1e-12);
    }

    @Test
    void shouldScoreTangentSpaceWindowsAsTheExplicitTangentVectorWould() {
        final PipelineModel model = SyntheticModels.model(PipelineKind.TS_LR);
        final TangentSpaceLr pipeline = (TangentSpaceLr) model.pipeline();
        final org.neurostream.models.riemann.TangentSpace space =
                new org.neurostream.models.riemann.TangentSpace(pipeline.reference());
        final WindowScorer scorer = pipeline.newScorer();
        final double[] p = new double[2];
        final double[] vector =
                new double[org.neurostream.models.riemann.TangentSpace.dimension(64)];
        for (long seed = 0; seed < 5; seed++) {
            final DMatrixRMaj[] window = randomWindow(model, seed);
            final DMatrixRMaj c = new DMatrixRMaj(64, 64);
            org.neurostream.models.linalg.Covariances.oas(window[0], new DMatrixRMaj(64, 320), c);
            space.vector(c, vector, 0);
            scorer.probabilities(window, p);
            // the same value through the Cholesky-whitened eigenpairs, up to rounding
            assertEquals(pipeline.logistic().probability(vector), p[1], 1e-9);
        }
    }

    @Test
    void shouldLoadTheShippedBandPowerModelOfTheEarlierFormat() throws IOException {
        final Path shipped = Path.of("../replay-data/models/rest-vs-imagery.json");
        final PipelineModel model = PipelineModel.read(shipped);
        final LogisticModelFile old = LogisticModelFile.parse(Files.readString(shipped), shipped);
        assertEquals(PipelineKind.BANDPOWER_LR, model.kind());
        // it stores no name: the file's, as the job's predictions have always called it
        assertEquals("rest-vs-imagery.json", model.name());
        assertEquals(List.of("T0"), model.classes().get(0).annotations());
        assertEquals(List.of("T1", "T2"), model.classes().get(1).annotations());
        assertEquals(320, model.windowSamples());
        assertEquals(40, model.hopSamples());
        assertEquals(64, model.channels().size());
        // the pipeline predicts what the earlier model predicted on the job's band power
        final DMatrixRMaj[] window = randomWindow(model, 11);
        final float[][] signal = new float[64][320];
        for (int c = 0; c < 64; c++) {
            for (int t = 0; t < 320; t++) {
                signal[c][t] = (float) window[0].get(c, t);
            }
        }
        final WelchKernel kernel = new WelchKernel(BandPowerOptions.defaults().welchConfig(160.0));
        final double[] power = new double[320];
        kernel.bandPowers(signal, 0, 320, power, null);
        final double[] features = new double[320];
        BandPowerFeatures.logBandPower(power, features);
        final double[] p = new double[2];
        model.pipeline().newScorer().probabilities(window, p);
        assertEquals(old.regression().probability(features), p[1]);
    }

    private Path withField(PipelineModel model, String field, Object value) throws IOException {
        final ObjectNode root = (ObjectNode) Json.MAPPER.readTree(model.toJson());
        root.set(field, Json.MAPPER.valueToTree(value));
        final Path file = tmp.resolve("edited.json");
        Files.writeString(file, root.toString());
        return file;
    }

    @Test
    void shouldRefuseAnUnknownKindNamingTheFile() throws IOException {
        final Path file = withField(SyntheticModels.model(PipelineKind.MDM), "kind", "onnx");
        final ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> PipelineModel.read(file));
        assertEquals(
                "model file "
                        + file
                        + ": field 'kind': unknown kind 'onnx'; this reader supports 'pipeline'"
                        + " (version 1) and 'logistic' (formatVersion 1)",
                e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownVersionNamingTheFile() throws IOException {
        final Path file = withField(SyntheticModels.model(PipelineKind.MDM), "version", 2);
        final ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> PipelineModel.read(file));
        assertEquals(
                "model file "
                        + file
                        + ": field 'version': unsupported version 2; this reader supports 1",
                e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownPipeline() throws IOException {
        final Path file = withField(SyntheticModels.model(PipelineKind.MDM), "pipeline", "svm");
        final ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> PipelineModel.read(file));
        assertTrue(
                e.getMessage().contains("field 'pipeline': unknown pipeline 'svm'"),
                e.getMessage());
    }

    @Test
    void shouldRefuseMatricesOfTheWrongShape() throws IOException {
        final PipelineModel model = SyntheticModels.model(PipelineKind.CSP_LDA);
        final ObjectNode root = (ObjectNode) Json.MAPPER.readTree(model.toJson());
        ((ObjectNode) root.get("stages").get("csp")).putArray("filters").addArray().add(1.0);
        final Path file = tmp.resolve("shape.json");
        Files.writeString(file, root.toString());
        final ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> PipelineModel.read(file));
        assertTrue(
                e.getMessage().startsWith("model file " + file + ": field 'stages.csp.filters[0]'"),
                e.getMessage());
    }

    @Test
    void shouldRefuseFilterSectionsThatAreNotTheirDesign() throws IOException {
        final PipelineModel model = SyntheticModels.model(PipelineKind.TS_LR);
        final ObjectNode root = (ObjectNode) Json.MAPPER.readTree(model.toJson());
        final ObjectNode filter = (ObjectNode) root.get("filter");
        ((com.fasterxml.jackson.databind.node.ArrayNode) filter.get("sos").get(0).get(0))
                .set(0, Json.MAPPER.getNodeFactory().numberNode(0.5));
        final Path file = tmp.resolve("sos.json");
        Files.writeString(file, root.toString());
        final ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> PipelineModel.read(file));
        assertTrue(e.getMessage().contains("field 'filter.sos[0]'"), e.getMessage());
    }

    @Test
    void shouldRefuseAStreamWithOtherChannelsNamingTheModelFile() {
        final PipelineModel model = SyntheticModels.model(PipelineKind.MDM);
        final Path file = Path.of("models/mdm.json");
        final List<String> fewer = model.channels().subList(0, 32);
        final ModelFormatException count =
                assertThrows(
                        ModelFormatException.class, () -> model.checkStream(file, fewer, 160.0));
        assertEquals(
                "model file models/mdm.json: field 'channels': the model decodes 64 channels, the"
                        + " stream has 32",
                count.getMessage());
        final List<String> swapped = new ArrayList<>(model.channels());
        swapped.set(8, "Cz");
        final ModelFormatException label =
                assertThrows(
                        ModelFormatException.class, () -> model.checkStream(file, swapped, 160.0));
        assertEquals(
                "model file models/mdm.json: field 'channels': channel 8 is 'C3..' in the model,"
                        + " 'Cz' in the stream",
                label.getMessage());
        final ModelFormatException rate =
                assertThrows(
                        ModelFormatException.class,
                        () -> model.checkStream(file, model.channels(), 256.0));
        assertTrue(rate.getMessage().contains("field 'sampleRateHz'"), rate.getMessage());
        // labels match ignoring EDF's padding dots and case
        final List<String> plain = model.channels().stream().map(l -> l.replace(".", "")).toList();
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(
                () -> model.checkStream(file, plain, 160.0));
    }

    @Test
    void shouldRefuseNamesWithSeparators() {
        for (String bad : List.of("a b", "a,b", "a@1", "a:b", "")) {
            assertThrows(IllegalArgumentException.class, () -> PipelineModel.checkName(bad), bad);
        }
        PipelineModel.checkName("s001-t1-vs-t2_v2");
    }
}
