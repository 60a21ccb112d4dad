package org.neurostream.models.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecoderModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private static Map<String, Object> featureDescription() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("bands", List.of("delta", "theta", "alpha", "beta", "gamma"));
        description.put("channels", 2);
        description.put("windowSeconds", 2.0);
        description.put("nperseg", 256);
        description.put("transform", "log10");
        return description;
    }

    private static DecoderModel model() {
        SyntheticData data = SyntheticData.gaussianClasses(31L, 20, 6, 10, 2.0);
        LogisticRegression fit = LogisticRegression.fit(data.x, data.y, 0.1);
        return DecoderModel.logistic(
                List.of("rest", "imagery"),
                featureDescription(),
                fit.mean(),
                fit.scale(),
                fit.weights(),
                fit.bias(),
                fit.l2(),
                0.8125,
                0.5,
                Map.of("recording", "S001R04.edf"));
    }

    @Test
    void shouldPredictBitForBitTheSameAfterAWriteAndARead() throws IOException {
        DecoderModel written = model();
        Path file = dir.resolve("decoder.json");

        written.write(file);
        DecoderModel read = DecoderModel.read(file);

        Random random = new Random(32L);
        double[] features = new double[10];
        for (int k = 0; k < 1000; k++) {
            for (int j = 0; j < 10; j++) {
                features[j] = 100.0 * random.nextGaussian();
            }
            assertEquals(
                    Double.doubleToRawLongBits(written.probability(features)),
                    Double.doubleToRawLongBits(read.probability(features)));
            assertEquals(written.predict(features), read.predict(features));
        }
        for (int j = 0; j < 10; j++) {
            assertEquals(
                    Double.doubleToRawLongBits(written.weights()[j]),
                    Double.doubleToRawLongBits(read.weights()[j]));
            assertEquals(
                    Double.doubleToRawLongBits(written.featureMean()[j]),
                    Double.doubleToRawLongBits(read.featureMean()[j]));
            assertEquals(
                    Double.doubleToRawLongBits(written.featureScale()[j]),
                    Double.doubleToRawLongBits(read.featureScale()[j]));
        }
        assertEquals(written.bias(), read.bias(), 0.0);
        assertEquals(List.of("rest", "imagery"), read.classNames());
        assertEquals(written.featureDescription(), read.featureDescription());
        assertEquals("log10", read.featureDescription().get("transform"));
        assertEquals(0.8125, read.cvAccuracy(), 0.0);
        assertEquals(0.5, read.chanceLevel(), 0.0);
        assertEquals(0.1, read.l2(), 0.0);
        assertEquals("S001R04.edf", read.trainingData().get("recording"));
    }

    @Test
    void shouldPredictWhatTheFittedRegressionPredicts() {
        SyntheticData data = SyntheticData.gaussianClasses(31L, 20, 6, 10, 2.0);
        LogisticRegression fit = LogisticRegression.fit(data.x, data.y, 0.1);
        DecoderModel model = model();

        for (double[] row : data.x) {
            assertEquals(
                    Double.doubleToRawLongBits(fit.probability(row)),
                    Double.doubleToRawLongBits(model.probability(row)));
            assertEquals(model.probability(row) >= 0.5 ? 1 : 0, model.predict(row));
        }
    }

    @Test
    void shouldWriteJsonAPersonCanRead() {
        String text = model().toJson();

        assertTrue(text.contains("\"formatVersion\" : 1,\n"), text);
        assertTrue(text.contains("\"kind\" : \"logistic\""), text);
        assertTrue(text.contains("\"classNames\" : [ \"rest\", \"imagery\" ]"), text);
        assertTrue(text.contains("\"featureCount\" : 10"), text);
        assertTrue(text.indexOf("\"cvAccuracy\"") < text.indexOf("\"weights\""));
    }

    @Test
    void shouldNameFileAndFieldWhenAFieldIsMissing() throws IOException {
        Path file = broken(root -> root.remove("bias"));

        ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> DecoderModel.read(file));
        assertEquals("bias", e.field());
        assertEquals(file, e.file());
        assertEquals("model file " + file + ": field 'bias': missing", e.getMessage());
    }

    @Test
    void shouldNameTheFieldWhoseLengthIsWrong() throws IOException {
        Path file = broken(root -> root.withArray("weights").remove(9));

        ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> DecoderModel.read(file));
        assertEquals("weights", e.field());
        assertTrue(e.getMessage().endsWith("has 9 values, featureCount is 10"), e.getMessage());
    }

    @Test
    void shouldRefuseAnUnsupportedFormatVersion() throws IOException {
        Path file = broken(root -> root.put("formatVersion", 2));

        ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> DecoderModel.read(file));
        assertEquals("formatVersion", e.field());
        assertTrue(
                e.getMessage().contains("unsupported version 2; this reader supports 1"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownKindOrField() throws IOException {
        Path kind = broken(root -> root.put("kind", "svm"));
        Path unknown = broken(root -> root.put("wieghts", 1.0));

        ModelFormatException kindError =
                assertThrows(ModelFormatException.class, () -> DecoderModel.read(kind));
        ModelFormatException unknownError =
                assertThrows(ModelFormatException.class, () -> DecoderModel.read(unknown));
        assertEquals("kind", kindError.field());
        assertEquals("wieghts", unknownError.field());
    }

    @Test
    void shouldRefuseValuesOfTheWrongTypeOrRange() throws IOException {
        Path text = broken(root -> root.put("weights", "none"));
        Path scale = broken(root -> root.withArray("featureScale").set(3, 0.0));
        Path element = broken(root -> root.withArray("featureMean").set(4, "x"));

        ModelFormatException textError =
                assertThrows(ModelFormatException.class, () -> DecoderModel.read(text));
        ModelFormatException scaleError =
                assertThrows(ModelFormatException.class, () -> DecoderModel.read(scale));
        ModelFormatException elementError =
                assertThrows(ModelFormatException.class, () -> DecoderModel.read(element));
        assertEquals("weights", textError.field());
        assertTrue(textError.getMessage().endsWith("must be an array of numbers, got STRING"));
        assertEquals("featureScale", scaleError.field());
        assertTrue(scaleError.getMessage().endsWith("value 3 is 0.0, scales must be > 0"));
        assertEquals("featureMean", elementError.field());
        assertTrue(elementError.getMessage().endsWith("value 4 must be a number, got STRING"));
    }

    @Test
    void shouldSayWhereTheJsonIsBroken() throws IOException {
        Path file = dir.resolve("truncated.json");
        String json = model().toJson();
        Files.writeString(file, json.substring(0, json.length() / 2), StandardCharsets.UTF_8);

        ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> DecoderModel.read(file));
        assertNull(e.field());
        assertTrue(
                e.getMessage().startsWith("model file " + file + ": not valid JSON: "),
                e.getMessage());
        assertTrue(e.getMessage().contains(" at line "), e.getMessage());
    }

    @Test
    void shouldSayWhenTheFileIsAbsent() {
        Path file = dir.resolve("absent.json");

        ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> DecoderModel.read(file));
        assertEquals("model file " + file + ": does not exist", e.getMessage());
    }

    @Test
    void shouldRejectInconsistentArgumentsNamingTheField() {
        double[] three = {1.0, 2.0, 3.0};
        Map<String, Object> none = Map.of();

        IllegalArgumentException names =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                DecoderModel.logistic(
                                        List.of("rest", "rest"),
                                        none,
                                        three,
                                        three,
                                        three,
                                        0.0,
                                        1.0,
                                        0.5,
                                        0.5,
                                        none));
        IllegalArgumentException mean =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                DecoderModel.logistic(
                                        List.of("rest", "imagery"),
                                        none,
                                        new double[2],
                                        three,
                                        three,
                                        0.0,
                                        1.0,
                                        0.5,
                                        0.5,
                                        none));
        IllegalArgumentException accuracy =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                DecoderModel.logistic(
                                        List.of("rest", "imagery"),
                                        none,
                                        three,
                                        three,
                                        three,
                                        0.0,
                                        1.0,
                                        1.5,
                                        0.5,
                                        none));
        assertTrue(names.getMessage().startsWith("decoder model: field 'classNames'"));
        assertEquals(
                "decoder model: field 'featureMean': has 2 values, featureCount is 3",
                mean.getMessage());
        assertTrue(accuracy.getMessage().startsWith("decoder model: field 'cvAccuracy'"));
    }

    @Test
    void shouldKeepItsOwnCopyOfEverythingItIsGiven() {
        double[] weights = {1.0, 2.0};
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("bands", new java.util.ArrayList<>(List.of("alpha")));
        DecoderModel model =
                DecoderModel.logistic(
                        List.of("rest", "imagery"),
                        description,
                        new double[2],
                        new double[] {1.0, 1.0},
                        weights,
                        0.0,
                        1.0,
                        0.5,
                        0.5,
                        Map.of());

        weights[0] = 100.0;
        description.put("bands", List.of("beta"));

        assertEquals(1.0, model.weights()[0], 0.0);
        assertEquals(List.of("alpha"), model.featureDescription().get("bands"));
        assertThrows(
                UnsupportedOperationException.class,
                () -> ((List<?>) model.featureDescription().get("bands")).clear());
    }

    @Test
    void shouldPredictWithoutAllocating() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(
                bean instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counter not available on this JVM");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(
                threads.isThreadAllocatedMemorySupported()
                        && threads.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counter disabled");
        DecoderModel model = model();
        double[] features = new double[10];
        double sink = 0.0;
        for (int k = 0; k < 20_000; k++) {
            features[k % 10] = k;
            sink += model.probability(features) + model.predict(features);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int k = 0; k < 100_000; k++) {
            features[k % 10] = k;
            sink += model.probability(features) + model.predict(features);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // one object per call would be at least 1.6 MB; allow for the counter's own bookkeeping
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes");
        assertTrue(Double.isFinite(sink));
    }

    /** Writes a valid model, edits its JSON tree and writes the result to a new file. */
    private Path broken(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(model().toJson());
        edit.accept(root);
        Path file = Files.createTempFile(dir, "broken", ".json");
        Files.writeString(
                file,
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root),
                StandardCharsets.UTF_8);
        return file;
    }
}
